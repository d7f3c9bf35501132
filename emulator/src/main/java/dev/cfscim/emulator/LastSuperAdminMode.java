package dev.cfscim.emulator;

/**
 * How the emulator refuses to deprovision an account's only Super Administrator. Cloudflare documents
 * the refusal but not its HTTP form, so clients must be tested against both.
 */
public enum LastSuperAdminMode {
    /** A success answer, with the member still {@code active: true}. */
    SILENT,
    /** A 400 with the SCIM error body. */
    ERROR
}
