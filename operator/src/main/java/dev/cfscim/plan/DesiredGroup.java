package dev.cfscim.plan;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A group pushed in the user-groups model: a bound ScimGroup's displayName, the keys of its
 * members that should be in it (assigned and active), the roles its policies should grant, and the
 * id it was pushed under before, when known (from its bindings' status): a renamed ScimGroup is
 * found by it and renamed in Cloudflare, rather than pushed again.
 */
public record DesiredGroup(String displayName, Set<String> memberKeys, Set<String> roles, String knownId) {

    public DesiredGroup {
        // Sorted, so that plans come out the same every time.
        memberKeys = SortedKeys.of(memberKeys);
        roles = Collections.unmodifiableSet(new TreeSet<>(roles));
    }

    public DesiredGroup(String displayName, Set<String> memberKeys, Set<String> roles) {
        this(displayName, memberKeys, roles, null);
    }

    public DesiredGroup withRoles(Set<String> grantable) {
        // Most groups grant every role they are bound to: no copy of their members then.
        return grantable.equals(roles) ? this : new DesiredGroup(displayName, memberKeys, grantable, knownId);
    }
}
