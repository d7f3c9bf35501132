package dev.cfscim.plan;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Sets of members keyed by what they belong to (a role, a group's id), as the desired and remote states keep them. */
final class MemberSets {

    private MemberSets() {
    }

    /** Adds members to the set under {@code key}, starting the set with its first members. */
    static void add(Map<String, Set<String>> sets, String key, Collection<String> members) {
        sets.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(members);
    }

    /** Takes members out of the set under {@code key}, if there is one. */
    static void remove(Map<String, Set<String>> sets, String key, Collection<String> members) {
        Set<String> own = sets.get(key);
        if (own != null) {
            own.removeAll(members);
        }
    }

    /** The keys whose set holds {@code member}, sorted: the roles a member holds, say. */
    static Set<String> keysHolding(Map<String, Set<String>> sets, String member) {
        Set<String> keys = new TreeSet<>();
        sets.forEach((key, members) -> {
            if (members.contains(member)) {
                keys.add(key);
            }
        });
        return keys;
    }
}
