package dev.cfscim.emulator;

import java.util.List;

/**
 * Copies of the account's members and groups, with the roles each holds or grants, for callers
 * that read them after the account's lock is released (the admin API, tests). Guarded by its
 * account's lock while it copies.
 */
record AccountViews(Members members, Groups groups, RoleGrants grants) {

    List<MemberView> memberViews() {
        return members.all().stream().map(this::of).toList();
    }

    MemberView of(Member member) {
        return new MemberView(member.id, member.userName, member.active, member.source,
                member.active ? grants.effectiveRoles(member) : List.of(), member.externalId);
    }

    List<GroupView> groupViews() {
        return groups.all().stream()
                .map(g -> new GroupView(g.id, g.displayName, g.kind.label, g.role, List.copyOf(g.memberIds),
                        grants.grantedBy(g)))
                .toList();
    }
}
