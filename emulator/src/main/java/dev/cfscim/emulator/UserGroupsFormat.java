package dev.cfscim.emulator;

/** How a SCIM User's {@code groups} attribute is written. */
public enum UserGroupsFormat {
    /** Cloudflare's published schema: an array of group ids (strings). */
    STRINGS,
    /** RFC 7643's multi-valued attribute: {@code {"value": id, "display": name}} objects. */
    OBJECTS
}
