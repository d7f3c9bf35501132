package dev.cfscim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.api.GroupMode;
import dev.cfscim.scim.AccountProbe;
import dev.cfscim.scim.AccountProbe.MembershipForm;
import dev.cfscim.scim.ProbeAnswer;
import dev.cfscim.scim.ScimException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The doctor's checks of the SCIM directory and its groups: what the users, groups and user groups
 * pages and one group's single GET show, against what the engine reads. It keeps what the pages
 * showed, since later checks compare them (users' groups with the groups listed, a group's members
 * with users' groups); {@link AccountDoctor} sends the requests and hands each answer here.
 */
final class DirectoryChecks {

    private static final String SYSTEM_PREFIX = "cloudflare-v1-";

    private final AccountProbe probe;
    private final String accountId;
    private final GroupMode mode;
    private final List<DoctorCheck> checks;

    // What the users and groups pages showed, for the checks that compare them.
    private final Map<String, List<String>> groupsByUser = new LinkedHashMap<>();
    private final Map<String, String> kindByGroupId = new LinkedHashMap<>();
    private final Map<String, String> nameByGroupId = new LinkedHashMap<>();
    private final Set<String> userGroupIds = new LinkedHashSet<>();
    private boolean groupPageComplete;
    /** {@code " in the first 100"} when the groups page did not hold them all: counts are of what was seen. */
    private String where = "";

    /** Findings go to {@code checks}, the doctor's list, in the order the checks run. */
    DirectoryChecks(AccountProbe probe, String accountId, GroupMode mode, List<DoctorCheck> checks) {
        this.probe = probe;
        this.accountId = accountId;
        this.mode = mode;
        this.checks = checks;
    }

    void users(ProbeAnswer answer) {
        Optional<List<JsonNode>> items = listed("users", answer);
        if (items.isEmpty()) {
            return;
        }
        Set<MembershipForm> forms = EnumSet.noneOf(MembershipForm.class);
        for (JsonNode user : items.get()) {
            try {
                forms.add(probe.groupsForm(user, "GET /Users"));
                groupsByUser.put(user.path("id").asText(), probe.groupIdsOf(user, "GET /Users"));
            } catch (ScimException e) {
                checks.add(DoctorCheck.fail("users' groups", e.getMessage()));
                // Nothing to compare groups' members with: half a page would only mislead.
                groupsByUser.clear();
                return;
            }
        }
        long inGroups = groupsByUser.values().stream().filter(g -> !g.isEmpty()).count();
        boolean strings = forms.contains(MembershipForm.STRINGS);
        boolean objects = forms.contains(MembershipForm.OBJECTS);
        if (forms.contains(MembershipForm.MIXED) || strings && objects) {
            checks.add(DoctorCheck.ok("users' groups", "strings and {value} objects mixed, both read (" + inGroups
                    + " users in a group)"));
        } else if (strings) {
            checks.add(DoctorCheck.ok("users' groups", "group ids as strings, Cloudflare's published form (" + inGroups
                    + " users in a group)"));
        } else if (objects) {
            checks.add(DoctorCheck.ok("users' groups", "RFC 7643 objects {value, display}, read by 'value' (Cloudflare "
                    + "publishes strings; both are read) (" + inGroups + " users in a group)"));
        } else {
            checks.add(DoctorCheck.warn("users' groups", "no user on the first page is in a group: the form could not "
                    + "be seen"));
        }
    }

    /**
     * A list answer's items, with its count and page-size lines; {@code Resources} must be a list,
     * or the engine reads nothing.
     */
    private Optional<List<JsonNode>> listed(String check, ProbeAnswer answer) {
        JsonNode resources = answer.body().get("Resources");
        if (resources == null || !resources.isArray()) {
            checks.add(DoctorCheck.fail(check, "GET " + answer.route() + " has no 'Resources' list (fields: "
                    + fieldNames(answer.body()) + "): the engine would read no " + check));
            return Optional.empty();
        }
        List<JsonNode> items = new ArrayList<>();
        resources.forEach(items::add);
        paging(check, items.size(), answer.body().get("totalResults"));
        return Optional.of(items);
    }

    /** The count line, and the page-size line: the engine stops paging at totalResults. */
    private void paging(String check, int onPage, JsonNode total) {
        if (total == null || !total.canConvertToInt()) {
            String seen = "GET /" + capitalised(check) + " has no numeric 'totalResults' (" + onPage
                    + " on the first page): the engine stops after one page";
            checks.add(onPage >= AccountDoctor.PAGE ? DoctorCheck.fail(check, seen) : DoctorCheck.warn(check, seen));
            return;
        }
        int all = total.intValue();
        checks.add(DoctorCheck.ok(check, all + " (totalResults), " + onPage + " on the first page"));
        if (onPage > AccountDoctor.PAGE) {
            checks.add(DoctorCheck.warn(check + " page size", onPage + " on a page where " + AccountDoctor.PAGE + " were asked"));
        } else if (onPage < AccountDoctor.PAGE && onPage < all) {
            int requests = (all + onPage - 1) / Math.max(1, onPage);
            checks.add(DoctorCheck.ok(check + " page size", "at most " + onPage + " a page (" + AccountDoctor.PAGE
                    + " asked): the engine pages on; a full read takes " + requests + " requests"));
        }
    }

    void groups(ProbeAnswer answer) {
        Optional<List<JsonNode>> items = listed("groups", answer);
        if (items.isEmpty()) {
            return;
        }
        JsonNode total = answer.body().get("totalResults");
        groupPageComplete = total != null && total.canConvertToInt() && items.get().size() >= total.intValue();
        Pattern roleGroup = accountId == null ? null : Pattern.compile("^CF-" + Pattern.quote(accountId) + "\\s*-\\s*(.+)$");
        int withMembers = 0;
        for (JsonNode group : items.get()) {
            String id = group.path("id").asText();
            String name = group.path("displayName").asText();
            nameByGroupId.put(id, name);
            if (roleGroup != null && roleGroup.matcher(name).matches()) {
                kindByGroupId.put(id, "virtual");
            } else if (id.startsWith(SYSTEM_PREFIX)) {
                kindByGroupId.put(id, "system");
            } else if (name.startsWith("CF-")) {
                kindByGroupId.put(id, "foreign");
            } else {
                kindByGroupId.put(id, "custom");
            }
            try {
                withMembers += probe.membersForm(group, "GET /Groups") == MembershipForm.ABSENT ? 0 : 1;
            } catch (ScimException e) {
                checks.add(DoctorCheck.fail("groups", e.getMessage()));
                return;
            }
        }
        where = groupPageComplete ? "" : " in the first " + items.get().size();
        checks.add(DoctorCheck.ok("group kinds", count("virtual") + " virtual CF- groups, " + count("system")
                + " system groups (" + SYSTEM_PREFIX + "...), " + count("custom") + " custom groups" + where
                + (withMembers > 0 ? "; " + withMembers + " listed with members (Cloudflare lists none; ignored)" : "")));
        kindByGroupId.entrySet().stream().filter(e -> e.getValue().equals("foreign")).findFirst().ifPresent(e ->
                checks.add(DoctorCheck.fail("group names", "'" + nameByGroupId.get(e.getKey()) + "' begins with CF- but "
                        + "names no role of account " + AccountDoctor.accountName(accountId) + ": check the account id in the endpoint")));
        groupReferences();
    }

    /** Users' groups must name groups by id: the engine matches ids, and would see no memberships. */
    private void groupReferences() {
        if (!groupPageComplete || groupsByUser.isEmpty()) {
            return;
        }
        Set<String> names = new LinkedHashSet<>(nameByGroupId.values());
        for (Map.Entry<String, List<String>> user : groupsByUser.entrySet()) {
            for (String ref : user.getValue()) {
                if (nameByGroupId.containsKey(ref)) {
                    continue;
                }
                if (names.contains(ref)) {
                    checks.add(DoctorCheck.fail("users' group ids", "user " + user.getKey() + " names group '" + ref
                            + "' by displayName, not id: the engine matches ids and would see no memberships"));
                } else {
                    checks.add(DoctorCheck.warn("users' group ids", "user " + user.getKey() + " is in '" + ref
                            + "', which GET /Groups does not list: the engine ignores that membership"));
                }
                return;
            }
        }
        checks.add(DoctorCheck.ok("users' group ids", "every group a user on the first page is in is a listed group"));
    }

    void userGroups(ProbeAnswer answer) {
        JsonNode result = answer.body().path("result");
        int withPolicy = 0;
        for (JsonNode group : result) {
            userGroupIds.add(group.path("id").asText());
            boolean allows = false;
            for (JsonNode policy : group.path("policies")) {
                allows |= "allow".equals(policy.path("access").asText());
            }
            withPolicy += allows ? 1 : 0;
        }
        int total = answer.body().path("result_info").path("total_count").asInt(result.size());
        checks.add(DoctorCheck.ok("user groups", total + " (IAM), " + withPolicy + " of the first " + result.size()
                + " with an allow policy"));
    }

    void groupModel(boolean userGroupsRead) {
        if (kindByGroupId.isEmpty() && !userGroupsRead) {
            return;
        }
        boolean virtual = count("virtual") > 0;
        boolean userGroups = count("system") > 0 || count("custom") > 0 || !userGroupIds.isEmpty();
        String model = virtual && userGroups ? "both: virtual CF- groups and user groups (the 2025 transition)"
                : virtual ? "virtual groups (CF-" + AccountDoctor.accountName(accountId) + " - <Role Name>)"
                : userGroups ? "user groups (system groups and custom groups with IAM policies)" : "none seen";
        if (!virtual && !userGroups) {
            checks.add(DoctorCheck.warn("group model", "no group at all: neither model is visible"));
        } else if (mode == GroupMode.UserGroups && !userGroups) {
            checks.add(DoctorCheck.fail("group model", model + ": groupMode UserGroups needs system or custom groups"));
        } else {
            checks.add(DoctorCheck.ok("group model", model + (mode == null ? "" : "; the ScimApp's groupMode is " + mode)));
        }
        String era = "Cloudflare ended the CF-<accountID> - <Role Name> groups on 2 December 2025";
        if (virtual) {
            checks.add(DoctorCheck.warn("virtual groups", count("virtual") + " present" + where + ": " + era + "; move to groupMode: "
                    + "UserGroups (cfscim plan --migrate-to UserGroups previews it)"));
        } else if (mode == GroupMode.VirtualGroups) {
            checks.add(DoctorCheck.fail("virtual groups", "absent: " + era + "; groupMode VirtualGroups stops with "
                    + "VirtualGroupsUnavailable here: set groupMode: UserGroups"));
        } else if (mode == GroupMode.UserGroups) {
            checks.add(DoctorCheck.ok("virtual groups", "absent, as on today's Cloudflare"));
        } else {
            checks.add(DoctorCheck.warn("virtual groups", "absent: " + era + "; only groupMode: UserGroups works here"));
        }
    }

    /**
     * The group worth one single GET: one that may carry members (a custom group, else a virtual
     * one), preferring one a user on the first page is in, so that its members can be compared
     * with users' groups. Empty when there is none (system groups never carry members).
     */
    Optional<String> groupToRead() {
        Set<String> custom = new LinkedHashSet<>(userGroupIds);
        kindByGroupId.forEach((id, kind) -> {
            if (kind.equals("custom")) {
                custom.add(id);
            }
        });
        Set<String> virtual = new LinkedHashSet<>();
        kindByGroupId.forEach((id, kind) -> {
            if (kind.equals("virtual")) {
                virtual.add(id);
            }
        });
        Set<String> joined = new LinkedHashSet<>();
        groupsByUser.values().forEach(joined::addAll);
        for (Set<String> candidates : List.of(custom, virtual)) {
            Optional<String> inUse = candidates.stream().filter(joined::contains).findFirst();
            if (inUse.isPresent()) {
                return inUse;
            }
            if (!candidates.isEmpty()) {
                return Optional.of(candidates.iterator().next());
            }
        }
        return Optional.empty();
    }

    /** What one single GET of the group {@link #groupToRead} chose sent: its members, and whether users' groups agree. */
    void groupMembers(String id, ProbeAnswer answer) {
        JsonNode group = answer.body();
        String label = "'" + group.path("displayName").asText(id) + "' (" + kindOf(id) + ")";
        MembershipForm form;
        List<String> members;
        try {
            form = probe.membersForm(group, "GET /Groups/{id}");
            members = probe.memberIdsOf(group, "GET /Groups/{id}");
        } catch (ScimException e) {
            checks.add(DoctorCheck.fail("group members", e.getMessage()));
            return;
        }
        if (form == MembershipForm.ABSENT) {
            checks.add(DoctorCheck.warn("group members", label + " came back without 'members' (Cloudflare publishes "
                    + "them on a single GET of a custom group); plans read users' groups, so they are unaffected"));
            return;
        }
        String shape = form == MembershipForm.STRINGS ? "as strings" : form == MembershipForm.OBJECTS
                ? "as {value, display} objects" : form == MembershipForm.MIXED ? "as strings and objects" : "";
        checks.add(DoctorCheck.ok("group members", label + ": " + members.size() + (members.size() == 1 ? " member " : " members ") + shape));
        membersAgree(id, label, members);
    }

    /** The engine reads memberships from users' groups: a group's members must say the same. */
    private void membersAgree(String groupId, String label, List<String> members) {
        if (groupsByUser.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<String>> user : groupsByUser.entrySet()) {
            boolean listed = members.contains(user.getKey());
            boolean says = user.getValue().contains(groupId);
            if (listed != says) {
                checks.add(DoctorCheck.fail("memberships agree", label + (listed ? " lists user " + user.getKey()
                        + " but the user's groups do not: the engine reads users' groups and would add it again"
                        : " does not list user " + user.getKey() + ", whose groups name it")));
                return;
            }
        }
        checks.add(DoctorCheck.ok("memberships agree", label + "'s members and the first page of users' groups say "
                + "the same"));
    }

    private long count(String kind) {
        return kindByGroupId.values().stream().filter(kind::equals).count();
    }

    private String kindOf(String id) {
        return kindByGroupId.getOrDefault(id, userGroupIds.contains(id) ? "custom" : "unknown");
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String fieldNames(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
