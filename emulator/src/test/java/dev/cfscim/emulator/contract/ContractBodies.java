package dev.cfscim.emulator.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The request bodies the contract tests send: valid SCIM users and groups, PATCH operations, IAM policies. */
final class ContractBodies {

    private ContractBodies() {
    }

    static ObjectNode user(String email) {
        return user(email, email);
    }

    static ObjectNode user(String userName, String primaryEmail) {
        ObjectNode u = ContractHttp.NODES.objectNode();
        u.putArray("schemas").add(ContractHttp.USER_SCHEMA);
        u.put("userName", userName);
        ObjectNode name = u.putObject("name");
        name.put("givenName", "Given");
        name.put("familyName", "Family");
        ObjectNode email = u.putArray("emails").addObject();
        email.put("value", primaryEmail);
        email.put("type", "work");
        email.put("primary", true);
        u.put("active", true);
        return u;
    }

    static ObjectNode patchOps(ObjectNode... ops) {
        ObjectNode p = ContractHttp.NODES.objectNode();
        p.putArray("schemas").add(ContractHttp.PATCH_SCHEMA);
        ArrayNode operations = p.putArray("Operations");
        for (ObjectNode op : ops) {
            operations.add(op);
        }
        return p;
    }

    /** One PATCH operation; {@code path} and {@code value} may be null (omitted). */
    static ObjectNode op(String op, String path, Object value) {
        ObjectNode o = ContractHttp.NODES.objectNode();
        o.put("op", op);
        if (path != null) {
            o.put("path", path);
        }
        if (value != null) {
            o.set("value", ContractHttp.JSON.valueToTree(value));
        }
        return o;
    }

    static ArrayNode memberList(String... userIds) {
        ArrayNode members = ContractHttp.NODES.arrayNode();
        for (String id : userIds) {
            members.addObject().put("value", id);
        }
        return members;
    }

    static ObjectNode group(String displayName, String... memberIds) {
        ObjectNode g = ContractHttp.NODES.objectNode();
        g.putArray("schemas").add(ContractHttp.GROUP_SCHEMA);
        g.put("displayName", displayName);
        g.set("members", memberList(memberIds));
        return g;
    }

    static ObjectNode obj(Object... keyValues) {
        ObjectNode o = ContractHttp.NODES.objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.set((String) keyValues[i], ContractHttp.JSON.valueToTree(keyValues[i + 1]));
        }
        return o;
    }

    /** An allow policy on the whole account with these permission groups, as the IAM API takes it. */
    static ObjectNode allowPolicy(String accountId, String... permissionGroupIds) {
        ObjectNode policy = ContractHttp.NODES.objectNode();
        policy.put("access", "allow");
        ArrayNode pgs = policy.putArray("permission_groups");
        for (String id : permissionGroupIds) {
            pgs.addObject().put("id", id);
        }
        ObjectNode scope = policy.putArray("resource_groups").addObject().putObject("scope");
        scope.put("key", "com.cloudflare.api.account." + accountId);
        scope.putArray("objects").addObject().put("key", "*");
        return policy;
    }
}
