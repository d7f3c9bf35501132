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
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The checks of {@code cfscim doctor}, in at most six GETs: users, groups, user groups, one group's
 * members, permission groups, account members. Each finding compares what the account sent with what
 * the engine assumes; a refused token or a 429 stops the probe, since every later request would fail
 * the same way.
 */
final class AccountDoctor {

    /** The engine's page size: the doctor asks what a scan asks. */
    static final int PAGE = 100;
    /** Requests the doctor may send, at most. */
    static final int MAX_REQUESTS = 6;
    /** Cloudflare's published limit, which the engine paces under. */
    private static final int CLOUDFLARE_QUOTA = 1200;
    private static final int CLOUDFLARE_WINDOW_SECONDS = 300;
    private static final String SYSTEM_PREFIX = "cloudflare-v1-";
    /** The v4 lists beside SCIM, which a token may be refused while SCIM is not. */
    private static final Set<String> IAM_CHECKS = Set.of("user groups", "permission groups", "account members");

    private final AccountProbe probe;
    private final String accountId;
    private final GroupMode mode;
    private final List<DoctorCheck> checks = new ArrayList<>();
    private ProbeAnswer lastAnswer;
    private boolean stopped;

    // What the users and groups pages showed, for the checks that compare them.
    private final Map<String, List<String>> groupsByUser = new LinkedHashMap<>();
    private final Map<String, String> kindByGroupId = new LinkedHashMap<>();
    private final Map<String, String> nameByGroupId = new LinkedHashMap<>();
    private final Set<String> userGroupIds = new LinkedHashSet<>();
    private boolean groupPageComplete;
    /** {@code " in the first 100"} when the groups page did not hold them all: counts are of what was seen. */
    private String where = "";

    /** {@code accountId} may be null (an endpoint without one); {@code mode} is the ScimApp's, or null without files. */
    AccountDoctor(AccountProbe probe, String accountId, GroupMode mode) {
        this.probe = probe;
        this.accountId = accountId;
        this.mode = mode;
    }

    List<DoctorCheck> run() {
        Optional<ProbeAnswer> users = read(() -> probe.users(PAGE), "users");
        if (users.isEmpty()) {
            return checks;
        }
        checks.add(DoctorCheck.ok("endpoint", "answered GET /Users"));
        checks.add(DoctorCheck.ok("token", "accepted"));
        checkUsers(users.get());
        read(() -> probe.groups(PAGE), "groups").ifPresent(this::checkGroups);
        Optional<ProbeAnswer> userGroups = read(probe::userGroups, "user groups");
        userGroups.ifPresent(this::checkUserGroups);
        checkGroupModel(userGroups.isPresent());
        checkGroupMembers();
        read(probe::permissionGroups, "permission groups").ifPresent(this::checkPermissionGroups);
        read(probe::accountMembers, "account members").ifPresent(this::checkAccountMembers);
        checkRateLimit();
        return checks;
    }

    // ---- requests --------------------------------------------------------------------------------

    /** One probe, unless an earlier answer stopped the run; a failure becomes its check's line. */
    private Optional<ProbeAnswer> read(Supplier<ProbeAnswer> request, String check) {
        if (stopped) {
            return Optional.empty();
        }
        try {
            ProbeAnswer answer = request.get();
            lastAnswer = answer;
            return Optional.of(answer);
        } catch (ScimException e) {
            failed(check, e);
            return Optional.empty();
        }
    }

    private void failed(String check, ScimException e) {
        if (check.equals("users")) {
            firstRequestFailed(e);
            return;
        }
        if (e.is(ScimException.Kind.RATE_LIMITED) || e.is(ScimException.Kind.BUDGET_EXHAUSTED)) {
            rateLimited(e);
        } else if (IAM_CHECKS.contains(check)
                && (e.is(ScimException.Kind.INVALID_CREDENTIALS) || e.is(ScimException.Kind.NOT_FOUND))) {
            checks.add(iamRefusal(check, e));
        } else {
            checks.add(DoctorCheck.fail(check, e.getMessage()));
        }
    }

