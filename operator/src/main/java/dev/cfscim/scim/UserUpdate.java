package dev.cfscim.scim;

/**
 * A profile change, sent as PATCH {@code replace} operations (the only op Cloudflare honours on
 * users). A null field is left alone.
 */
public record UserUpdate(String userName, String givenName, String familyName, String externalId) {

    public boolean isEmpty() {
        return userName == null && givenName == null && familyName == null && externalId == null;
    }
}
