package dev.cfscim.plan;

/**
 * How many role memberships a change takes away, as {@code roleRemovalLimit} counts them: one per
 * (member, role) or (member, user group) pair. A deprovision counts none (the deprovision limit
 * counts it), nor does a removal from a virtual role group of a role the declaration still gives
 * (a migration to user groups, where the role arrives through a pushed group first).
 */
public final class RoleRemovals {

    private RoleRemovals() {
    }

    /** Counted against {@code remote} as it is before the change is applied. */
    public static int of(Change change, DesiredState desired, RemoteState remote) {
        return switch (change.action()) {
            case REMOVE_MEMBERS -> {
                Change.RemoveMembers removal = (Change.RemoveMembers) change;
                yield (int) removal.userNames().stream()
                        .filter(n -> !desired.rolesOf(DesiredUser.key(n)).contains(removal.role())).count();
            }
            case REMOVE_GROUP_MEMBERS -> change.userNames().size();
            case SET_GROUP_ROLES -> {
                Change.SetGroupRoles roles = (Change.SetGroupRoles) change;
                long revoked = roles.before().stream().filter(r -> !roles.roles().contains(r)).count();
                yield (int) revoked * membersOf(roles.groupId(), remote);
            }
            // A deleted group strips its members of what it granted.
            case DELETE_GROUP -> membersOf(((Change.DeleteGroup) change).groupId(), remote);
            case CREATE_USER, REACTIVATE_USER, UPDATE_USER, DEACTIVATE_USER, ADD_MEMBERS, CREATE_GROUP, ADOPT_GROUP,
                    RENAME_GROUP, ADD_GROUP_MEMBERS -> 0;
        };
    }

    private static int membersOf(String groupId, RemoteState remote) {
        return groupId == null ? 0 : remote.customMembers(groupId).size();
    }
}
