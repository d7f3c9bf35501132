package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Users and groups rendered as Cloudflare's SCIM resources: the attributes it returns, and where;
 * {@code userGroups} says how a user lists its groups.
 */
record ScimResources(ObjectMapper json, String baseUrl, UserGroupsFormat userGroups) {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    ObjectNode user(AccountState account, Member member) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(USER_SCHEMA);
        node.put("id", member.id);
        if (member.externalId != null) {
            node.put("externalId", member.externalId);
        }
        node.put("userName", member.userName);
        if (member.givenName != null || member.familyName != null) {
            ObjectNode name = node.putObject("name");
            if (member.givenName != null) {
                name.put("givenName", member.givenName);
            }
            if (member.familyName != null) {
                name.put("familyName", member.familyName);
            }
        }
        ObjectNode email = node.putArray("emails").addObject();
        email.put("value", member.userName);
        email.put("type", "work");
        email.put("primary", true);
        node.put("active", member.active);
        ArrayNode groups = node.putArray("groups");
        List<String> names = List.copyOf(account.groupNamesOf(member));
        List<String> ids = List.copyOf(member.groupIds);
        for (int i = 0; i < ids.size(); i++) {
            if (userGroups == UserGroupsFormat.STRINGS) {
                groups.add(ids.get(i));
            } else {
                ObjectNode ref = groups.addObject();
                ref.put("value", ids.get(i));
                ref.put("display", names.get(i));
            }
        }
        meta(node, "User", member.created, member.lastModified, location(account, "Users", member.id));
        return node;
    }

    /** A group; with its members on a single GET only ({@code single}), as Cloudflare lists groups without them. */
    ObjectNode group(AccountState account, Group group, boolean single) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(GROUP_SCHEMA);
        node.put("id", group.id);
        node.put("displayName", group.displayName);
        if (group.externalId != null) {
            node.put("externalId", group.externalId);
        }
        // Members appear on a single GET only, and never for user-groups system groups.
        if (single && group.kind != Group.Kind.SYSTEM) {
            ArrayNode members = node.putArray("members");
            for (String userId : List.copyOf(group.memberIds)) {
                ObjectNode ref = members.addObject();
                ref.put("value", userId);
                String userName = account.userNameOf(userId);
                if (userName != null) {
                    ref.put("display", userName);
                }
            }
        }
        meta(node, "Group", group.created, group.lastModified, location(account, "Groups", group.id));
        return node;
    }

    String location(AccountState account, String resource, String id) {
        return baseUrl + "/client/v4/accounts/" + account.id() + "/scim/v2/" + resource + "/" + id;
    }

    private static void meta(ObjectNode node, String type, Instant created, Instant modified, String location) {
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", type);
        meta.put("created", created.toString());
        meta.put("lastModified", modified.toString());
        meta.put("location", location);
    }
}
