package dev.cfscim.plan;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A group pushed in the user-groups model: a bound ScimGroup's displayName, the keys of its
 * members that should be in it (assigned and active), and the roles its policies should grant.
 */
public record DesiredGroup(String displayName, Set<String> memberKeys, Set<String> roles) {

    public DesiredGroup {
        // Sorted, so that plans come out the same every time.
        memberKeys = Collections.unmodifiableSet(new TreeSet<>(memberKeys));
        roles = Collections.unmodifiableSet(new TreeSet<>(roles));
    }
}
