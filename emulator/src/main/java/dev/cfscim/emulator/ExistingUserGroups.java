package dev.cfscim.emulator;

/**
 * What {@code POST /Groups} answers when a user group of that name exists that SCIM did not push
 * (made in the dashboard or through the IAM API). Cloudflare documents adoption; RFC 7644 and
 * stricter servers answer 409, so clients are tested against both.
 */
public enum ExistingUserGroups {
    /** 201 with that group: same id, same policies, now managed by SCIM (Cloudflare's documented behaviour). */
    ADOPT,
    /** 409 {@code uniqueness}, as for any other name in use. */
    CONFLICT
}
