package dev.cfscim.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A group of an emulated account. Guarded by its account's lock. */
final class Group {

    enum Kind {
        /** A virtual {@code CF-<accountID> - <Role Name>} group: membership grants the role. */
        ROLE("role"),
        /** A user-groups system group backed by one permission group. */
        SYSTEM("system"),
        /** A custom user group: its IAM policies say what membership grants. */
        CUSTOM("custom");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    final String id;
    final Kind kind;
    /** The role that membership grants, for ROLE and SYSTEM groups; null for CUSTOM. */
    final String role;
    final Set<String> memberIds = new LinkedHashSet<>();
    final List<Policy> policies = new ArrayList<>();
    final Instant created;
    /** Groups pushed (or adopted) by SCIM are locked against renames and deletes through the IAM API. */
    boolean managedByScim;
    String displayName;
    String externalId;
    Instant lastModified;

    Group(String id, Kind kind, String role, String displayName, boolean managedByScim, Instant now) {
        this.id = id;
        this.kind = kind;
        this.role = role;
        this.displayName = displayName;
        this.managedByScim = managedByScim;
        this.created = now;
        this.lastModified = now;
    }

    /** Whether SCIM may change this group's display name. */
    boolean renamable() {
        return kind == Kind.CUSTOM;
    }
}
