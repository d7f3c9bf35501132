package dev.cfscim.plan;

import java.util.Set;

/**
 * A custom user group, as {@link RemoteState} keeps it: {@code roles} are those its allow
 * policies grant on the account;
 * {@code externalId} says who pushed (or adopted) it: a ScimApp's tag, cfscim's tag of old,
 * or another tool's or nobody's (made by hand). See {@link Owner#claimOfGroup}.
 */
public record CustomGroup(String id, String displayName, Set<String> roles, String externalId) {
    public CustomGroup {
        roles = Set.copyOf(roles);
    }

    /** Whether some cfscim pushed or adopted it (any app's tag, or the tag of old). */
    public boolean pushedByCfscim() {
        return externalId != null && (externalId.equals(Owner.LEGACY_GROUP_TAG) || externalId.startsWith(Owner.PREFIX));
    }

    public CustomGroup withDisplayName(String name) {
        return new CustomGroup(id, name, roles, externalId);
    }

    public CustomGroup withRoles(Set<String> granted) {
        return new CustomGroup(id, displayName, granted, externalId);
    }

    public CustomGroup withExternalId(String tag) {
        return new CustomGroup(id, displayName, roles, tag);
    }
}
