package dev.cfscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the IdP-pattern baselines share: their HTTP client, the ids they have learnt, the lookups
 * both IdPs send (a user by {@code userName eq}, a role group by {@code displayName eq}), the
 * user they create and the PatchOp envelope. How many of each they send is each pattern's own.
 */
abstract class IdpPattern implements Contender {

    protected final BaselineHttp http;
    protected final Map<String, String> userIds = new HashMap<>();
    protected final Map<String, String> groupIds = new HashMap<>();
    private final String name;
    private final String accountId;
    /** Whether this IdP sends an {@code externalId} with a new user (Entra does, Okta does not). */
    private final boolean sendsExternalId;

    IdpPattern(String name, String scimBaseUrl, String token, String accountId, boolean sendsExternalId) {
        this.name = name;
        this.http = new BaselineHttp(scimBaseUrl, token);
        this.accountId = accountId;
        this.sendsExternalId = sendsExternalId;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long sent() {
        return http.sent();
    }

    @Override
    public final long rateLimited() {
        return http.rateLimited();
    }

    /** Both IdPs provision alike: each user looked up and created, then each role group's members added. */
    @Override
    public final void provision(Workload workload) {
        for (String userName : workload.users()) {
            userIds.put(userName, findOrCreateUser(userName, sendsExternalId));
        }
        for (Map.Entry<String, List<String>> group : workload.members().entrySet()) {
            addToGroup(provisioningGroupId(group.getKey()), group.getValue());
        }
    }

    /** The role group's id while provisioning, found this IdP's way. */
    protected abstract String provisioningGroupId(String role);

    /** Adds the users to the group with the PATCHes this IdP sends. */
    protected abstract void addToGroup(String groupId, List<String> userNames);

    /** One {@code GET /Users?filter=userName eq}: the user found, or a missing node. */
    protected JsonNode findUser(String userName) {
        JsonNode found = http.get("/Users?" + BaselineHttp.query("filter", "userName eq \"" + userName + "\""));
        return found.path("Resources").path(0);
    }

    /** Both IdPs' way to provision a user: look it up, and create it only when it is not there; returns its id. */
    private String findOrCreateUser(String userName, boolean withExternalId) {
        JsonNode existing = findUser(userName);
        return existing.isMissingNode() ? createUser(userName, withExternalId) : existing.path("id").asText();
    }

    /** One {@code POST /Users} of an active user with a work email; returns its id. */
    private String createUser(String userName, boolean withExternalId) {
        ObjectNode user = http.json().createObjectNode();
        user.putArray("schemas").add(BaselineHttp.USER_SCHEMA);
        if (withExternalId) {
            user.put("externalId", userName);
        }
        user.put("userName", userName);
        String local = userName.substring(0, userName.indexOf('@'));
        user.putObject("name").put("givenName", local).put("familyName", "Example");
        user.putArray("emails").addObject().put("value", userName).put("type", "work").put("primary", true);
        user.put("active", true);
        return http.post("/Users", user).path("id").asText();
    }

    /**
     * One {@code GET /Groups?filter=displayName eq} for the role's group, with {@code moreQuery}
     * (already encoded, or empty) appended; returns its id.
     */
    protected String findRoleGroup(String role, String moreQuery) {
        String displayName = "CF-" + accountId + " - " + role;
        JsonNode found = http.get("/Groups?" + BaselineHttp.query("filter", "displayName eq \"" + displayName + "\"")
                + moreQuery);
        JsonNode group = found.path("Resources").path(0);
        if (group.isMissingNode()) {
            throw new IllegalStateException("no group " + displayName);
        }
        return group.path("id").asText();
    }

    /** A PatchOp body of one operation on {@code path}; {@code value} fills the operation's value, if it has one. */
    protected ObjectNode patch(String op, String path, Consumer<ObjectNode> value) {
        ObjectNode body = http.json().createObjectNode();
        body.putArray("schemas").add(BaselineHttp.PATCH_SCHEMA);
        ObjectNode operation = body.putArray("Operations").addObject();
        operation.put("op", op).put("path", path);
        value.accept(operation);
        return body;
    }
}
