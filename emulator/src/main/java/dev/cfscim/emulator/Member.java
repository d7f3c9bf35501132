package dev.cfscim.emulator;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** An account member as the emulator holds it. Guarded by its account's lock. */
final class Member {
    final String id;
    final String source;
    final Set<String> directRoles = new LinkedHashSet<>();
    /**
     * Roles the member holds only through its own allow policies on the account, with no role
     * assigned: how Cloudflare gives permissions since it deprecated roles. Its direct roles show
     * as policies too, so these are the ones the v4 members API lists in {@code policies} alone.
     */
    final Set<String> policyOnlyRoles = new LinkedHashSet<>();
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
