package dev.cfscim.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which account-scoped roles a member holds, and through what: its own roles and policies, a role
 * or system group's role, a custom group's allow policies on the whole account. Derived, never
 * stored (the record holds only what it reads): guarded by its account's lock like the members
 * and groups it reads.
 */
record RoleGrants(String accountScopeKey, Roles roles, Members members, Groups groups) {

    /** Minimal Account Access first, then the other roles in name order. */
    List<String> effectiveRoles(Member member) {
        Set<String> granted = ownRoles(member);
        for (String groupId : member.groupIds) {
            granted.addAll(grantedBy(groups.get(groupId)));
        }
        granted.remove(Roles.MINIMAL);
        List<String> result = new ArrayList<>(granted.size() + 1);
        result.add(Roles.MINIMAL);
        result.addAll(granted);
        return result;
    }

    List<String> grantedBy(Group group) {
        if (group.role != null) {
            return List.of(group.role);
        }
        Set<String> granted = new TreeSet<>();
        for (Policy policy : group.policies) {
            if (policy.grantsOn(accountScopeKey)) {
                for (String pg : policy.permissionGroupIds()) {
                    roles.roleOfPermissionGroup(pg).ifPresent(granted::add);
                }
            }
        }
        return List.copyOf(granted);
    }

    Set<String> superAdministratorIds() {
        Set<String> ids = new HashSet<>();
        for (Member member : members.all()) {
            if (member.active && ownRoles(member).contains(Roles.SUPER_ADMINISTRATOR)) {
                ids.add(member.id);
            }
        }
        for (Group group : groups.all()) {
            if (grantedBy(group).contains(Roles.SUPER_ADMINISTRATOR)) {
                ids.addAll(group.memberIds);
            }
        }
        return ids;
    }

    boolean isOnlySuperAdministrator(Member member) {
        Set<String> ids = superAdministratorIds();
        return ids.size() == 1 && ids.contains(member.id);
    }

    /**
     * The roles a member's own allow policies grant on the whole account: its direct roles (each
     * assigned role shows as a policy too) and the roles it holds through policies alone.
     */
    List<String> memberPolicyRoles(String userId) {
        Member member = members.find(userId);
        return member == null ? List.of() : List.copyOf(ownRoles(member));
    }

    /** The roles given to the member itself, as roles or through its own policies, in name order. */
    private static Set<String> ownRoles(Member member) {
        return union(member.directRoles, member.policyOnlyRoles);
    }

    /** Both sets of role names, in name order. */
    static Set<String> union(Collection<String> some, Collection<String> others) {
        Set<String> all = new TreeSet<>(some);
        all.addAll(others);
        return all;
    }
}
