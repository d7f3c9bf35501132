package dev.cfscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the IdP-pattern baselines share: their HTTP client, the ids they have learnt, the lookups
 * both IdPs send (a user by {@code userName eq}, a group by {@code displayName eq}), the user they
 * create and the PatchOp envelope. How many of each they send is each pattern's own. In the
 * user-groups model each role's IdP group is pushed ({@code POST /Groups}) under the bound
 * ScimGroup's name, as the engine pushes it; in the virtual-groups model it is linked to the
 * existing {@code CF-<accountID> - <Role Name>} group. Neither IdP writes policies: a pushed group
 * grants nothing until someone gives it one in Cloudflare (the dashboard or the IAM API).
 */
abstract class IdpPattern implements Contender {

    protected final BaselineHttp http;
    protected final Map<String, String> userIds = new HashMap<>();
    protected final Map<String, String> groupIds = new HashMap<>();
    protected final GroupModel model;
    private final String name;
    private final String accountId;
    /** Whether this IdP sends an {@code externalId} with a new user (Entra does, Okta does not). */
    private final boolean sendsExternalId;

    IdpPattern(String name, GroupModel model, String scimBaseUrl, String token, String accountId,
               boolean sendsExternalId) {
        this.name = name;
        this.model = model;
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

    /**
     * Both IdPs provision alike: each user looked up and created, then each group pushed (today's
     * model) or found (the role groups), then its members added.
     */
    @Override
    public final void provision(Workload workload) {
        for (String userName : workload.users()) {
            userIds.put(userName, findOrCreateUser(userName, sendsExternalId));
        }
        for (Map.Entry<String, List<String>> group : workload.members().entrySet()) {
            String role = group.getKey();
            String groupId = model == GroupModel.USER_GROUPS ? pushGroup(displayName(role)) : provisioningGroupId(role);
            groupIds.put(role, groupId);
            addToGroup(groupId, group.getValue());
        }
    }

    /** The role group's id while provisioning (the virtual-groups model), found this IdP's way. */
    protected abstract String provisioningGroupId(String role);

    /** Pushes the IdP group of this name (the user-groups model) this IdP's way; returns its id. */
    protected abstract String pushGroup(String displayName);

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
     * The name of the role's group in Cloudflare: the pushed group's (the bound ScimGroup's name,
     * as the engine pushes it) or the virtual role group's.
     */
    protected String displayName(String role) {
        return model == GroupModel.USER_GROUPS ? Workload.groupDisplayName(role) : "CF-" + accountId + " - " + role;
    }

    /**
     * One {@code GET /Groups?filter=displayName eq} for the role's group, with {@code moreQuery}
     * (already encoded, or empty) appended; returns the group, a missing node when there is none.
     */
    protected JsonNode findGroup(String displayName, String moreQuery) {
        JsonNode found = http.get("/Groups?" + BaselineHttp.query("filter", "displayName eq \"" + displayName + "\"")
                + moreQuery);
        return found.path("Resources").path(0);
    }

    /** {@link #findGroup} of the role's group, which must exist; returns its id. */
    protected String findRoleGroup(String role, String moreQuery) {
        JsonNode group = findGroup(displayName(role), moreQuery);
        if (group.isMissingNode()) {
            throw new IllegalStateException("no group " + displayName(role));
        }
        return group.path("id").asText();
    }

    /** One {@code POST /Groups} of a group with no members, {@code externalId} when not null; returns its id. */
    protected String createGroup(String displayName, String externalId, boolean withEmptyMembers) {
        ObjectNode group = http.json().createObjectNode();
        group.putArray("schemas").add(BaselineHttp.GROUP_SCHEMA);
        if (externalId != null) {
            group.put("externalId", externalId);
        }
        group.put("displayName", displayName);
        if (withEmptyMembers) {
            group.putArray("members");
        }
        return http.post("/Groups", group).path("id").asText();
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
