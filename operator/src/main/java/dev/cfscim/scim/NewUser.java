package dev.cfscim.scim;

/** What a create sends: userName doubles as the primary work email, as Cloudflare requires. */
public record NewUser(String userName, String givenName, String familyName, String externalId) {
}
