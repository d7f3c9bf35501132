package dev.cfscim.plan;

/** A remote group whose membership grants one role: a virtual {@code CF-<accountID> - <Role>} group. */
public record RoleGroup(String id, String displayName, String role) {
}
