package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The planner's rules for memberships and groups: role groups in the virtual-groups model; pushed
 * user groups, their policies and members, and the virtual groups a migration leaves, in the
 * user-groups model.
 */
final class GroupPlanning {

    private final Planning p;
    /** User-groups model: the roles each user will hold through the groups this plan pushes. */
    private final Map<String, Set<String>> pushedRoles = new TreeMap<>();
    /** Ids of the pushed groups this plan renames: found under their old name, never deleted for it. */
    private final Set<String> renamedIds = new HashSet<>();

    GroupPlanning(Planning planning) {
        this.p = planning;
    }

    /**
     * Virtual-groups model: per role group, the managed members should be exactly the assigned,
     * active members of the groups bound to the role.
     */
    void planRoles() {
        Set<String> roles = new TreeSet<>(p.desired.roles().keySet());
        p.remote.roleGroups().forEach(g -> roles.add(g.role()));
        roles.remove(Planner.MINIMAL_ACCESS);
        for (String role : roles) {
            Set<String> wanted = p.desired.roles().getOrDefault(role, Set.of());
            Optional<RoleGroup> group = p.remote.roleGroup(role);
            if (group.isEmpty()) {
                if (!wanted.isEmpty()) {
                    p.problem(new PlanProblem(Reason.UNKNOWN_ROLE, role, "account " + p.remote.accountId()
                            + " has no role group 'CF-" + p.remote.accountId() + " - " + role
                            + "': the role is not available to SCIM in this account"));
                }
                continue;
            }
            MembershipDiff diff = MembershipDiff.of(p.scope, wanted, () -> p.remote.members(role),
                    id -> p.remote.holdsRole(role, id), p.desired, p.remote, p.notJoining(), p.keptAsIs());
            String groupId = group.get().id();
            if (!diff.add().isEmpty()) {
                p.planMembership(diff.add(), names -> new Change.AddMembers(role, groupId, names,
                        "in a group bound to the role"));
            }
            if (!diff.remove().isEmpty()) {
                p.planRoleRemoval(role, diff.remove(), names -> new Change.RemoveMembers(role, groupId, names,
                        "no binding gives them the role"));
            }
        }
    }

