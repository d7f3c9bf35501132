package dev.cfscim.plan;

/**
 * How many role memberships a change takes away, as {@code roleRemovalLimit} counts them: one per
 * (member, role) or (member, user group) pair. A deprovision counts none (the deprovision limit
 * counts it), nor does a removal from a virtual role group of a role the declaration still gives
 * (a migration to user groups, where the role arrives through a pushed group first).
 */
public final class RoleRemovals implements Change.Visitor<Integer> {

    private final DesiredState desired;
    private final RemoteState remote;

    private RoleRemovals(DesiredState desired, RemoteState remote) {
        this.desired = desired;
        this.remote = remote;
    }

    /** Counted against {@code remote} as it is before the change is applied. */
    public static int of(Change change, DesiredState desired, RemoteState remote) {
        return change.accept(new RoleRemovals(desired, remote));
    }

    @Override
    public Integer removeMembers(Change.RemoveMembers removal) {
        return (int) removal.userNames().stream()
                .filter(n -> !desired.rolesOf(DesiredUser.key(n)).contains(removal.role())).count();
    }

    @Override
    public Integer removeGroupMembers(Change.RemoveGroupMembers removal) {
        return removal.userNames().size();
    }

    @Override
    public Integer setGroupRoles(Change.SetGroupRoles roles) {
        long revoked = roles.before().stream().filter(r -> !roles.roles().contains(r)).count();
        return (int) revoked * membersOf(roles.groupId());
    }

    /** A deleted group strips its members of what it granted. */
    @Override
    public Integer deleteGroup(Change.DeleteGroup delete) {
        return membersOf(delete.groupId());
    }

    @Override
    public Integer createUser(Change.CreateUser change) {
        return 0;
    }

    @Override
    public Integer reactivateUser(Change.ReactivateUser change) {
        return 0;
    }

    @Override
    public Integer updateUser(Change.UpdateUser change) {
        return 0;
    }

    @Override
    public Integer deactivateUser(Change.DeactivateUser change) {
        return 0;
    }

    @Override
    public Integer addMembers(Change.AddMembers change) {
        return 0;
    }

    @Override
    public Integer createGroup(Change.CreateGroup change) {
        return 0;
    }

    @Override
    public Integer adoptGroup(Change.AdoptGroup change) {
        return 0;
    }

    @Override
    public Integer renameGroup(Change.RenameGroup change) {
        return 0;
    }

    @Override
    public Integer addGroupMembers(Change.AddGroupMembers change) {
        return 0;
    }

    private int membersOf(String groupId) {
        return groupId == null ? 0 : remote.customMembers(groupId).size();
    }
}
