package dev.cfscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Okta's documented SCIM pattern (shared/cloudflare-scim.md, section 7). Per assigned user: look
 * it up ({@code GET /Users?filter=userName eq}), then create it ({@code POST /Users}). Roles: Okta
 * would push a group (POST /Groups, then member PATCHes), but Cloudflare's CF- role groups cannot
 * be pushed, so this is Okta's "Link Group" for an existing group: one {@code displayName eq}
 * lookup per group, then member PATCHes in Okta's documented form, each carrying up to 100 members
 * (the charitable reading: Okta's reference shows one PATCH carrying a list of members, and 100 is
 * Okta's page size). No pacing; 429s are waited out for Retry-After.
 */
final class OktaPattern implements Contender {

    static final int MEMBERS_PER_PATCH = 100;

    private final BaselineHttp http;
    private final String accountId;
    private final Map<String, String> userIds = new HashMap<>();
    private final Map<String, String> groupIds = new HashMap<>();

    OktaPattern(String scimBaseUrl, String token, String accountId) {
        this.http = new BaselineHttp(scimBaseUrl, token);
        this.accountId = accountId;
    }

    @Override
    public String name() {
        return "Okta pattern";
    }

    @Override
    public void provision(Workload workload) {
        for (String userName : workload.users()) {
            JsonNode found = http.get("/Users?" + BaselineHttp.query("filter", "userName eq \"" + userName + "\""));
            JsonNode existing = found.path("Resources").path(0);
            String id = existing.isMissingNode() ? http.post("/Users", newUser(userName)).path("id").asText()
                    : existing.path("id").asText();
            userIds.put(userName, id);
        }
        for (Map.Entry<String, List<String>> group : workload.members().entrySet()) {
            String groupId = linkGroup(group.getKey());
            List<String> members = group.getValue();
            for (int from = 0; from < members.size(); from += MEMBERS_PER_PATCH) {
                List<String> batch = members.subList(from, Math.min(members.size(), from + MEMBERS_PER_PATCH));
                http.patch("/Groups/" + groupId, addMembers(batch));
            }
        }
    }

    @Override
    public void edit(Workload workload, String role, String userName, boolean add) {
        String groupId = groupIds.computeIfAbsent(role, this::lookUpGroup);
        ObjectNode body = patch();
        ObjectNode op = ((ArrayNode) body.get("Operations")).addObject();
        if (add) {
            op.put("op", "add").put("path", "members");
            op.putArray("value").addObject().put("value", userIds.get(userName)).put("display", userName);
        } else {
            op.put("op", "remove").put("path", "members[value eq \"" + userIds.get(userName) + "\"]");
        }
        http.patch("/Groups/" + groupId, body);
    }

    /** Okta finds nothing by itself in push mode; its closest is an import: users and groups paged at 100. */
    @Override
    public void driftScan(Workload workload) {
        pageThrough("/Users");
        pageThrough("/Groups");
    }

    @Override
    public long sent() {
        return http.sent();
    }

    @Override
    public long rateLimited() {
        return http.rateLimited();
    }

    private void pageThrough(String path) {
        int startIndex = 1;
        while (true) {
            JsonNode page = http.get(path + "?startIndex=" + startIndex + "&count=100");
            int got = page.path("Resources").size();
            startIndex += got;
            if (got == 0 || startIndex > page.path("totalResults").asInt()) {
                return;
            }
        }
    }

    private String linkGroup(String role) {
        return groupIds.computeIfAbsent(role, this::lookUpGroup);
    }

    private String lookUpGroup(String role) {
        String displayName = "CF-" + accountId + " - " + role;
        JsonNode found = http.get("/Groups?" + BaselineHttp.query("filter", "displayName eq \"" + displayName + "\""));
        JsonNode group = found.path("Resources").path(0);
        if (group.isMissingNode()) {
            throw new IllegalStateException("no group " + displayName + " to link");
        }
        return group.path("id").asText();
    }

    private ObjectNode newUser(String userName) {
        ObjectNode user = http.json().createObjectNode();
        user.putArray("schemas").add(BaselineHttp.USER_SCHEMA);
        user.put("userName", userName);
        String local = userName.substring(0, userName.indexOf('@'));
        user.putObject("name").put("givenName", local).put("familyName", "Example");
        user.putArray("emails").addObject().put("value", userName).put("type", "work").put("primary", true);
        user.put("active", true);
        return user;
    }

    private ObjectNode addMembers(List<String> userNames) {
        ObjectNode body = patch();
        ObjectNode op = ((ArrayNode) body.get("Operations")).addObject();
        op.put("op", "add").put("path", "members");
        ArrayNode value = op.putArray("value");
        userNames.forEach(u -> value.addObject().put("value", userIds.get(u)).put("display", u));
        return body;
    }

    private ObjectNode patch() {
        ObjectNode body = http.json().createObjectNode();
        body.putArray("schemas").add(BaselineHttp.PATCH_SCHEMA);
        body.putArray("Operations");
        return body;
    }
}
