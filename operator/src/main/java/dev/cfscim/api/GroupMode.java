package dev.cfscim.api;

/** How a role reaches Cloudflare: the virtual role groups of the first model, or the user groups of today. */
public enum GroupMode {
    /** Push into Cloudflare's per-role groups named {@code CF-<accountId> - <Role Name>} (the seed's model). */
    VirtualGroups,
    /** Push custom user groups named after the ScimGroup's displayName (Cloudflare since June 2025). */
    UserGroups
}