    /**
     * The user-groups model: each bound ScimGroup is a custom group with its assigned, active
     * members and one policy per bound role; a group this app pushed that no bound ScimGroup
     * declares any more is deleted; another app's group of a declared name is left alone.
     */
    void planUserGroups() {
        for (DesiredGroup declared : p.desired.groups().values()) {
            if (ScimGroupSpec.isReservedName(declared.displayName())) {
                // Cloudflare would refuse the push; its members keep the roles they hold, and in a
                // migration they stay in the virtual groups, since no pushed group grants the role.
                p.problem(new PlanProblem(Reason.RESERVED_GROUP_NAME, declared.displayName(), "'"
                        + declared.displayName() + "' begins with CF, which Cloudflare keeps for its own groups: "
                        + "rename the ScimGroup (spec.displayName) to push it as a user group"));
                continue;
            }
            Set<String> grantable = new TreeSet<>();
            for (String role : declared.roles()) {
                if (p.remote.permissionGroupId(role).isPresent()) {
                    grantable.add(role);
                } else {
                    p.problem(new PlanProblem(Reason.UNKNOWN_ROLE, role, "account " + p.remote.accountId()
                            + " has no permission group '" + role + "': no policy can grant it"));
                }
            }
            DesiredGroup group = declared.withRoles(grantable);
            Optional<CustomGroup> existing = p.remote.customGroup(group.displayName());
            if (existing.isPresent() && p.owner.claimOfGroup(existing.get().externalId()) == Owner.Claim.ANOTHER_APP) {
                // Another app pushed a group of this name: this app neither joins nor changes it.
                p.problem(new PlanProblem(Reason.OWNED_ELSEWHERE, group.displayName(), "user group '"
                        + group.displayName() + "' was pushed by ScimApp " + Owner.appOf(existing.get().externalId())
                        + ", which owns it: this app leaves it alone; give the ScimGroup another displayName"));
                continue;
            }
            membersInScope(group).forEach(k -> pushedRoles.computeIfAbsent(k, x -> new TreeSet<>()).addAll(grantable));
            Optional<CustomGroup> renamed = existing.isPresent() || group.knownId() == null
                    ? Optional.empty() : p.remote.customGroupById(group.knownId())
                    .filter(g -> p.owner.claimOfGroup(g.externalId()) == Owner.Claim.MINE);
            if (renamed.isPresent()) {
                renamedIds.add(renamed.get().id());
                p.memberChange(new Change.RenameGroup(renamed.get().id(), renamed.get().displayName(),
                        group.displayName(), "the ScimGroup's displayName changed"));
                existing = renamed.map(g -> g.withDisplayName(group.displayName()));
            }
            // Members leaving the account lose their groups with it; but one whose policy widens
            // must not reach them first (nor while their deprovision is held): they leave it too.
            boolean widens = existing.map(g -> !g.roles().containsAll(group.roles())).orElse(false);
            String existingId = existing.map(CustomGroup::id).orElse(null);
            // A group to create is pushed with all its members (an edit that declares it touched each of them).
            MembershipDiff diff = MembershipDiff.of(existing.isEmpty() ? PlanScope.ALL : p.scope, group.memberKeys(),
                    () -> existingId == null ? Set.of() : p.remote.customMembers(existingId),
                    id -> existingId != null && p.remote.inCustomGroup(existingId, id), p.desired, p.remote,
                    p.notJoining(), widens ? p.handsOff() : p.keptAsIs());
            if (existing.isEmpty()) {
                // Create, then its policy, then its members: a member never sits in a user group
                // that does not grant its roles yet (such a group can block its members' logins).
                p.memberChange(new Change.CreateGroup(group.displayName(), "bound to "
                        + String.join(", ", group.roles())));
                if (!group.roles().isEmpty()) {
                    p.memberChange(new Change.SetGroupRoles(null, group.displayName(), group.roles(), Set.of(),
                            "one policy per bound role"));
                }
                if (!diff.target().isEmpty()) {
                    p.planMembership(diff.target(), names -> new Change.AddGroupMembers(null, group.displayName(),
                            names, "in the ScimGroup, assigned and active"));
                }
                continue;
            }
            CustomGroup actual = existing.get();
            if (p.owner.claimOfGroup(actual.externalId()) != Owner.Claim.MINE) {
                p.memberChange(new Change.AdoptGroup(actual.id(), actual.displayName(),
                        "a user group of this name exists that cfscim did not push"));
            }
            if (!actual.roles().equals(group.roles())) {
                p.memberChange(new Change.SetGroupRoles(actual.id(), actual.displayName(), group.roles(),
                        actual.roles(), "its policy differs from what its bindings give"));
            }
            if (!diff.add().isEmpty()) {
                p.planMembership(diff.add(), names -> new Change.AddGroupMembers(actual.id(), actual.displayName(),
                        names, "in the ScimGroup, assigned and active"));
            }
            if (!diff.remove().isEmpty()) {
                p.planMembership(diff.remove(), names -> new Change.RemoveGroupMembers(actual.id(),
                        actual.displayName(), names, "no longer in the ScimGroup"));
            }
        }
        // What this app pushed and no bound ScimGroup declares any more goes, its members losing
        // what it granted (through the role-removal brake and the Super Administrator rail);
        // groups this app did not push are never deleted. But while a binding names a ScimGroup
        // that does not exist, a group granting its role may be that ScimGroup's: it stays, as
        // the role stays in the virtual-groups model, until the ScimGroup is back or unbound.
        Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        wanted.addAll(p.desired.groups().keySet());
        Set<String> declared = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        declared.addAll(p.desired.declaredGroupNames());
        for (CustomGroup group : p.remote.customGroups()) {
            if (p.owner.claimOfGroup(group.externalId()) == Owner.Claim.MINE && !wanted.contains(group.displayName())
                    && !renamedIds.contains(group.id())) {
                Change.DeleteGroup delete = new Change.DeleteGroup(group.id(), group.displayName(),
                        declared.contains(group.displayName()) ? "no GroupRoleBinding uses the ScimGroup any more"
                                : "pushed by this app; no ScimGroup declares it any more");
                Optional<PlanProblem> missing = group.roles().stream()
                        .map(role -> p.desired.holds().missingRoleSources().get(role)).filter(Objects::nonNull).findFirst();
                if (missing.isPresent()) {
                    p.hold(delete, Reason.MISSING_REFERENCE, missing.get().message());
                } else {
                    p.memberChange(delete);
                }
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
    void planLeavingVirtualGroups() {
        for (RoleGroup group : p.remote.roleGroups()) {
            if (group.role().equals(Planner.MINIMAL_ACCESS)) {
                continue;
            }
            List<String> remove = new ArrayList<>();
            List<String> keep = new ArrayList<>();
            for (String id : p.scope.isAll() ? p.remote.members(group.role())
                    : p.remoteUsers().map(RemoteUser::id).filter(id -> p.remote.holdsRole(group.role(), id)).toList()) {
                p.remote.userById(id).ifPresent(u -> {
                    String key = DesiredUser.key(u.userName());
                    if (!p.desired.users().containsKey(key) || p.keptAsIs().contains(key)) {
                        return;
                    }
                    // A role the declaration still gives must arrive through a user group first.
                    boolean declared = p.desired.rolesOf(key).contains(group.role());
                    boolean pushed = pushedRoles.getOrDefault(key, Set.of()).contains(group.role());
                    (declared && !pushed ? keep : remove).add(u.userName());
                });
            }
            if (!remove.isEmpty()) {
                remove.sort(String.CASE_INSENSITIVE_ORDER);
                p.planRoleRemoval(group.role(), remove, names -> new Change.RemoveMembers(group.role(), group.id(),
                        names, "groupMode UserGroups: the role comes through user groups now"));
            }
            if (!keep.isEmpty()) {
                keep.sort(String.CASE_INSENSITIVE_ORDER);
                p.hold(new Change.RemoveMembers(group.role(), group.id(), keep, "groupMode UserGroups"),
                        Reason.ROLE_NOT_YET_GRANTED, "no user group grants '" + group.role()
                        + "' yet: the virtual group keeps it until one does");
            }
        }
    }

    /** The keys of a pushed group's members the plan looks at: all, or those of the scope. */
    private Collection<String> membersInScope(DesiredGroup group) {
        return p.scope.isAll() ? group.memberKeys()
                : p.scope.keys().stream().filter(group.memberKeys()::contains).toList();
    }

    /**
     * A group's policy widens only once everybody who must not get the wider policy has left
     * it: while a rail holds a removal from the group, the widening waits with it.
     */
    static List<Change> holdWideningsWhileLeaversStay(List<Change> changes, List<HeldChange> held) {
        Map<String, HeldChange> heldRemovals = new HashMap<>();
        held.stream().filter(h -> h.change().action() == Change.Action.REMOVE_GROUP_MEMBERS)
                .forEach(h -> heldRemovals.putIfAbsent(h.change().pushedGroup().toLowerCase(Locale.ROOT), h));
        if (heldRemovals.isEmpty()) {
            return changes;
        }
        List<Change> kept = new ArrayList<>();
        for (Change change : changes) {
            HeldChange removal = change.widens() ? heldRemovals.get(change.pushedGroup().toLowerCase(Locale.ROOT)) : null;
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
}
