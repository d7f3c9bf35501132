package dev.cfscim.scim;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One Cloudflare account's SCIM directory as the engine reads and writes it: its members and its
 * SCIM groups. Every failure is a {@link ScimException} whose {@link ScimException.Kind} says what
 * the caller can do: a create of a userName or group name that exists is {@code UNIQUENESS}, a
 * write to an id that is gone is {@code NOT_FOUND}, an outage is {@code TRANSIENT} (and the write
 * may or may not have landed). Over HTTP: {@link HttpScimDirectory}, from {@link CloudflareScimClient#directory}.
 */
public interface ScimDirectory {

    // ---- members ----------------------------------------------------------------------------------

    /** Every member of the account, each with the ids of its SCIM groups. */
    List<RemoteUser> listUsers();

    /** The member with this userName (compared case-insensitively), if any. */
    Optional<RemoteUser> findUser(String userName);

    /**
     * The member with this id, if Cloudflare still has it (a 404 is empty): what confirms that a
     * member a listing left out is really gone.
     */
    Optional<RemoteUser> getUser(String id);

    RemoteUser createUser(NewUser user);

    /**
     * Changes the profile of {@code current}; the null fields of the update are left alone. An
     * externalId goes by PUT with the rest of the profile as it is, since Cloudflare's PATCH
     * honours only userName, the name and active.
     */
    RemoteUser updateUser(RemoteUser current, UserUpdate update);

    /**
     * Deprovisions ({@code false}) or reactivates a member and answers the member as it now is:
     * Cloudflare may answer success and refuse (the account's only Super Administrator stays active).
     */
    RemoteUser setActive(String id, boolean active);

    // ---- SCIM groups ------------------------------------------------------------------------------

    /** Every group, without members: Cloudflare's lists never carry them. */
    List<RemoteGroup> listGroups();

    /** The group with this displayName, without members, if any. */
    Optional<RemoteGroup> findGroup(String displayName);

    /**
     * Pushes a custom group (the user-groups model) under {@code externalId} (its owner's tag), with
     * no members: Cloudflare's POST takes none (they join by {@link #addMembers}). Where a user group
     * of that name exists, Cloudflare adopts it and answers it; a stricter server says
     * {@code UNIQUENESS}.
     */
    RemoteGroup createGroup(String displayName, String externalId);

    /** Marks a group as its owner's (its externalId), once adopted. */
    void claimGroup(String groupId, String externalId);

    void renameGroup(String groupId, String displayName);

    void deleteGroup(String groupId);

    void addMembers(String groupId, Collection<String> userIds);

    void removeMembers(String groupId, Collection<String> userIds);
}
