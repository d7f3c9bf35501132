package dev.cfscim.emulator;

import java.util.List;

/**
 * Who belongs to which group, kept on both sides (a group's member ids, a member's group ids), and
 * the rule that only active members join. Stateless: the state is the members' and the groups',
 * guarded by their account's lock.
 */
record Memberships(String accountId, Members members, Groups groups) {

    void join(Group group, String userId) {
        group.memberIds.add(userId);
        members.find(userId).groupIds.add(group.id);
    }

    void leave(Group group, String userId) {
        group.memberIds.remove(userId);
        Member member = members.find(userId);
        if (member != null) {
            member.groupIds.remove(group.id);
        }
    }

    void leaveAll(Group group) {
        List.copyOf(group.memberIds).forEach(userId -> leave(group, userId));
    }

    /** Takes a deprovisioned member out of every group it was in. */
    void leaveAll(Member member) {
        for (String groupId : member.groupIds) {
            groups.get(groupId).memberIds.remove(member.id);
        }
        member.groupIds.clear();
    }

    /** Removes a group, its members first. */
    void dissolve(Group group) {
        leaveAll(group);
        groups.remove(group);
    }

    /** Refuses user ids that are not active members: Cloudflare adds only provisioned users to a group. */
    void checkMembers(List<String> userIds) {
        for (String userId : userIds) {
            Member member = members.find(userId);
            if (member == null || !member.active) {
                throw Rejection.invalidValue("user " + userId + " is not a member of account " + accountId
                        + ": provision the user before adding it to a group");
            }
        }
    }
}
