package dev.cfscim.emulator;

/** What the API shows of a member once deprovisioned; Cloudflare's live answer is not documented. */
public enum DeprovisionedUsers {
    /** GET by id is a 404 and lists leave the user out. */
    NOT_FOUND,
    /** The user stays visible with {@code active: false} and can be reactivated. */
    INACTIVE
}
