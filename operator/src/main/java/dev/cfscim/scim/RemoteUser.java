package dev.cfscim.scim;

import java.util.List;

/** A member of the account as Cloudflare's SCIM API shows it. */
public record RemoteUser(String id, String userName, String givenName, String familyName, String externalId,
                         boolean active, List<String> groupIds) {

    public RemoteUser {
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
    }

    public RemoteUser withActive(boolean value) {
        return new RemoteUser(id, userName, givenName, familyName, externalId, value, value ? groupIds : List.of());
    }
}
