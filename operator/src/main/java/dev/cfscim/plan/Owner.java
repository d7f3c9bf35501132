package dev.cfscim.plan;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.scim.RemoteUser;

/**
 * Who provisions through a plan: a ScimApp, named in the {@code externalId} of the members it
 * creates or adopts ({@code cfscim:<namespace>/<name>}, followed by {@code #} and the ScimUser's own
 * {@code spec.externalId} when it declares one) and of the user groups it pushes, so that several
 * writers on one account (two ScimApps, the CLI, an IdP) can tell what is whose. SCIM's externalId
 * is the provisioning client's identifier for a resource; Cloudflare stores and returns it, never
 * reads it. Every member an app provisions carries its tag: one another tool provisioned is taken
 * over once a ScimUser assigned to the app declares it.
 *
 * <p>The rule every plan obeys: an app writes only what is its own or nobody's. An active member or
 * a user group another ScimApp's tag marks is that app's, and is never changed, deprovisioned,
 * stripped of a role or emptied here, whatever this app declares ({@code OwnedElsewhere}). So two
 * apps on one account cannot undo each other's writes: the first to claim a member keeps it. A
 * deprovisioned member belongs to nobody: an app that declares it may provision it again, and it
 * is then that app's.
 *
 * @param tag the externalId this owner writes; null when no owner is known
 */
public record Owner(String tag) {

    /** The externalId prefix of every owner tag cfscim writes. */
    public static final String PREFIX = "cfscim:";

    /**
     * The externalId of user groups pushed before groups carried their app's tag: cfscim's, but no
     * app's in particular. An app that declares such a group claims it.
     */
    public static final String LEGACY_GROUP_TAG = "cfscim";

    /** Between an owner's tag and a declared externalId in what Cloudflare stores. */
    public static final String DECLARED_SEPARATOR = "#";

    /** No known owner: creates carry only the declared externalId, and every tagged member is another's. */
    public static final Owner NONE = new Owner(null);

    /** Whose a member or a user group is, as seen from this owner. */
    public enum Claim {
        /** This owner's tag. */
        MINE,
        /** Another ScimApp's tag: never written here. */
        ANOTHER_APP,
        /** Another tool's externalId (an IdP's id, a ScimUser's declared one): managed only while declared. */
        ANOTHER_TOOL,
        /** No externalId, or (for a user group) cfscim's tag from before groups carried their app's. */
        NOBODY
    }

    /** The owner a ScimApp is: {@code cfscim:<namespace>/<name>}. */
    public static Owner of(ScimApp app) {
        return new Owner(PREFIX + ResourceSet.namespaceOf(app) + "/" + app.getMetadata().getName());
    }

    /**
     * The externalId a member this owner provisions carries: its tag, then {@code #} and the
     * ScimUser's declared externalId if any (namespaces and names cannot hold {@code #}, so the tag
     * ends at the first one); the declared one alone when no owner is known.
     */
    public String externalIdFor(DesiredUser user) {
        if (tag == null) {
            return user.externalId();
        }
        return user.externalId() == null ? tag : tag + DECLARED_SEPARATOR + user.externalId();
    }

    /** What a ScimUser declared as its externalId, read back from what Cloudflare stores; null when none. */
    public static String declaredPart(String externalId) {
        if (externalId == null || !externalId.startsWith(PREFIX)) {
            return externalId;
        }
        int separator = externalId.indexOf(DECLARED_SEPARATOR);
        return separator < 0 ? null : externalId.substring(separator + 1);
    }

    /** The externalId of the user groups this owner pushes: its tag, or cfscim's own when no owner is known. */
    public String groupTag() {
        return tag != null ? tag : LEGACY_GROUP_TAG;
    }

    /** Whose the member is. A deprovisioned member is nobody's: its tag no longer keeps others away. */
    public Claim claimOf(RemoteUser member) {
        return member.active() ? claimOf(tagOf(member.externalId()), tag) : Claim.NOBODY;
    }

    /** Whose the user group of this externalId is; cfscim's untagged groups of old are nobody's. */
    public Claim claimOfGroup(String externalId) {
        return LEGACY_GROUP_TAG.equals(externalId) && !LEGACY_GROUP_TAG.equals(groupTag()) ? Claim.NOBODY
                : claimOf(externalId, groupTag());
    }

    /** Whether another ScimApp's tag marks this active member: then nothing here may write it. */
    public boolean ownedByAnotherApp(RemoteUser member) {
        return claimOf(member) == Claim.ANOTHER_APP;
    }

    /** Whether someone else claims this member: its externalId is set, and is not this owner's tag. */
    public boolean claimedElsewhere(RemoteUser member) {
        Claim claim = claimOf(tagOf(member.externalId()), tag);
        return claim == Claim.ANOTHER_APP || claim == Claim.ANOTHER_TOOL;
    }

    /** The ScimApp a tag names ({@code namespace/name}), for messages; the externalId itself when it names none. */
    public static String appOf(String externalId) {
        String tag = tagOf(externalId);
        return tag != null && tag.startsWith(PREFIX) ? tag.substring(PREFIX.length()) : externalId;
    }

    /** A member's externalId without what its ScimUser declared after the tag. */
    private static String tagOf(String externalId) {
        if (externalId == null || !externalId.startsWith(PREFIX)) {
            return externalId;
        }
        int separator = externalId.indexOf(DECLARED_SEPARATOR);
        return separator < 0 ? externalId : externalId.substring(0, separator);
    }

    private static Claim claimOf(String externalId, String mine) {
        if (externalId == null || externalId.isBlank()) {
            return Claim.NOBODY;
        }
        if (externalId.equals(mine)) {
            return Claim.MINE;
        }
        return externalId.startsWith(PREFIX) ? Claim.ANOTHER_APP : Claim.ANOTHER_TOOL;
    }
}
