package dev.cfscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * Okta's documented SCIM pattern. Per assigned user: look it up ({@code GET /Users?filter=userName
 * eq}), then create it ({@code POST /Users}). Groups, in the user-groups model: Okta's Group Push,
 * one {@code POST /Groups} per pushed group with empty members (Okta pushes no empty group, and
 * none here is), then member PATCHes; in the virtual-groups model Cloudflare's CF- role groups
 * cannot be pushed, so this is Okta's "Link Group" for an existing group: one {@code displayName eq}
 * lookup per group, then member PATCHes. The PATCHes are Okta's documented form, each carrying up
 * to 100 members (the charitable reading: Okta's reference shows one PATCH carrying a list of
 * members, and 100 is Okta's page size). No pacing; 429s are waited out for Retry-After.
 */
final class OktaPattern extends IdpPattern {

    static final int MEMBERS_PER_PATCH = 100;

    OktaPattern(GroupModel model, String scimBaseUrl, String token, String accountId) {
        super(Report.OKTA, model, scimBaseUrl, token, accountId, false);
    }

    @Override
    protected String provisioningGroupId(String role) {
        return linkGroup(role);
    }

    /** Group Push: the group with an empty member list, no externalId (Okta sends none for a group). */
    @Override
    protected String pushGroup(String displayName) {
        return createGroup(displayName, null, true);
    }

    /** PATCHes of up to {@link #MEMBERS_PER_PATCH} members each. */
    @Override
    protected void addToGroup(String groupId, List<String> members) {
        for (int from = 0; from < members.size(); from += MEMBERS_PER_PATCH) {
            List<String> batch = members.subList(from, Math.min(members.size(), from + MEMBERS_PER_PATCH));
            http.patch("/Groups/" + groupId, addMembers(batch));
        }
    }

    @Override
    public void edit(Workload workload, String role, String userName, boolean add) {
        String groupId = linkGroup(role);
        http.patch("/Groups/" + groupId, add ? addMembers(List.of(userName))
                : patch("remove", "members[value eq \"" + userIds.get(userName) + "\"]", op -> { }));
    }

    /** Okta finds nothing by itself in push mode; its closest is an import: users and groups paged at 100. */
    @Override
    public void driftScan(Workload workload) {
        pageThrough("/Users");
        pageThrough("/Groups");
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

    /** The role's group: pushed while provisioning, or looked up once (Okta's "Link Group") and remembered. */
    private String linkGroup(String role) {
        return groupIds.computeIfAbsent(role, r -> findRoleGroup(r, ""));
    }

    /** Okta's form: one {@code add} carrying every member with its display name. */
    private JsonNode addMembers(List<String> userNames) {
        return patch("add", "members", op -> {
            ArrayNode value = op.putArray("value");
            userNames.forEach(u -> value.addObject().put("value", userIds.get(u)).put("display", u));
        });
    }
}
