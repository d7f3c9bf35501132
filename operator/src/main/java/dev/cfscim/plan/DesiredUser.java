package dev.cfscim.plan;

import java.util.Locale;

/**
 * A user as declared: {@code assigned} when the app's assignments select it; it should be an
 * account member when it is assigned and active.
 */
public record DesiredUser(String userName, String givenName, String familyName, String externalId,
                          boolean active, boolean assigned, String resource) {

    public boolean shouldBeMember() {
        return assigned && active;
    }

    public String key() {
        return key(userName);
    }

    /** userNames compare case-insensitively, as Cloudflare compares them. */
    public static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