    /** The first request decides whether there is anything to probe at all. */
    private void firstRequestFailed(ScimException e) {
        stopped = true;
        if (e.status() == 0) {
            checks.add(DoctorCheck.fail("endpoint", (e.unanswered() ? "" : "no answer: ") + e.getMessage()
                    + " (check --endpoint or the ScimApp's endpoint, and the network)"));
            return;
        }
        if (e.status() == 404) {
            checks.add(DoctorCheck.fail("endpoint", "GET /Users is a 404, so this is no SCIM base URL (expected "
                    + "https://api.cloudflare.com/client/v4/accounts/<ACCOUNT_ID>/scim/v2): " + e.getMessage()));
            return;
        }
        checks.add(DoctorCheck.ok("endpoint", "answered GET /Users with " + e.status()));
        if (e.status() == 401) {
            checks.add(DoctorCheck.fail("token", "refused (401): the token is wrong, expired or revoked; create an "
                    + "API token with SCIM Provisioning (or Account Settings Read) on this account"));
        } else if (e.status() == 403) {
            checks.add(DoctorCheck.fail("token", "refused (403): the token has no access to account " + accountName()
                    + " or lacks SCIM Provisioning / Account Settings Read; give it one of those on this account"));
        } else if (e.is(ScimException.Kind.RATE_LIMITED)) {
            rateLimited(e);
        } else {
            checks.add(DoctorCheck.fail("token", "not known: " + e.getMessage()));
        }
    }

    private void rateLimited(ScimException e) {
        stopped = true;
        String why = e.status() == 429 ? "Cloudflare answered 429"
                : "not sent, the Ratelimit header said no request is left";
        checks.add(DoctorCheck.fail("rate limit", why + ": this token's budget is spent; try again in "
                + Math.max(1, e.retryAfter().toSeconds()) + "s"));
    }

    /** A v4 IAM list the token may not read: a failure only where the ScimApp's mode needs it. */
    private DoctorCheck iamRefusal(String check, ScimException e) {
        boolean needed = !check.equals("account members") && mode == GroupMode.UserGroups;
        String why = switch (check) {
            case "account members" -> "before a deprovision the engine cannot see who holds Super Administrator "
                    + "outside SCIM, and relies on Cloudflare refusing to remove the last one";
            default -> "groupMode: UserGroups reads it on every plan";
        };
        String seen = (e.status() == 404 ? "not found (404): " : "refused (" + e.status() + "): ") + why
                + "; give the token Account Settings Read";
        return needed ? DoctorCheck.fail(check, seen) : DoctorCheck.warn(check, seen);
    }

    // ---- users -------------------------------------------------------------------------------------

    private void checkUsers(ProbeAnswer answer) {
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
        checkPaging(check, items.size(), answer.body().get("totalResults"));
        return Optional.of(items);
    }

    /** The count line, and the page-size line: the engine stops paging at totalResults. */
    private void checkPaging(String check, int onPage, JsonNode total) {
        if (total == null || !total.canConvertToInt()) {
            String seen = "GET /" + capitalised(check) + " has no numeric 'totalResults' (" + onPage
                    + " on the first page): the engine stops after one page";
            checks.add(onPage >= PAGE ? DoctorCheck.fail(check, seen) : DoctorCheck.warn(check, seen));
            return;
        }
        int all = total.intValue();
        checks.add(DoctorCheck.ok(check, all + " (totalResults), " + onPage + " on the first page"));
        if (onPage > PAGE) {
            checks.add(DoctorCheck.warn(check + " page size", onPage + " on a page where " + PAGE + " were asked"));
        } else if (onPage < PAGE && onPage < all) {
            int requests = (all + onPage - 1) / Math.max(1, onPage);
            checks.add(DoctorCheck.ok(check + " page size", "at most " + onPage + " a page (" + PAGE
                    + " asked): the engine pages on; a full read takes " + requests + " requests"));
        }
    }

    // ---- groups ------------------------------------------------------------------------------------

