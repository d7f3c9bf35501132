package dev.cfscim.emulator;

/**
 * The attributes a SCIM create or PUT carries for a user. {@code active} is null when omitted.
 * {@code primaryEmail} is the primary (or only) email, null when none was sent.
 */
record UserFields(String userName, String primaryEmail, String givenName, String familyName,
                  String externalId, Boolean active) {
}
