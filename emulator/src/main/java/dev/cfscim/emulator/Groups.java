package dev.cfscim.emulator;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The groups of one account, of every kind, and the invariant they share: no two groups have one
 * display name, whatever its case. Their members are kept by {@link Memberships}. Guarded by its
 * account's lock.
 */
final class Groups {

    private final Map<String, Group> byId = new LinkedHashMap<>();

    /**
     * Back to the groups Cloudflare makes with the account: a virtual role group for each
     * account-scoped role, a user-groups system group for each, or both, as the profile says.
     */
    void reset(String accountId, Profile profile, Roles roles) {
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

    /** Drops a group; {@link Memberships#dissolve} takes its members out first. */
    void remove(Group group) {
        byId.remove(group.id);
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
