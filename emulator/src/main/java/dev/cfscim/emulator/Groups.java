package dev.cfscim.emulator;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The groups of one account and the two invariants every kind of group shares: membership is kept
 * on both sides (a group's member ids and a member's group ids) and only active members join; no
 * two groups share a display name, whatever its case. Guarded by its account's lock.
 */
final class Groups {

    private final String accountId;
    private final Members members;
    private final Map<String, Group> byId = new LinkedHashMap<>();

    Groups(String accountId, Members members) {
        this.accountId = accountId;
        this.members = members;
    }

    /**
     * Back to the groups Cloudflare makes with the account: a virtual role group for each
     * account-scoped role, a user-groups system group for each, or both, as the profile says.
     */
    void reset(Profile profile, Roles roles) {
        byId.clear();
        Instant now = Instant.now();
        for (String role : roles.accountScoped()) {
            if (profile != Profile.USER_GROUPS) {
                add(new Group(Roles.stableId(accountId + ":role-group:" + role), Group.Kind.ROLE, role,
                        "CF-" + accountId + " - " + role, false, now));
            }
            if (profile != Profile.VIRTUAL_GROUPS) {
                add(new Group("cloudflare-v1-" + roles.permissionGroupId(role), Group.Kind.SYSTEM, role,
                        role, false, now));
            }
        }
    }

    void add(Group group) {
        byId.put(group.id, group);
    }

    Collection<Group> all() {
        return byId.values();
    }

    Group get(String groupId) {
        Group group = byId.get(groupId);
        if (group == null) {
            throw Rejection.notFound("Group " + groupId);
        }
        return group;
    }

    /** The group of this id, or empty. */
    Optional<Group> find(String groupId) {
        return Optional.ofNullable(byId.get(groupId));
    }

    List<Group> list(String displayNameFilter) {
        if (displayNameFilter == null) {
            return List.copyOf(byId.values());
        }
        return byId.values().stream().filter(g -> g.displayName.equalsIgnoreCase(displayNameFilter)).toList();
    }

    /** The first group of this display name in any case that passes {@code also}, or empty. */
    Optional<Group> named(String displayName, java.util.function.Predicate<Group> also) {
        return byId.values().stream()
                .filter(g -> g.displayName.equalsIgnoreCase(displayName) && also.test(g))
                .findFirst();
    }

    Set<String> namesOf(Member member) {
        Set<String> names = new LinkedHashSet<>();
        member.groupIds.forEach(gid -> names.add(byId.get(gid).displayName));
        return names;
    }

    // ---- membership -----------------------------------------------------------------------------

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
            byId.get(groupId).memberIds.remove(member.id);
        }
        member.groupIds.clear();
    }

    void remove(Group group) {
        leaveAll(group);
        byId.remove(group.id);
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

    /** Refuses a display name that is blank, reserved by Cloudflare, or another group's. */
    void checkCustomName(String displayName, Group self) {
        if (displayName == null || displayName.isBlank()) {
            throw Rejection.invalidValue("displayName is required");
        }
        if (displayName.startsWith("CF")) {
            throw Rejection.invalidValue("displayName '" + displayName + "' begins with CF, which Cloudflare reserves");
        }
        if (named(displayName, other -> other != self).isPresent()) {
            throw Rejection.uniqueness("a group named '" + displayName + "' already exists");
        }
    }
}
