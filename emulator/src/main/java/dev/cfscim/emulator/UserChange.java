package dev.cfscim.emulator;

import java.util.Optional;

/**
 * What a user PATCH asks to change: each field is empty when the PATCH leaves it alone. Built from
 * the {@code replace} operations only, since Cloudflare ignores {@code add} and {@code remove} on
 * users, and of the attributes Cloudflare's PATCH honours: userName, the name and active.
 */
record UserChange(Optional<String> userName, Optional<String> givenName, Optional<String> familyName,
                  Optional<Boolean> active) {

    static UserChange none() {
        return new UserChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    UserChange withUserName(String value) {
        return new UserChange(Optional.of(value), givenName, familyName, active);
    }

    UserChange withGivenName(String value) {
        return new UserChange(userName, Optional.ofNullable(value), familyName, active);
    }

    UserChange withFamilyName(String value) {
        return new UserChange(userName, givenName, Optional.ofNullable(value), active);
    }

    UserChange withActive(boolean value) {
        return new UserChange(userName, givenName, familyName, Optional.of(value));
    }
}
