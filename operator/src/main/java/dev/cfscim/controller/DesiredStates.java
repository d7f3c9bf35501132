package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.UserNameRules;
import dev.cfscim.plan.DesiredGroup;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.DesiredUser;
import dev.cfscim.plan.PlanProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The desired states a reconcile works toward beside the declared one: for departing users, for the app's deletion. */
final class DesiredStates {

    private DesiredStates() {
    }

    /**
     * Users being deleted are declared inactive: their deletion deprovisions them, unless a live
     * ScimUser declares the same userName (a rename): the declared user is then that one's.
     */
    static DesiredState withDeparting(DesiredState desired, List<ScimUser> departing) {
        if (departing.isEmpty()) {
            return desired;
        }
        Map<String, DesiredUser> users = new LinkedHashMap<>(desired.users());
        for (ScimUser user : departing) {
            DesiredUser d = users.get(DesiredUser.key(user.getSpec().getUserName()));
            if (d != null && d.resource().equals(user.getMetadata().getName())) {
                users.put(d.key(), new DesiredUser(d.userName(), d.givenName(), d.familyName(), d.externalId(), false,
                        d.assigned(), d.resource()));
            }
        }
        return desired.withUsers(users);
    }

    /**
     * A problem for each ScimUser whose userName is refused ({@link UserNameRules}: no email address
     * Cloudflare takes, or confusable and not opted out), with the refusal's reason, its subject the
     * userName; {@link #without} takes those users out of the declaration, so never provisioned nor
     * given a role, and the planner leaves such a member alone by the problem's reason
     * ({@link Reason#refusesUserName}). {@code judge}
     * gives each spec's refusal ({@link UserNameVerdicts}, which remembers them); the reconcile keeps
     * the list while no ScimUser's declaration changed ({@link DeclarationIndexes#refusals}).
     */
    static List<PlanProblem> refusals(List<ScimUser> users, Function<ScimUserSpec, Optional<UserNameRules.Refusal>> judge) {
        List<PlanProblem> problems = new ArrayList<>();
        for (ScimUser user : users) {
            ScimUserSpec spec = user.getSpec();
            Optional<UserNameRules.Refusal> refusal = spec == null || spec.getUserName() == null ? Optional.empty()
                    : judge.apply(spec);
            refusal.ifPresent(r -> problems.add(new PlanProblem(r.reason(), spec.getUserName(), r.message())));
        }
        return List.copyOf(problems);
    }

    /** {@code desired} without the users these refusals ({@link #refusals}) name, the problems added. */
    static DesiredState without(DesiredState desired, List<PlanProblem> refusals) {
        if (refusals.isEmpty()) {
            return desired;
        }
        List<PlanProblem> problems = new ArrayList<>(desired.problems());
        problems.addAll(refusals);
        Set<String> refused = new HashSet<>();
        refusals.forEach(p -> refused.add(DesiredUser.key(p.subject())));
        Map<String, DesiredUser> kept = new LinkedHashMap<>(desired.users());
        kept.keySet().removeAll(refused);
        Map<String, Set<String>> roles = new HashMap<>();
        desired.roles().forEach((role, keys) -> roles.put(role, without(keys, refused)));
        Map<String, DesiredGroup> groups = new HashMap<>();
        desired.groups().forEach((name, g) -> groups.put(name,
                new DesiredGroup(g.displayName(), without(g.memberKeys(), refused), g.roles(), g.knownId())));
        // The holds stay: a refused user does not make a dangling reference or a duplicate whole.
        return new DesiredState(desired.accountId(), kept, roles, problems, desired.model(), groups,
                desired.declaredGroupNames(), desired.holds());
    }

    private static Set<String> without(Set<String> keys, Set<String> refused) {
        Set<String> left = new HashSet<>(keys);
        left.removeAll(refused);
        return left;
    }

    /** A Deprovision app being deleted: none of its users is assigned any more, and it binds no role. */
    static DesiredState everyoneLeaving(DesiredState desired) {
        Map<String, DesiredUser> leaving = new LinkedHashMap<>();
        desired.users().values().forEach(u -> leaving.put(u.key(), new DesiredUser(u.userName(), u.givenName(),
                u.familyName(), u.externalId(), u.active(), false, u.resource())));
        return new DesiredState(desired.accountId(), leaving, Map.of(), List.of(), desired.model(),
                Map.of(), desired.declaredGroupNames());
    }
}
