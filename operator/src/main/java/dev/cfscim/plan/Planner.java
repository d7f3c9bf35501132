package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

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
     * @param owner who plans: under {@code unmanagedUsers: Deprovision}, a member whose externalId
     *              names another owner is left alone (a warning, not a deprovision)
     */
    public static Plan plan(DesiredState desired, RemoteState remote, PlanPolicy policy, DesiredState baseline,
                            Owner owner) {
        return new Planning(desired, remote, policy, baseline, owner).run();
    }

    /**
     * The keys of the strays of {@code remote}: active members {@code owner} created or adopted (its
     * tag) that no ScimUser declares. See {@link StrayMembers}.
     */
    public static Set<String> strays(DesiredState desired, RemoteState remote, Owner owner) {
        Set<String> keys = new HashSet<>();
        undeclaredMembers(desired, remote).filter(u -> owner.claimOf(u) == Owner.Claim.MINE)
                .forEach(u -> keys.add(DesiredUser.key(u.userName())));
        return keys;
    }

    /**
     * Active members no ScimUser declares, in userName order. A ScimUser refused for its userName
     * (confusable, no email address) still declares it: its member is not among them.
     */
    private static java.util.stream.Stream<RemoteUser> undeclaredMembers(DesiredState desired, RemoteState remote) {
        Set<String> refused = new HashSet<>();
        desired.problems().stream().filter(p -> Reason.refusesUserName(p.reason()))
                .forEach(p -> refused.add(DesiredUser.key(p.subject())));
        return remote.users().stream()
                .filter(RemoteUser::active)
                .filter(u -> desired.user(u.userName()) == null && !refused.contains(DesiredUser.key(u.userName())))
                .sorted(Comparator.comparing(u -> DesiredUser.key(u.userName())));
    }

    /** One planning run: the working sets that the rules share. */
    private static final class Planning {
        private final DesiredState desired;
        private final RemoteState remote;
        private final PlanPolicy policy;
        private final DesiredState baseline;
        private final Owner owner;
        private final List<PlanProblem> problems = new ArrayList<>();
        private final List<Change> userChanges = new ArrayList<>();
        private final List<Change> memberChanges = new ArrayList<>();
        private final List<HeldChange> held = new ArrayList<>();
        /** User-groups model: the roles each user will hold through the groups this plan pushes. */
        private final Map<String, Set<String>> pushedRoles = new TreeMap<>();
        /** Keys of the users this plan takes out of the account. */
        private final Set<String> leaving = new LinkedHashSet<>();
        /** Keys of the users that will not be members after this plan, though declared members. */
        private final Set<String> notJoining = new LinkedHashSet<>();
        /** Ids of the pushed groups this plan renames: found under their old name, never deleted for it. */
        private final Set<String> renamedIds = new HashSet<>();
        /** Keys of the declared users another ScimApp owns: no change of this plan names them. */
        private final Set<String> handsOff = new LinkedHashSet<>();
        /**
         * Keys of the users whose every change is held, with why: a userName two ScimUsers declare,
         * or a member whose leaving a missing reference holds (its role removals are held with it).
         */
        private final Map<String, UserHold> heldUsers = new HashMap<>();

        /** Why a user's changes are held: a reason of {@link Reason} and what would release them. */
        private record UserHold(String reason, String message) {
        }

        Planning(DesiredState desired, RemoteState remote, PlanPolicy policy, DesiredState baseline, Owner owner) {
            this.desired = desired;
            this.remote = remote;
            this.policy = policy;
            this.baseline = baseline;
            this.owner = owner;
            this.problems.addAll(desired.problems());
        }

        Plan run() {
            if (desired.model() == DesiredState.Model.VIRTUAL_GROUPS && remote.roleGroups().isEmpty()) {
                // Nothing can be granted, and creating members alone would be half a change.
                problems.add(new PlanProblem(Reason.VIRTUAL_GROUPS_UNAVAILABLE, "account " + remote.accountId(),
                        "the account has no 'CF-" + remote.accountId() + " - <Role Name>' groups: Cloudflare ended "
                                + "virtual role groups on 2 December 2025; set groupMode: UserGroups on the ScimApp "
                                + "to push user groups and their policies instead"));
                return new Plan(remote.accountId(), List.of(), List.of(), problems);
            }
            planDeclaredUsers();
            planUndeclaredMembers();
            if (desired.model() == DesiredState.Model.USER_GROUPS) {
                planGroups();
                planLeavingVirtualGroups();
            } else {
                planRoles();
            }
            List<Change> changes = PlanOrder.of(userChanges, memberChanges);
            for (Rail rail : List.of(new DriftRail(desired, baseline, policy), RemovalRateRail.deprovisions(policy),
                    RemovalRateRail.roleRemovals(policy, desired, remote), new LastSuperAdministratorRail(remote))) {
                changes = rail.hold(changes, held);
            }
            changes = holdWideningsWhileLeaversStay(changes);
            if (policy.observeOnly()) {
                changes.forEach(c -> held.add(new HeldChange(c, Reason.MANAGEMENT_POLICY_OBSERVE,
                        "managementPolicy is Observe: plan only, never write")));
                changes = List.of();
            }
            return new Plan(remote.accountId(), changes, held, problems);
        }

        // ---- users --------------------------------------------------------------------------

        private void planDeclaredUsers() {
            DeclarationHolds holds = desired.holds();
            holds.duplicateUserNames().keySet().forEach(key -> heldUsers.put(key,
                    new UserHold(Reason.DUPLICATE_USER_NAME, holds.duplicateMessage(key))));
            List<String> othersMembers = new ArrayList<>();
            for (DesiredUser user : sortedUsers()) {
                Optional<RemoteUser> found = remote.user(user.userName());
                if (found.isPresent() && owner.ownedByAnotherApp(found.get())) {
                    // Another app's member: whatever this app declares of it, it is never written here.
                    handsOff.add(user.key());
                    notJoining.add(user.key());
                    othersMembers.add(user.userName() + " (ScimApp " + Owner.appOf(found.get().externalId()) + ")");
                    continue;
                }
                boolean member = found.map(RemoteUser::active).orElse(false);
                if (user.shouldBeMember()) {
                    if (!member) {
                        Change change = found.isPresent()
                                ? new Change.ReactivateUser(found.get().id(), found.get().userName(),
                                        "assigned and active; deprovisioned in Cloudflare")
                                : new Change.CreateUser(user, "assigned to the app");
                        if (holdUser(user.key(), change)) {
                            notJoining.add(user.key());
                        } else if (policy.createUsers()) {
                            userChanges.add(change);
                        } else {
                            held.add(new HeldChange(change, Reason.PROVISIONING_DISABLED,
                                    "provisioning.createUsers is false"));
                            notJoining.add(user.key());
                        }
                    } else if (policy.updateUsers()) {
                        ProfileDiff.of(user, found.get(), owner).filter(c -> !holdUser(user.key(), c))
                                .ifPresent(userChanges::add);
                    }
                } else if (member) {
                    String why = !user.active() ? "active: false" : "not assigned to the app";
                    if (user.active() && !holds.missingAssignments().isEmpty()) {
                        // The missing resource may be what assigned this member.
                        heldUsers.putIfAbsent(user.key(), new UserHold(Reason.MISSING_REFERENCE,
                                missingMessage(holds.missingAssignments())));
                    }
                    Change.DeactivateUser change = new Change.DeactivateUser(found.get().id(), found.get().userName(), why);
                    if (!holdUser(user.key(), change)) {
                        deactivate(change, user.key());
                    }
                }
            }
            if (!othersMembers.isEmpty()) {
                problems.add(new PlanProblem(Reason.OWNED_ELSEWHERE, "ScimUsers", othersMembers.size()
                        + " declared member(s) belong to another ScimApp (their externalId), which this app never "
                        + "changes, deprovisions or takes a role from: " + firstFive(othersMembers)));
            }
        }

        /**
         * Members no ScimUser declares. A stray (this app created or adopted it: its owner tag)
         * leaves whatever {@code unmanagedUsers} says, once {@link StrayMembers} says it is due; one
         * nobody claims leaves only under {@code unmanagedUsers: Deprovision}; one another owner
         * claims (another ScimApp's tag, an IdP's id) stays, and under Deprovision a warning names it.
         */
        private void planUndeclaredMembers() {
            List<String> claimed = new ArrayList<>();
            List<PlanProblem> missing = desired.holds().missingAssignments();
            undeclaredMembers(desired, remote)
                    .forEach(u -> {
                        String key = DesiredUser.key(u.userName());
                        switch (owner.claimOf(u)) {
                            case MINE -> {
                                Change.DeactivateUser change = new Change.DeactivateUser(u.id(), u.userName(),
                                        "created or adopted by this app; no ScimUser declares it any more");
                                if (!missing.isEmpty()) {
                                    // The missing ScimUser may be the one that declares it.
                                    held.add(new HeldChange(change, Reason.MISSING_REFERENCE, missingMessage(missing)));
                                } else if (!policy.strays().due(key)) {
                                    held.add(new HeldChange(change, Reason.AWAITING_NEXT_SCAN, "no ScimUser declares "
                                            + u.userName() + ", which this app created or adopted: it is deprovisioned "
                                            + "if the next scan finds it still undeclared"));
                                } else {
                                    deactivate(change, key);
                                }
                            }
                            case NOBODY -> {
                                if (policy.deprovisionUnmanaged()) {
                                    deactivate(new Change.DeactivateUser(u.id(), u.userName(),
                                            "no ScimUser declares it (unmanagedUsers: Deprovision)"), key);
                                }
                            }
                            case ANOTHER_APP, ANOTHER_TOOL -> {
                                if (policy.deprovisionUnmanaged()) {
                                    claimed.add(u.userName() + " (externalId \"" + u.externalId() + "\")");
                                }
                            }
                        }
                    });
            if (!claimed.isEmpty()) {
                problems.add(new PlanProblem(Reason.OWNED_ELSEWHERE, "unmanagedUsers", claimed.size()
                        + " member(s) no ScimUser declares are left alone: their externalId names another owner: "
                        + firstFive(claimed)));
            }
        }

        private void deactivate(Change.DeactivateUser change, String key) {
            if (policy.deactivateUsers()) {
                userChanges.add(change);
                leaving.add(key);
            } else {
                held.add(new HeldChange(change, Reason.PROVISIONING_DISABLED, "provisioning.deactivateUsers is false"));
            }
        }

        // ---- roles --------------------------------------------------------------------------

        private void planRoles() {
            Set<String> roles = new TreeSet<>(desired.roles().keySet());
            remote.roleGroups().forEach(g -> roles.add(g.role()));
            roles.remove(MINIMAL_ACCESS);
            for (String role : roles) {
                Set<String> wanted = desired.roles().getOrDefault(role, Set.of());
                Optional<RoleGroup> group = remote.roleGroup(role);
                if (group.isEmpty()) {
                    if (!wanted.isEmpty()) {
                        problems.add(new PlanProblem(Reason.UNKNOWN_ROLE, role, "account " + remote.accountId()
                                + " has no role group 'CF-" + remote.accountId() + " - " + role
                                + "': the role is not available to SCIM in this account"));
                    }
                    continue;
                }
                MembershipDiff diff = MembershipDiff.of(wanted, remote.members(role), desired, remote, notJoining,
                        keptAsIs());
                String groupId = group.get().id();
                if (!diff.add().isEmpty()) {
                    planMembership(diff.add(), names -> new Change.AddMembers(role, groupId, names,
                            "in a group bound to the role"));
                }
                if (!diff.remove().isEmpty()) {
                    planRoleRemoval(role, diff.remove(), names -> new Change.RemoveMembers(role, groupId, names,
                            "no binding gives them the role"));
                }
            }
        }

        // ---- user groups --------------------------------------------------------------------

        /**
         * The user-groups model: each bound ScimGroup is a custom group with its assigned, active
         * members and one policy per bound role; a group this app pushed that no bound ScimGroup
         * declares any more is deleted; another app's group of a declared name is left alone.
         */
        private void planGroups() {
            for (DesiredGroup declared : desired.groups().values()) {
                if (ScimGroupSpec.isReservedName(declared.displayName())) {
                    // Cloudflare would refuse the push; its members keep the roles they hold, and in a
                    // migration they stay in the virtual groups, since no pushed group grants the role.
                    problems.add(new PlanProblem(Reason.RESERVED_GROUP_NAME, declared.displayName(), "'"
                            + declared.displayName() + "' begins with CF, which Cloudflare keeps for its own groups: "
                            + "rename the ScimGroup (spec.displayName) to push it as a user group"));
                    continue;
                }
                Set<String> grantable = new TreeSet<>();
                for (String role : declared.roles()) {
                    if (remote.permissionGroupId(role).isPresent()) {
                        grantable.add(role);
                    } else {
                        problems.add(new PlanProblem(Reason.UNKNOWN_ROLE, role, "account " + remote.accountId()
                                + " has no permission group '" + role + "': no policy can grant it"));
                    }
                }
                DesiredGroup group = declared.withRoles(grantable);
                Optional<RemoteState.CustomGroup> existing = remote.customGroup(group.displayName());
                if (existing.isPresent() && owner.claimOfGroup(existing.get().externalId()) == Owner.Claim.ANOTHER_APP) {
                    // Another app pushed a group of this name: this app neither joins nor changes it.
                    problems.add(new PlanProblem(Reason.OWNED_ELSEWHERE, group.displayName(), "user group '"
                            + group.displayName() + "' was pushed by ScimApp " + Owner.appOf(existing.get().externalId())
                            + ", which owns it: this app leaves it alone; give the ScimGroup another displayName"));
                    continue;
                }
                group.memberKeys().forEach(k -> pushedRoles.computeIfAbsent(k, x -> new TreeSet<>()).addAll(grantable));
                Optional<RemoteState.CustomGroup> renamed = existing.isPresent() || group.knownId() == null
                        ? Optional.empty() : remote.customGroupById(group.knownId())
                        .filter(g -> owner.claimOfGroup(g.externalId()) == Owner.Claim.MINE);
                if (renamed.isPresent()) {
                    renamedIds.add(renamed.get().id());
                    memberChanges.add(new Change.RenameGroup(renamed.get().id(), renamed.get().displayName(),
                            group.displayName(), "the ScimGroup's displayName changed"));
                    existing = renamed.map(g -> g.withDisplayName(group.displayName()));
                }
                // Members leaving the account lose their groups with it; but one whose policy widens
                // must not reach them first (nor while their deprovision is held): they leave it too.
                boolean widens = existing.map(g -> !g.roles().containsAll(group.roles())).orElse(false);
                MembershipDiff diff = MembershipDiff.of(group.memberKeys(),
                        existing.map(g -> remote.customMembers(g.id())).orElse(Set.of()), desired, remote, notJoining,
                        widens ? handsOff : keptAsIs());
                if (existing.isEmpty()) {
                    // Create, then its policy, then its members: a member never sits in a user group
                    // that does not grant its roles yet (such a group can block its members' logins).
                    memberChanges.add(new Change.CreateGroup(group.displayName(), "bound to "
                            + String.join(", ", group.roles())));
                    if (!group.roles().isEmpty()) {
                        memberChanges.add(new Change.SetGroupRoles(null, group.displayName(), group.roles(), Set.of(),
                                "one policy per bound role"));
                    }
                    if (!diff.target().isEmpty()) {
                        planMembership(diff.target(), names -> new Change.AddGroupMembers(null, group.displayName(),
                                names, "in the ScimGroup, assigned and active"));
                    }
                    continue;
                }
                RemoteState.CustomGroup actual = existing.get();
                if (owner.claimOfGroup(actual.externalId()) != Owner.Claim.MINE) {
                    memberChanges.add(new Change.AdoptGroup(actual.id(), actual.displayName(),
                            "a user group of this name exists that cfscim did not push"));
                }
                if (!actual.roles().equals(group.roles())) {
                    memberChanges.add(new Change.SetGroupRoles(actual.id(), actual.displayName(), group.roles(),
                            actual.roles(), "the bindings of the group changed"));
                }
                if (!diff.add().isEmpty()) {
                    planMembership(diff.add(), names -> new Change.AddGroupMembers(actual.id(), actual.displayName(),
                            names, "in the ScimGroup, assigned and active"));
                }
                if (!diff.remove().isEmpty()) {
                    planMembership(diff.remove(), names -> new Change.RemoveGroupMembers(actual.id(),
                            actual.displayName(), names, "no longer in the ScimGroup"));
                }
            }
            // What this app pushed and no bound ScimGroup declares any more goes, its members losing
            // what it granted (through the role-removal brake and the Super Administrator rail);
            // groups this app did not push are never deleted.
            Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            wanted.addAll(desired.groups().keySet());
            Set<String> declared = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            declared.addAll(desired.declaredGroupNames());
            for (RemoteState.CustomGroup group : remote.customGroups()) {
                if (owner.claimOfGroup(group.externalId()) == Owner.Claim.MINE && !wanted.contains(group.displayName())
                        && !renamedIds.contains(group.id())) {
                    memberChanges.add(new Change.DeleteGroup(group.id(), group.displayName(),
                            declared.contains(group.displayName()) ? "no GroupRoleBinding uses the ScimGroup any more"
                                    : "pushed by this app; no ScimGroup declares it any more"));
                }
            }
        }

        /**
         * Migration: in the user-groups model roles come only through user groups, so managed
         * members leave the virtual role groups an account still has. These are removals, planned
         * after every grant; the applier makes none of them if a grant before them failed, and the
         * Super Administrator rail counts the user groups' grants. Nobody is ever between the two
         * models without a role they should keep.
         */
        private void planLeavingVirtualGroups() {
            for (RoleGroup group : remote.roleGroups()) {
                if (group.role().equals(MINIMAL_ACCESS)) {
                    continue;
                }
                List<String> remove = new ArrayList<>();
                List<String> keep = new ArrayList<>();
                for (String id : remote.members(group.role())) {
                    remote.userById(id).ifPresent(u -> {
                        String key = DesiredUser.key(u.userName());
                        if (!desired.users().containsKey(key) || leaving.contains(key) || handsOff.contains(key)) {
                            return;
                        }
                        // A role the declaration still gives must arrive through a user group first.
                        boolean declared = desired.rolesOf(key).contains(group.role());
                        boolean pushed = pushedRoles.getOrDefault(key, Set.of()).contains(group.role());
                        (declared && !pushed ? keep : remove).add(u.userName());
                    });
                }
                if (!remove.isEmpty()) {
                    remove.sort(String.CASE_INSENSITIVE_ORDER);
                    planRoleRemoval(group.role(), remove, names -> new Change.RemoveMembers(group.role(), group.id(),
                            names, "groupMode UserGroups: the role comes through user groups now"));
                }
                if (!keep.isEmpty()) {
                    keep.sort(String.CASE_INSENSITIVE_ORDER);
                    held.add(new HeldChange(new Change.RemoveMembers(group.role(), group.id(), keep,
                            "groupMode UserGroups"), Reason.ROLE_NOT_YET_GRANTED, "no user group grants '"
                            + group.role() + "' yet: the virtual group keeps it until one does"));
                }
            }
        }

        // ---- holds --------------------------------------------------------------------------

        /**
         * A group's policy widens only once everybody who must not get the wider policy has left
         * it: while a rail holds a removal from the group, the widening waits with it.
         */
        private List<Change> holdWideningsWhileLeaversStay(List<Change> changes) {
            Map<String, HeldChange> heldRemovals = new HashMap<>();
            held.stream().filter(h -> h.change().action() == Change.Action.REMOVE_GROUP_MEMBERS)
                    .forEach(h -> heldRemovals.putIfAbsent(h.change().pushedGroup().toLowerCase(java.util.Locale.ROOT), h));
            if (heldRemovals.isEmpty()) {
                return changes;
            }
            List<Change> kept = new ArrayList<>();
            for (Change change : changes) {
                HeldChange removal = change.action() == Change.Action.SET_GROUP_ROLES
                        && ((Change.SetGroupRoles) change).widens()
                        ? heldRemovals.get(change.pushedGroup().toLowerCase(java.util.Locale.ROOT)) : null;
                if (removal == null) {
                    kept.add(change);
                } else {
                    held.add(new HeldChange(change, removal.reason(), "the group keeps its policy while "
                            + String.join(", ", removal.change().userNames()) + " must leave it first: "
                            + removal.message()));
                }
            }
            return kept;
        }

        /** Holds {@code change} when a hold stands on the user {@code key}; says whether it did. */
        private boolean holdUser(String key, Change change) {
            UserHold hold = heldUsers.get(key);
            if (hold != null) {
                held.add(new HeldChange(change, hold.reason(), hold.message()));
            }
            return hold != null;
        }

        /**
         * Plans the membership change {@code make} builds for {@code userNames}, but for the users a
         * hold stands on: their part is held, with the hold's reason.
         */
        private void planMembership(List<String> userNames, Function<List<String>, Change> make) {
            List<String> free = new ArrayList<>();
            Map<UserHold, List<String>> heldNames = new LinkedHashMap<>();
            for (String userName : userNames) {
                UserHold hold = heldUsers.get(DesiredUser.key(userName));
                if (hold == null) {
                    free.add(userName);
                } else {
                    heldNames.computeIfAbsent(hold, h -> new ArrayList<>()).add(userName);
                }
            }
            if (!free.isEmpty()) {
                memberChanges.add(make.apply(free));
            }
            heldNames.forEach((hold, names) -> held.add(new HeldChange(make.apply(names), hold.reason(), hold.message())));
        }

        /** As {@link #planMembership}, for taking {@code role} away: held whole while a binding of it is incomplete. */
        private void planRoleRemoval(String role, List<String> userNames, Function<List<String>, Change> make) {
            PlanProblem missing = desired.holds().missingRoleSources().get(role);
            if (missing == null) {
                planMembership(userNames, make);
            } else {
                held.add(new HeldChange(make.apply(userNames), Reason.MISSING_REFERENCE, missing.message()));
            }
        }

        private static String missingMessage(List<PlanProblem> missing) {
            return missing.get(0).message() + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more missing)" : "");
        }

        private static String firstFive(List<String> names) {
            return String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", ..." : "");
        }

        /** Keys of the users no membership removal may name: leaving the account, or another app's. */
        private Set<String> keptAsIs() {
            Set<String> keys = new HashSet<>(leaving);
            keys.addAll(handsOff);
            return keys;
        }

        private List<DesiredUser> sortedUsers() {
            return new ArrayList<>(new TreeMap<>(desired.users()).values());
        }
    }
}
