package dev.cfscim.plan;

import dev.cfscim.scim.CloudflareIam;
import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.ScimDirectory;
import dev.cfscim.scim.ScimException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.Set;

/**
 * Scan, plan, apply for one account: the steps both front doors (the CLI and the operator) run.
 * It adds one thing to the planner: when a plan would deprovision someone or take Super
 * Administrator away, it first learns who holds Super Administrator outside SCIM, a read that
 * costs one request per 50 members and that most plans never need.
 */
public final class Engine {

    private final ScimDirectory client;
    private final CloudflareIam iam;
    private final Owner owner;
    private final Applier applier;

    /** An engine that writes for no known owner (tests, tools that provision nothing). */
    public Engine(ScimDirectory client, CloudflareIam iam) {
        this(client, iam, Owner.NONE);
    }

    /** An engine whose creates carry {@code owner}'s tag, and whose plans leave other owners' members alone. */
    public Engine(ScimDirectory client, CloudflareIam iam, Owner owner) {
        this.client = client;
        this.iam = iam;
        this.owner = owner;
        this.applier = new Applier(client, iam, owner);
    }

    /** A full read of the account in the virtual-groups model: users paged at 100, and the group list. */
    public RemoteState scan(String accountId) {
        return scan(accountId, DesiredState.Model.VIRTUAL_GROUPS);
    }

    /**
     * A full read of the account: users paged at 100 and the group list; in the user-groups model
     * also the user groups' policies and the permission groups (50 a page), to know what each
     * group grants and what a policy can.
     */
    public RemoteState scan(String accountId, DesiredState.Model model) {
        return scan(accountId, read -> model);
    }

    /**
     * A full read whose model the users and the group list decide once read (an export of an
     * account whose model is not declared), so the group list is not read twice.
     */
    public RemoteState scan(String accountId, Function<RemoteState, DesiredState.Model> modelOf) {
        return scan(accountId, modelOf, Set.of());
    }

    /**
     * A full read, and a lookup by id of each member in {@code knownIds} (members an earlier read or
     * a ScimUser's status saw) that the listing left out: a listing is not proof of absence. A member
     * removed between two pages shifts the rest by one, so one is skipped with the totals agreeing;
     * a server can omit one for a while. Costs one request per member left out, none when the
     * listing is whole; what the lookups found is kept in {@link RemoteState#foundBeyondListing}.
     */
    public RemoteState scan(String accountId, DesiredState.Model model, Collection<String> knownIds) {
        return scan(accountId, read -> model, knownIds);
    }

    private RemoteState scan(String accountId, Function<RemoteState, DesiredState.Model> modelOf,
                             Collection<String> knownIds) {
        RemoteState state = RemoteState.fromScan(accountId, client.listUsers(), client.listGroups());
        for (String id : knownIds) {
            if (state.userById(id).isEmpty()) {
                client.getUser(id).ifPresent(state::foundBeyondListing);
            }
        }
        if (modelOf.apply(state) == DesiredState.Model.USER_GROUPS) {
            iam.listUserGroups(state.accountScopeKey()).forEach(g -> state.setCustomGroupRoles(g.id(), g.roles()));
            state.setPermissionGroups(iam.permissionGroups());
        }
        return state;
    }

    /**
     * Makes sure each of these users is either an active member in {@code remote} or confirmed
     * absent by Cloudflare: one lookup ({@code filter=userName eq}) per user the state neither shows
     * active nor has confirmed gone since it was read. A finalizer is released, a deletion counted
     * as carried out, only on that word, never on a listing's silence.
     */
    public void confirmAbsence(RemoteState remote, Collection<String> userNames) {
        for (String userName : userNames) {
            if (remote.user(userName).filter(RemoteUser::active).isPresent() || remote.confirmedAbsent(userName)) {
                continue;
            }
            client.findUser(userName).ifPresentOrElse(remote::foundBeyondListing, () -> remote.confirmAbsent(userName));
        }
    }

    /** The strays of {@code remote}: members this engine's owner created or adopted that no ScimUser declares. */
    public Set<String> strays(DesiredState desired, RemoteState remote) {
        return Planner.strays(desired, remote, owner);
    }

    public Plan plan(DesiredState desired, RemoteState remote, PlanPolicy policy, DesiredState baseline) {
        return plan(desired, remote, policy, baseline, PlanScope.ALL);
    }

    /** A plan for the users of {@code scope} (see {@link PlanScope} for when that is the whole plan). */
    public Plan plan(DesiredState desired, RemoteState remote, PlanPolicy policy, DesiredState baseline,
                     PlanScope scope) {
        Plan plan = Planner.plan(desired, remote, policy, baseline, owner, scope);
        if (!remote.outsideRolesKnown() && touchesSuperAdministrators(plan, remote)) {
            learnSuperAdministratorsOutsideScim(remote);
            plan = Planner.plan(desired, remote, policy, baseline, owner, scope);
        }
        return plan;
    }

    public Applier.Result apply(Plan plan, RemoteState remote, Applier.Listener listener) {
        return applier.apply(plan, remote, listener);
    }

    /** Whether the last-Super-Administrator rail weighs any change of the plan, held ones included. */
    private static boolean touchesSuperAdministrators(Plan plan, RemoteState remote) {
        List<Change> all = new ArrayList<>(plan.changes());
        plan.held().forEach(h -> all.add(h.change()));
        return LastSuperAdministratorRail.weighsAny(remote, all);
    }

    /**
     * Reads who holds Super Administrator outside SCIM into {@code remote} (one request per 50
     * members); a token that may not read members leaves it unknown-but-settled, as plans do.
     */
    public void learnSuperAdministratorsOutsideScim(RemoteState remote) {
        Set<String> emails;
        try {
            emails = iam.superAdministratorsOutsideScim(remote.accountScopeKey());
        } catch (ScimException e) {
            if (e.is(ScimException.Kind.INVALID_CREDENTIALS) || e.is(ScimException.Kind.NOT_FOUND)) {
                remote.outsideRolesUnreadable();
                return;
            }
            throw e;
        }
        List<String> ids = new ArrayList<>();
        emails.forEach(email -> remote.user(email).filter(RemoteUser::active).ifPresent(u -> ids.add(u.id())));
        remote.setSuperAdministratorsOutsideScim(ids);
    }
}
