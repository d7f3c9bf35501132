package dev.cfscim.plan;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;

/**
 * Which users an edit of the declaration touches: the index from a change of a ScimUser, a
 * ScimGroup (its members, selector, displayName), a GroupRoleBinding or an assignment to the users
 * whose plan it can change, found by comparing the desired states before and after rather than by
 * reading the event, so that no kind of edit can slip past it. Pure.
 *
 * <p>Anything that bears on every user (the account, the model, a hold such as a missing reference or
 * a duplicate userName) asks for a full plan. Groups themselves are planned whole whatever the scope.
 */
public final class DeclarationDiff {

    private DeclarationDiff() {
    }

    /** The users whose plan may differ between {@code before} and {@code after}; {@link PlanScope#ALL} when any may. */
    public static PlanScope touched(DesiredState before, DesiredState after) {
        if (before == null || !before.accountId().equals(after.accountId()) || before.model() != after.model()
                || !before.holds().equals(after.holds())) {
            return PlanScope.ALL;
        }
        Set<String> keys = new HashSet<>();
        if (before.users() != after.users()) {
            // The same map is the same users: the declaration index reused it, no ScimUser changed.
            changedEntries(before.users(), after.users(), keys);
        }
        for (String role : union(before.roles().keySet(), after.roles().keySet())) {
            symmetricDifference(before.roles().getOrDefault(role, Set.of()), after.roles().getOrDefault(role, Set.of()),
                    keys);
        }
        for (String name : union(before.groups().keySet(), after.groups().keySet())) {
            DesiredGroup was = before.groups().get(name);
            DesiredGroup now = after.groups().get(name);
            if (was != null && now != null && Objects.equals(was.roles(), now.roles())
                    && Objects.equals(was.knownId(), now.knownId())) {
                symmetricDifference(was.memberKeys(), now.memberKeys(), keys);
            } else {
                // A group pushed, deleted, renamed or given other roles: each of its members is told
                // of it in their status, and the plan weighs each of them against it.
                if (was != null) {
                    keys.addAll(was.memberKeys());
                }
                if (now != null) {
                    keys.addAll(now.memberKeys());
                }
            }
        }
        return PlanScope.of(keys);
    }

    private static <V> void changedEntries(Map<String, V> before, Map<String, V> after, Set<String> keys) {
        before.forEach((key, value) -> {
            V now = after.get(key);
            if (value != now && !value.equals(now)) {
                keys.add(key);
            }
        });
        after.keySet().forEach(key -> {
            if (!before.containsKey(key)) {
                keys.add(key);
            }
        });
    }

    private static void symmetricDifference(Set<String> a, Set<String> b, Set<String> into) {
        if (a == b) {
            // The same set: a part the declaration index reused, as most are after an edit.
            return;
        }
        if (a instanceof SortedSet<String> sa && b instanceof SortedSet<String> sb && sa.comparator() == null
                && sb.comparator() == null) {
            // Both in natural order, as the desired state keeps them: one walk, no lookups.
            Iterator<String> ia = sa.iterator();
            Iterator<String> ib = sb.iterator();
            String x = next(ia);
            String y = next(ib);
            while (x != null || y != null) {
                int order = x == null ? 1 : y == null ? -1 : x.compareTo(y);
                if (order < 0) {
                    into.add(x);
                    x = next(ia);
                } else if (order > 0) {
                    into.add(y);
                    y = next(ib);
                } else {
                    x = next(ia);
                    y = next(ib);
                }
            }
            return;
        }
        a.forEach(k -> {
            if (!b.contains(k)) {
                into.add(k);
            }
        });
        b.forEach(k -> {
            if (!a.contains(k)) {
                into.add(k);
            }
        });
    }

    private static String next(Iterator<String> it) {
        return it.hasNext() ? it.next() : null;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
