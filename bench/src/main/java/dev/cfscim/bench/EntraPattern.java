package dev.cfscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Entra ID's documented SCIM pattern. Per user: look it up by userName, create it (with an
 * {@code externalId}, as Entra sends one), cache the id. Per group: look it up by
 * {@code displayName eq} with {@code excludedAttributes=members}; in the user-groups model, not
 * found, create it ({@code POST /Groups} with Entra's object id as {@code externalId}, no
 * members). Per membership: one PATCH with Entra's capitalised op ({@code Add}, {@code Remove}). Entra's own pace (0.6-4.8 s per object in
 * the initial cycle, a cycle every 40 minutes) is reported as documented figures, not slept here:
 * this client runs as fast as the emulator answers, so its times are a lower bound on Entra's.
 */
final class EntraPattern extends IdpPattern {

    EntraPattern(GroupModel model, String scimBaseUrl, String token, String accountId) {
        super(Report.ENTRA, model, scimBaseUrl, token, accountId, true);
    }

    /** Entra matches first ({@code displayName eq}), and creates the group only when none matched. */
    @Override
    protected String pushGroup(String displayName) {
        JsonNode existing = findGroup(displayName, "&" + BaselineHttp.query("excludedAttributes", "members"));
        if (!existing.isMissingNode()) {
            return existing.path("id").asText();
        }
        // Entra's externalId for a group is its object id in the directory: a GUID.
        String objectId = UUID.nameUUIDFromBytes(displayName.getBytes(StandardCharsets.UTF_8)).toString();
        return createGroup(displayName, objectId, false);
    }

    /** Entra looks each role group up in its cycle (remembered for later edits). */
    @Override
    protected String provisioningGroupId(String role) {
        return lookUpGroup(role);
    }

    /** One PATCH per membership. */
    @Override
    protected void addToGroup(String groupId, List<String> userNames) {
        for (String userName : userNames) {
            http.patch("/Groups/" + groupId, member("Add", userIds.get(userName)));
        }
    }

    @Override
    public void edit(Workload workload, String role, String userName, boolean add) {
        String groupId = groupIds.computeIfAbsent(role, this::lookUpGroup);
        http.patch("/Groups/" + groupId, member(add ? "Add" : "Remove", userIds.get(userName)));
    }

    /**
     * Entra reads the target only for the objects a cycle evaluates; the nearest to a drift scan is
     * a restarted (full) cycle, which evaluates every user and group in scope: a lookup each.
     */
    @Override
    public void driftScan(Workload workload) {
        for (String userName : workload.users()) {
            findUser(userName);
        }
        for (String role : workload.roles()) {
            lookUpGroup(role);
        }
    }

    /** Entra asks for the group without its members, which it does not need to match. */
    private String lookUpGroup(String role) {
        return findRoleGroup(role, "&" + BaselineHttp.query("excludedAttributes", "members"));
    }

    private JsonNode member(String op, String userId) {
        return patch(op, "members", operation -> operation.putArray("value").addObject().put("value", userId));
    }
}
