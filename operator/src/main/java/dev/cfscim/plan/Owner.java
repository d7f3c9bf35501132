package dev.cfscim.plan;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.scim.RemoteUser;

/**
 * Who provisions through a plan: a ScimApp, named in the {@code externalId} of the users it creates
 * when their ScimUser declares none ({@code cfscim:<namespace>/<name>}), so that several writers on
 * one account (two ScimApps, the CLI, an IdP) can tell their members apart. SCIM's externalId is the
 * provisioning client's identifier for a resource; Cloudflare stores and returns it, never reads it.
 *
 * @param tag the externalId this owner writes; null when no owner is known
 */
public record Owner(String tag) {

    /** The externalId prefix of every owner tag cfscim writes. */
    public static final String PREFIX = "cfscim:";

    /** No known owner: creates carry only the declared externalId, and every tagged member is another's. */
    public static final Owner NONE = new Owner(null);

    /** The owner a ScimApp is: {@code cfscim:<namespace>/<name>}. */
    public static Owner of(ScimApp app) {
        return new Owner(PREFIX + ResourceSet.namespaceOf(app) + "/" + app.getMetadata().getName());
    }

    /** The externalId a create sends: the declared one, else this owner's tag. */
    public String externalIdFor(DesiredUser user) {
        return user.externalId() != null ? user.externalId() : tag;
    }

    /** Whether someone else claims this member: its externalId is set, and is not this owner's tag. */
    public boolean claimedElsewhere(RemoteUser member) {
        String externalId = member.externalId();
        return externalId != null && !externalId.isBlank() && !externalId.equals(tag);
    }
}
