package dev.cfscim.emulator;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** An account member as the emulator holds it. Guarded by its account's lock. */
final class Member {
    final String id;
    final String source;
    final Set<String> directRoles = new LinkedHashSet<>();
    final Set<String> groupIds = new LinkedHashSet<>();
    final Instant created;
    String userName;
    String givenName;
    String familyName;
    String externalId;
    boolean active = true;
    Instant lastModified;

    Member(String id, String userName, String source, Instant now) {
        this.id = id;
        this.userName = userName;
        this.source = source;
        this.created = now;
        this.lastModified = now;
    }
}
