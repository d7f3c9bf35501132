package dev.cfscim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.api.GroupMode;
import dev.cfscim.scim.AccountProbe;
import dev.cfscim.scim.ProbeAnswer;
import dev.cfscim.scim.ScimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The checks of {@code cfscim doctor}, in at most six GETs: users, groups, user groups, one group's
 * members, permission groups, account members. Each finding compares what the account sent with what
 * the engine assumes; a refused token or a 429 stops the probe, since every later request would fail
 * the same way. This class sends the requests and words their refusals; {@link DirectoryChecks}
 * reads the users and groups, {@link RateLimitCheck} the last answer's Ratelimit headers.
 */
final class AccountDoctor {

    /** The engine's page size: the doctor asks what a scan asks. */
    static final int PAGE = 100;
    /** Requests the doctor may send, at most. */
    static final int MAX_REQUESTS = 6;
    /** The v4 lists beside SCIM, which a token may be refused while SCIM is not. */
    private static final Set<String> IAM_CHECKS = Set.of("user groups", "permission groups", "account members");

    private final AccountProbe probe;
    private final String accountId;
    private final GroupMode mode;
    private final List<DoctorCheck> checks = new ArrayList<>();
    private final DirectoryChecks directory;
    private ProbeAnswer lastAnswer;
    private boolean stopped;

    /** {@code accountId} may be null (an endpoint without one); {@code mode} is the ScimApp's, or null without files. */
    AccountDoctor(AccountProbe probe, String accountId, GroupMode mode) {
        this.probe = probe;
        this.accountId = accountId;
        this.mode = mode;
        this.directory = new DirectoryChecks(probe, accountId, mode, checks);
    }

    List<DoctorCheck> run() {
        Optional<ProbeAnswer> users = read(() -> probe.users(PAGE), "users");
        if (users.isEmpty()) {
            return checks;
        }
        checks.add(DoctorCheck.ok("endpoint", "answered GET /Users"));
        checks.add(DoctorCheck.ok("token", "accepted"));
        directory.users(users.get());
        read(() -> probe.groups(PAGE), "groups").ifPresent(directory::groups);
        Optional<ProbeAnswer> userGroups = read(probe::userGroups, "user groups");
        userGroups.ifPresent(directory::userGroups);
        directory.groupModel(userGroups.isPresent());
        readGroupMembers();
        read(probe::permissionGroups, "permission groups").ifPresent(this::checkPermissionGroups);
        read(probe::accountMembers, "account members").ifPresent(this::checkAccountMembers);
        if (!stopped && lastAnswer != null) {
            checks.add(RateLimitCheck.of(lastAnswer));
        }
        return checks;
    }

    /** One single GET of the group {@link DirectoryChecks#groupToRead} chooses, if the run goes on. */
    private void readGroupMembers() {
        if (stopped) {
            return;
        }
        Optional<String> chosen = directory.groupToRead();
        if (chosen.isEmpty()) {
            checks.add(DoctorCheck.ok("group members", "not read: no custom or virtual group (system groups never "
                    + "carry members)"));
            return;
        }
        String id = chosen.get();
        read(() -> probe.group(id), "group members").ifPresent(answer -> directory.groupMembers(id, answer));
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
            checks.add(DoctorCheck.fail("token", "refused (403): the token has no access to account " + accountName(accountId)
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

    /** The account as messages name it: its id, or a placeholder when the endpoint names none. */
    static String accountName(String accountId) {
        return accountId == null ? "<ACCOUNT_ID>" : accountId;
    }
}
