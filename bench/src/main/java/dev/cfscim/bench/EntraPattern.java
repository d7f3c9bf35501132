package dev.cfscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entra ID's documented SCIM pattern (shared/cloudflare-scim.md, section 7). Per user: look it up
 * by userName, create it, cache the id. Per group: look it up by {@code displayName eq} with
 * {@code excludedAttributes=members}. Per membership: one PATCH with Entra's capitalised op
 * ({@code Add}, {@code Remove}). Entra's own pace (0.6-4.8 s per object in the initial cycle, a
 * cycle every 40 minutes) is reported as documented figures, not slept here: this client runs as
 * fast as the emulator answers, so its times are a lower bound on Entra's.
 */
final class EntraPattern implements Contender {

    private final BaselineHttp http;
    private final String accountId;
    private final Map<String, String> userIds = new HashMap<>();
    private final Map<String, String> groupIds = new HashMap<>();

    EntraPattern(String scimBaseUrl, String token, String accountId) {
        this.http = new BaselineHttp(scimBaseUrl, token);
        this.accountId = accountId;
    }

    @Override
    public String name() {
        return "Entra pattern";
    }

    @Override
    public void provision(Workload workload) {
        for (String userName : workload.users()) {
            userIds.put(userName, lookUpOrCreate(userName));
        }
        for (Map.Entry<String, List<String>> group : workload.members().entrySet()) {
            String groupId = lookUpGroup(group.getKey());
            groupIds.put(group.getKey(), groupId);
            for (String userName : group.getValue()) {
                http.patch("/Groups/" + groupId, member("Add", userIds.get(userName)));
            }
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
            http.get("/Users?" + BaselineHttp.query("filter", "userName eq \"" + userName + "\""));
        }
        for (String role : workload.roles()) {
            lookUpGroup(role);
        }
    }

    @Override
    public long sent() {
        return http.sent();
    }

    @Override
    public long rateLimited() {
        return http.rateLimited();
    }

    private String lookUpOrCreate(String userName) {
        JsonNode found = http.get("/Users?" + BaselineHttp.query("filter", "userName eq \"" + userName + "\""));
        JsonNode existing = found.path("Resources").path(0);
        if (!existing.isMissingNode()) {
            return existing.path("id").asText();
        }
        ObjectNode user = http.json().createObjectNode();
        user.putArray("schemas").add(BaselineHttp.USER_SCHEMA);
        user.put("externalId", userName);
        user.put("userName", userName);
        user.put("active", true);
        String local = userName.substring(0, userName.indexOf('@'));
        user.putObject("name").put("givenName", local).put("familyName", "Example");
        user.putArray("emails").addObject().put("value", userName).put("type", "work").put("primary", true);
        return http.post("/Users", user).path("id").asText();
    }

    private String lookUpGroup(String role) {
        String displayName = "CF-" + accountId + " - " + role;
        JsonNode found = http.get("/Groups?" + BaselineHttp.query("filter", "displayName eq \"" + displayName + "\"")
                + "&" + BaselineHttp.query("excludedAttributes", "members"));
        JsonNode group = found.path("Resources").path(0);
        if (group.isMissingNode()) {
            throw new IllegalStateException("no group " + displayName);
        }
        return group.path("id").asText();
    }

    private ObjectNode member(String op, String userId) {
        ObjectNode body = http.json().createObjectNode();
        body.putArray("schemas").add(BaselineHttp.PATCH_SCHEMA);
        ObjectNode operation = ((ArrayNode) body.putArray("Operations")).addObject();
        operation.put("op", op).put("path", "members");
        operation.putArray("value").addObject().put("value", userId);
        return body;
    }
}
