package dev.cfscim.bench;

import dev.cfscim.plan.Applier;
import dev.cfscim.plan.DesiredGroup;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.DesiredUser;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.Owner;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanPolicy;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.TokenBudget;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Our engine as the CLI and the operator run it: scan, plan, apply, paced by a {@link TokenBudget}
 * of the limit given (the emulator's, compressed the same way, when one is on), writing as the
 * operator's ScimApp {@code bench/bench} does (its tag in every member's and group's externalId).
 * In the user-groups model each role's group is a bound ScimGroup pushed as a user group with one
 * policy; in the virtual-groups model its members join the role group. Between edits it keeps the
 * remote state its own writes updated, as the operator does between scans.
 */
final class EngineContender implements Contender {

    /** The owner the operator's ScimApp {@code bench} in namespace {@code bench} is. */
    static final Owner OWNER = new Owner(Owner.PREFIX + OperatorScenario.NAMESPACE + "/" + OperatorScenario.APP);

    private final GroupModel model;
    private final CloudflareScimClient client;
    private final Engine engine;
    private final String accountId;
    private final CountingObserver observer = new CountingObserver();
    private Map<String, Set<String>> roles;
    private Map<String, DesiredUser> users;
    private RemoteState remote;

    EngineContender(GroupModel model, String scimBaseUrl, String token, String accountId, TokenBudget.Limit limit) {
        this.model = model;
        this.accountId = accountId;
        TokenBudget budget = new TokenBudget(limit, System::nanoTime,
                // The product's own pacing: the budget sleeps until a request fits the window.
                d -> Thread.sleep(Math.max(1, d.toMillis())));
        this.client = new CloudflareScimClient(scimBaseUrl, ApiToken.of(token), budget,
                CloudflareScimClient.Settings.defaults(), observer);
        this.engine = new Engine(client.directory(), client.iam(), OWNER);
    }

    /** No limit to respect: a budget no run can exhaust. */
    static TokenBudget.Limit unlimited() {
        return new TokenBudget.Limit(Integer.MAX_VALUE, Duration.ofSeconds(1), 1.0);
    }

    @Override
    public String name() {
        return Report.ENGINE;
    }

    @Override
    public void provision(Workload workload) {
        declare(workload);
        remote = engine.scan(accountId, model.engineModel());
        apply();
    }

    @Override
    public void edit(Workload workload, String role, String userName, boolean add) {
        if (remote == null) {
            declare(workload);
            remote = engine.scan(accountId, model.engineModel());
        }
        String key = DesiredUser.key(userName);
        if (add) {
            roles.get(role).add(key);
        } else {
            roles.get(role).remove(key);
        }
        apply();
    }

    /**
     * A scan as the operator's resync makes it: the listing, and a lookup of each member the last
     * state knew that the listing lacks (none when the listing is whole), then an empty plan.
     */
    @Override
    public void driftScan(Workload workload) {
        if (roles == null) {
            declare(workload);
        }
        List<String> known = remote == null ? List.of() : remote.users().stream().map(RemoteUser::id).toList();
        RemoteState scanned = engine.scan(accountId, model.engineModel(), known);
        Plan plan = engine.plan(desired(), scanned, PlanPolicy.defaults(), null);
        if (!plan.changes().isEmpty()) {
            throw new IllegalStateException("the converged account should need no change, the plan has "
                    + plan.changes().size() + ": " + plan.changes().get(0));
        }
    }

    @Override
    public long sent() {
        return client.requestsSent();
    }

    @Override
    public long rateLimited() {
        return observer.rateLimited;
    }

    private void declare(Workload workload) {
        users = new LinkedHashMap<>();
        for (String userName : workload.users()) {
            String local = userName.substring(0, userName.indexOf('@'));
            DesiredUser user = new DesiredUser(userName, local, "Example", null, true, true, userName);
            users.put(user.key(), user);
        }
        roles = new TreeMap<>();
        workload.members().forEach((role, names) -> {
            Set<String> keys = new HashSet<>();
            names.forEach(n -> keys.add(DesiredUser.key(n)));
            roles.put(role, keys);
        });
    }

    /** What PlanInputs makes of the bench's resources: per role a bound ScimGroup, in the model's terms. */
    private DesiredState desired() {
        if (model != GroupModel.USER_GROUPS) {
            return new DesiredState(accountId, users, roles, List.of());
        }
        Map<String, DesiredGroup> groups = new TreeMap<>();
        roles.forEach((role, keys) -> {
            String displayName = Workload.groupDisplayName(role);
            groups.put(displayName, new DesiredGroup(displayName, keys, Set.of(role)));
        });
        return new DesiredState(accountId, users, roles, List.of(), DesiredState.Model.USER_GROUPS, groups,
                groups.keySet());
    }

    private void apply() {
        Plan plan = engine.plan(desired(), remote, PlanPolicy.defaults(), null);
        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);
        if (!result.complete()) {
            throw new IllegalStateException("apply did not complete: " + result.failed() + " " + result.aborted());
        }
    }

    /** Counts 429s as the client sees them (the emulator counts them too). */
    private static final class CountingObserver implements CloudflareScimClient.RequestObserver {
        volatile long rateLimited;

        @Override
        public void answered(String method, String route, int status, Duration elapsed) {
            if (status == 429) {
                rateLimited++;
            }
        }
    }
}
