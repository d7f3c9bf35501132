package dev.cfscim.controller;

import dev.cfscim.plan.StrayMembers;
import java.util.HashSet;
import java.util.Set;

/**
 * The strays (members an app created or adopted that no ScimUser declares) its scans saw: one is
 * due to leave once two scans in a row saw it so, which gives a ScimUser applied a moment after its
 * ScimApp a whole resync interval to arrive. Kept in memory: after a restart the count starts over,
 * which only delays.
 */
final class StraySightings {

    /** The strays the last scan saw; null before this session's first scan. */
    private Set<String> lastScan;
    private Set<String> due = Set.of();

    /** A scan saw these strays: those the scan before saw too are due from now until the next scan. */
    void scanned(Set<String> strays) {
        Set<String> both = new HashSet<>(strays);
        both.retainAll(lastScan == null ? Set.of() : lastScan);
        due = Set.copyOf(both);
        lastScan = Set.copyOf(strays);
    }

    StrayMembers due() {
        return StrayMembers.seenBefore(due);
    }
}
