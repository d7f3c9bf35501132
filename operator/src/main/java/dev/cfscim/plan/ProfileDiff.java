package dev.cfscim.plan;

import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.UserUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared user's profile against its member's in Cloudflare: the update that brings them together, if any. */
final class ProfileDiff {

    private ProfileDiff() {
    }

    /**
     * Only the fields the declaration states and Cloudflare shows otherwise; the reason lists them.
     * The externalId is {@code owner}'s tag with the ScimUser's own after it ({@link
     * Owner#externalIdFor}): a member without it is claimed, so that another app never takes it, and
     * this one knows it as its own once no ScimUser declares it.
     */
    static Optional<Change.UpdateUser> of(DesiredUser user, RemoteUser actual, Owner owner) {
        List<String> diffs = new ArrayList<>();
        // Cloudflare compares userNames case-insensitively: a difference in case alone is none.
        String userName = user.userName().equalsIgnoreCase(actual.userName()) ? null
                : differs(user.userName(), actual.userName(), "userName", diffs);
        String givenName = differs(user.givenName(), actual.givenName(), "givenName", diffs);
        String familyName = differs(user.familyName(), actual.familyName(), "familyName", diffs);
        String externalId = differs(owner.externalIdFor(user), actual.externalId(), "externalId", diffs);
        if (diffs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Change.UpdateUser(actual.id(), actual.userName(),
                new UserUpdate(userName, givenName, familyName, externalId), String.join(", ", diffs)));
    }

    /** The declared value when the declaration states one and it differs; else null (leave alone). */
    private static String differs(String declared, String actual, String field, List<String> diffs) {
        if (declared == null || declared.equals(actual)) {
            return null;
        }
        diffs.add(field + " " + quoted(actual) + " -> " + quoted(declared));
        return declared;
    }

    private static String quoted(String value) {
        return value == null ? "(none)" : "\"" + value + "\"";
    }
}
