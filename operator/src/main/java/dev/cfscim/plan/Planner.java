package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import java.util.List;
import java.util.Set;

/**
 * Computes the plan that brings an account from its remote state to the desired one. Pure: no I/O,
 * no clock, the same inputs give the same plan, so it is tested exhaustively without a server.
 *
 * <p>An incomplete declaration ({@link DeclarationHolds}) holds what depends on it, never shrinks
 * the account: every change of a userName two ScimUsers declare ({@code DuplicateUserName}); while
 * the assignments name a missing resource, every deprovision for being unassigned and the role
 * removals of those members; while a binding's ScimGroup is missing, every removal from its role
 * ({@code MissingReference}, a safety rail).
 *
 * <p>The rules, in the order they apply:
 * <ol>
 *   <li>Declared users are the managed ones. A declared user that is assigned and active should
 *       be a member (create, reactivate, update its profile where the declaration says something);
 *       one that is unassigned or {@code active: false} should not (deactivate). Members no
 *       ScimUser declares are left alone unless {@code unmanagedUsers: Deprovision}.</li>
 *   <li>Virtual-groups model: per role group, the managed members should be exactly the assigned,
 *       active members of the groups bound to the role: add the missing ones, remove the others. A
 *       bound role the account has no group for is a problem, not a change; an account with none
 *       of these groups stops the plan (VirtualGroupsUnavailable). User-groups model: each bound
 *       ScimGroup is a pushed group with those members and one policy per bound role (a new group
 *       is created empty, given its policy, then its members; a same-name user group cfscim did
 *       not push is adopted first); declared groups no binding uses are deleted; managed members leave any virtual role group, but
 *       only where a pushed group grants the role. Members leaving the account lose their groups
 *       with it, so no removal is planned for them. {@link PlanOrder} orders it all: nobody holds,
 *       at any step, a role the declaration does not give them, and what gives goes before what
 *       takes away.</li>
 *   <li>Rails hold changes back rather than drop them: {@link DriftRail}, then
 *       {@link RemovalRateRail} for deprovisions and for role removals, then
 *       {@link LastSuperAdministratorRail}; and
 *       {@code managementPolicy: Observe} holds everything.</li>
 * </ol>
 */
public final class Planner {

    static final String MINIMAL_ACCESS = "Minimal Account Access";

    private Planner() {
    }

    /** A plan with no baseline: every difference is a change to make. */
    public static Plan plan(DesiredState desired, RemoteState remote, PlanPolicy policy) {
        return plan(desired, remote, policy, null);
    }

    /**
     * @param baseline the desired state that was last applied in full, or null; with it, a
     *                 difference the declaration did not cause is drift (a hand edit in Cloudflare)
     */
    public static Plan plan(DesiredState desired, RemoteState remote, PlanPolicy policy, DesiredState baseline) {
        return plan(desired, remote, policy, baseline, Owner.NONE);
    }

    /**
     * The keys of the strays of {@code remote}: active members {@code owner} created or adopted (its
     * tag) that no ScimUser declares. See {@link StrayMembers}.
     */
    public static Set<String> strays(DesiredState desired, RemoteState remote, Owner owner) {
        return UserPlanning.strays(desired, remote, owner);
    }

    /**
     * @param owner who plans: its tag marks what this plan may write (its members and user groups,
     *              and nobody's), what it claims, and which undeclared members are its strays
     */
    public static Plan plan(DesiredState desired, RemoteState remote, PlanPolicy policy, DesiredState baseline,
                            Owner owner) {
        return plan(desired, remote, policy, baseline, owner, PlanScope.ALL);
    }

    /**
     * @param scope the users to plan for; a scoped plan equals the full one only while nothing outside
     *              the scope needs a change (see {@link PlanScope}): the caller answers for that
     */
    public static Plan plan(DesiredState desired, RemoteState remote, PlanPolicy policy, DesiredState baseline,
                            Owner owner, PlanScope scope) {
        Planning p = new Planning(desired, remote, policy, owner, scope);
        if (desired.model() == DesiredState.Model.VIRTUAL_GROUPS && remote.roleGroups().isEmpty()) {
            // Nothing can be granted, and creating members alone would be half a change.
            p.problem(new PlanProblem(Reason.VIRTUAL_GROUPS_UNAVAILABLE, "account " + remote.accountId(),
                    "the account has no 'CF-" + remote.accountId() + " - <Role Name>' groups: Cloudflare ended "
                            + "virtual role groups on 2 December 2025; set groupMode: UserGroups on the ScimApp "
                            + "to push user groups and their policies instead"));
            return new Plan(remote.accountId(), List.of(), List.of(), p.problems());
        }
        UserPlanning.planDeclaredUsers(p);
        UserPlanning.planUndeclaredMembers(p);
        GroupPlanning groups = new GroupPlanning(p);
        if (desired.model() == DesiredState.Model.USER_GROUPS) {
            groups.planUserGroups();
            groups.planLeavingVirtualGroups();
        } else {
            groups.planRoles();
        }
        List<HeldChange> held = p.held();
        List<Change> changes = PlanOrder.of(p.userChanges(), p.memberChanges());
        for (Rail rail : List.of(new DriftRail(desired, baseline, policy), RemovalRateRail.deprovisions(policy),
                RemovalRateRail.roleRemovals(policy, desired, remote), new LastSuperAdministratorRail(remote))) {
            changes = rail.hold(changes, held);
        }
        changes = GroupPlanning.holdWideningsWhileLeaversStay(changes, held);
        if (policy.observeOnly()) {
            changes.forEach(c -> held.add(new HeldChange(c, Reason.MANAGEMENT_POLICY_OBSERVE,
                    "managementPolicy is Observe: plan only, never write")));
            changes = List.of();
        }
        return new Plan(remote.accountId(), changes, held, p.problems());
    }
}