    private void checkGroups(ProbeAnswer answer) {
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
                        + "names no role of account " + accountName() + ": check the account id in the endpoint")));
        checkGroupReferences();
    }

    /** Users' groups must name groups by id: the engine matches ids, and would see no memberships. */
    private void checkGroupReferences() {
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

    private void checkUserGroups(ProbeAnswer answer) {
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

    private void checkGroupModel(boolean userGroupsRead) {
        if (kindByGroupId.isEmpty() && !userGroupsRead) {
            return;
        }
        boolean virtual = count("virtual") > 0;
        boolean userGroups = count("system") > 0 || count("custom") > 0 || !userGroupIds.isEmpty();
        String model = virtual && userGroups ? "both: virtual CF- groups and user groups (the 2025 transition)"
                : virtual ? "virtual groups (CF-" + accountName() + " - <Role Name>)"
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
     * One single GET of a group that may carry members (a custom group, else a virtual one), preferring
     * one a user on the first page is in, so that its members can be compared with users' groups.
     */
    private void checkGroupMembers() {
        Optional<String> chosen = pickGroup();
        if (chosen.isEmpty()) {
            if (!stopped) {
                checks.add(DoctorCheck.ok("group members", "not read: no custom or virtual group (system groups never "
                        + "carry members)"));
            }
            return;
        }
        String id = chosen.get();
        Optional<ProbeAnswer> answer = read(() -> probe.group(id), "group members");
        if (answer.isEmpty()) {
            return;
        }
        JsonNode group = answer.get().body();
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
        checkMembersAgree(id, label, members);
    }

    private Optional<String> pickGroup() {
        if (stopped) {
            return Optional.empty();
        }
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

    /** The engine reads memberships from users' groups: a group's members must say the same. */
    private void checkMembersAgree(String groupId, String label, List<String> members) {
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

    // ---- IAM ---------------------------------------------------------------------------------------

    private void checkPermissionGroups(ProbeAnswer answer) {
        JsonNode result = answer.body().path("result");
        int total = answer.body().path("result_info").path("total_count").asInt(result.size());
        if (total == 0 && mode == GroupMode.UserGroups) {
            checks.add(DoctorCheck.fail("permission groups", "none: groupMode UserGroups grants roles through them"));
        } else {
            checks.add(DoctorCheck.ok("permission groups", total + " (the roles a user group's policy can grant)"));
        }
    }

    private void checkAccountMembers(ProbeAnswer answer) {
        JsonNode result = answer.body().path("result");
        int total = answer.body().path("result_info").path("total_count").asInt(result.size());
        checks.add(DoctorCheck.ok("account members", total + " readable (the Super Administrator rail reads them "
                + "before a deprovision)"));
    }

    // ---- rate limit ---------------------------------------------------------------------------------

    private void checkRateLimit() {
        if (stopped || lastAnswer == null) {
            return;
        }
        ProbeAnswer a = lastAnswer;
        if (a.rateLimit() == null) {
            if (a.remaining().isPresent()) {
                checks.add(DoctorCheck.ok("rate limit", "only the older X-RateLimit-Remaining: " + a.remaining().getAsInt()
                        + " left"));
            } else {
                checks.add(DoctorCheck.warn("rate limit", "no Ratelimit headers: the engine paces on its own count ("
                        + CLOUDFLARE_QUOTA + " per 5 minutes) and cannot see other clients of this token"));
            }
            return;
        }
        if (a.remaining().isEmpty()) {
            checks.add(DoctorCheck.warn("rate limit", "Ratelimit header without a remaining count: " + a.rateLimit()));
            return;
        }
        int remaining = a.remaining().getAsInt();
        int quota = a.quota().orElse(CLOUDFLARE_QUOTA);
        int window = a.windowSeconds().orElse(CLOUDFLARE_WINDOW_SECONDS);
        String reset = a.secondsToReset().isPresent() ? ", resets in " + a.secondsToReset().getAsInt() + "s" : "";
        String seen = remaining + " of " + quota + " requests left per " + window + "s" + reset;
        if (remaining * 10L < quota) {
            checks.add(DoctorCheck.warn("rate limit", seen + ": under 10% left; a plan now would wait for the window"));
        } else if (a.rateLimitPolicy() == null) {
            checks.add(DoctorCheck.ok("rate limit", seen + " (no Ratelimit-Policy; " + CLOUDFLARE_QUOTA
                    + " per 5 minutes assumed)"));
        } else if (quota != CLOUDFLARE_QUOTA || window != CLOUDFLARE_WINDOW_SECONDS) {
            checks.add(DoctorCheck.warn("rate limit", seen + ": the engine paces at " + CLOUDFLARE_QUOTA
                    + " per 5 minutes; set the ScimApp's requestBudget to this policy"));
        } else {
            checks.add(DoctorCheck.ok("rate limit", seen));
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------------

    private long count(String kind) {
        return kindByGroupId.values().stream().filter(kind::equals).count();
    }

    private String kindOf(String id) {
        return kindByGroupId.getOrDefault(id, userGroupIds.contains(id) ? "custom" : "unknown");
    }

    private String accountName() {
        return accountId == null ? "<ACCOUNT_ID>" : accountId;
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
