package dev.cfscim.api.load;

import dev.cfscim.api.LabelSelectors;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a group's spec resolves to among its namespace's ScimUsers: its members (in the order
 * found; by name on first asking) and the names in its member list that match no ScimUser.
 */
final class GroupMembership {
    private final List<ScimUser> unordered;
    private final List<String> unknown;
    private volatile List<ScimUser> byName;

    private GroupMembership(List<ScimUser> unordered, List<String> unknown) {
        this.unordered = unordered;
        this.unknown = unknown;
    }

    /** {@code group}'s members among {@code users}: the named ones that exist, and those its selector matches. */
    static GroupMembership of(ScimGroup group, NamespaceUsers users) {
        if (group.getSpec() == null) {
            return new GroupMembership(List.of(), List.of());
        }
        // In the order given: a sort by name then takes a list written in order in one pass.
        Map<String, ScimUser> members = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        List<String> names = group.getSpec().getMembers();
        for (String name : names == null ? List.<String>of() : names) {
            if (name == null) {
                continue;
            }
            ScimUser user = users.find(name);
            if (user != null) {
                members.putIfAbsent(name, user);
            } else {
                unknown.add(name);
            }
        }
        if (group.getSpec().getMemberSelector() != null) {
            for (ScimUser user : users.list()) {
                if (LabelSelectors.matches(group.getSpec().getMemberSelector(), user.getMetadata().getLabels())) {
                    members.putIfAbsent(user.getMetadata().getName(), user);
                }
            }
        }
        return new GroupMembership(List.copyOf(members.values()), List.copyOf(unknown));
    }

    /**
     * Users in name order. Sorted once at the end rather than kept in a tree: member lists are
     * mostly written in order, which a merge sort takes in one pass.
     */
    static List<ScimUser> byName(Collection<ScimUser> users) {
        List<ScimUser> sorted = new ArrayList<>(users);
        sorted.sort(Comparator.comparing(u -> u.getMetadata().getName()));
        return List.copyOf(sorted);
    }

    List<ScimUser> unordered() {
        return unordered;
    }

    List<String> unknown() {
        return unknown;
    }

    List<ScimUser> members() {
        List<ScimUser> sorted = byName;
        if (sorted == null) {
            sorted = byName(unordered);
            byName = sorted;
        }
        return sorted;
    }
}
