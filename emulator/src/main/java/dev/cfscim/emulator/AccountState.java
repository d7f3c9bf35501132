package dev.cfscim.emulator;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * One Cloudflare account: its members, groups and resource groups, each kept with its own rules by
 * a part of its own, and the one lock they share. Every method here holds the account's monitor,
 * and the parts are reached only through here, so each request sees and leaves a consistent
 * account (a deprovision changes members and groups together); requests to different accounts
 * never wait for each other. The parts take no lock of their own on purpose: a request that spans
 * several (a deprovision reads role grants, then changes memberships and members) would otherwise
 * take several locks, and their order would become a rule to keep.
 */
final class AccountState {

    private final String id;
    private final String token;
    private final Profile profile;
    private final Roles roles = Roles.catalog();
    private final String accountScopeKey;
    private final List<Seed> seedsAtStart;

    private final Members members = new Members();
    private final Groups groups = new Groups();
    private final ResourceGroups resourceGroups;
    private final RoleGrants grants;
    private final MemberLifecycle lifecycle;
    private final ScimGroups scimGroups;
    private final UserGroups userGroups;
    private final AccountViews views;

    /** A member seeded at start: {@code roles} assigned directly, {@code policyOnlyRoles} through policies alone. */
    record Seed(String userName, List<String> roles, List<String> policyOnlyRoles) {

        Seed(String userName, List<String> roles) {
            this(userName, roles, List.of());
        }
    }

    AccountState(String id, String token, Profile profile, LastSuperAdminMode lastSuperAdmin,
                 DeprovisionedUsers deprovisioned, ExistingUserGroups existingUserGroups, List<Seed> seedsAtStart) {
        this.id = id;
        this.token = token;
        this.profile = profile;
        this.accountScopeKey = "com.cloudflare.api.account." + id;
        this.seedsAtStart = List.copyOf(seedsAtStart);
        Memberships memberships = new Memberships(id, members, groups);
        this.resourceGroups = new ResourceGroups(accountScopeKey);
        this.grants = new RoleGrants(accountScopeKey, roles, members, groups);
        this.lifecycle = new MemberLifecycle(id, roles, lastSuperAdmin, deprovisioned, members, memberships, grants);
        this.scimGroups = new ScimGroups(id, profile, existingUserGroups, groups, memberships);
        this.userGroups = new UserGroups(id, accountScopeKey, roles, groups, memberships, resourceGroups);
        this.views = new AccountViews(members, groups, grants);
        reset();
    }

    String id() {
        return id;
    }

    String token() {
        return token;
    }

    Profile profile() {
        return profile;
    }

    String accountScopeKey() {
        return accountScopeKey;
    }

    Roles roles() {
        return roles;
    }

    /** Back to the account as it was at start: its role groups and the members seeded then. */
    synchronized void reset() {
        members.clear();
        groups.reset(id, profile, roles);
        resourceGroups.reset();
        for (Seed seed : seedsAtStart) {
            lifecycle.seed(seed.userName(), seed.roles(), seed.policyOnlyRoles());
        }
    }

    // ---- members --------------------------------------------------------------------------------

    /** Adds (or gives roles to) a member outside SCIM, like the person who created the API token. */
    synchronized Member seedMember(String userName, Collection<String> directRoles) {
        return lifecycle.seed(userName, directRoles, List.of());
    }

    /** See {@link MemberLifecycle#seed}. */
    synchronized Member seedMember(String userName, Collection<String> directRoles,
                                   Collection<String> policyOnlyRoles) {
        return lifecycle.seed(userName, directRoles, policyOnlyRoles);
    }

    synchronized Member createUser(UserFields fields) {
        return lifecycle.create(fields);
    }

    synchronized List<Member> listUsers(String userNameFilter) {
        return members.list(userNameFilter);
    }

    /** See {@link Members#hideFromListings}. */
    synchronized void hideFromListings(String userName, boolean hidden) {
        members.hideFromListings(userName, hidden);
    }

    synchronized void removeByHand(String userName) {
        lifecycle.removeByHand(userName);
    }

    synchronized Member user(String userId) {
        return members.get(userId);
    }

    synchronized Member replaceUser(String userId, UserFields fields) {
        return lifecycle.replace(userId, fields);
    }

    synchronized Member patchUser(String userId, UserChange change) {
        return lifecycle.patch(userId, change);
    }

    synchronized void deleteUser(String userId) {
        lifecycle.delete(userId);
    }

    // ---- roles ----------------------------------------------------------------------------------

    synchronized List<String> rolesGrantedBy(Group group) {
        return grants.grantedBy(group);
    }

    synchronized Set<String> superAdministratorIds() {
        return grants.superAdministratorIds();
    }

    synchronized List<String> directRoles(String userId) {
        return members.directRoles(userId);
    }

    synchronized List<String> memberPolicyRoles(String userId) {
        return grants.memberPolicyRoles(userId);
    }

    // ---- SCIM groups ----------------------------------------------------------------------------

    synchronized List<Group> listGroups(String displayNameFilter) {
        return groups.list(displayNameFilter);
    }

    synchronized Group group(String groupId) {
        return groups.get(groupId);
    }

    synchronized Group createGroup(String displayName, String externalId, List<String> memberIds) {
        return scimGroups.create(displayName, externalId, memberIds);
    }

    synchronized Group editGroup(String groupId, List<GroupEdit> edits) {
        return scimGroups.edit(groupId, edits);
    }

    synchronized Group replaceGroup(String groupId, String displayName, String externalId, List<String> memberIds) {
        return scimGroups.replace(groupId, displayName, externalId, memberIds);
    }

    synchronized void deleteGroup(String groupId) {
        scimGroups.delete(groupId);
    }

    synchronized Set<String> groupNamesOf(Member member) {
        return groups.namesOf(member);
    }

    synchronized String userNameOf(String userId) {
        return members.userNameOf(userId);
    }

    // ---- IAM user groups ------------------------------------------------------------------------

    synchronized List<Group> userGroups(String idFilter, String nameFilter, String fuzzyName) {
        return userGroups.list(idFilter, nameFilter, fuzzyName);
    }

    synchronized Group userGroup(String groupId) {
        return userGroups.get(groupId);
    }

    synchronized Group createUserGroup(String name, List<PolicyInput> policies) {
        return userGroups.create(name, policies);
    }

    synchronized Group updateUserGroup(String groupId, String name, List<PolicyInput> policies) {
        return userGroups.update(groupId, name, policies);
    }

    synchronized void deleteUserGroup(String groupId) {
        userGroups.delete(groupId);
    }

    // ---- IAM resource groups --------------------------------------------------------------------

    synchronized List<ResourceGroup> resourceGroups(String idFilter, String nameFilter) {
        return resourceGroups.list(idFilter, nameFilter);
    }

    synchronized ResourceGroup resourceGroup(String groupId) {
        return resourceGroups.get(groupId);
    }

    synchronized ResourceGroup createResourceGroup(String name, String scopeKey, List<String> scopeObjects) {
        return resourceGroups.create(name, scopeKey, scopeObjects);
    }

    synchronized ResourceGroup updateResourceGroup(String groupId, String name, String scopeKey,
                                                   List<String> scopeObjects) {
        return resourceGroups.update(groupId, name, scopeKey, scopeObjects);
    }

    synchronized void deleteResourceGroup(String groupId) {
        resourceGroups.delete(groupId, groups.all());
    }

    // ---- views ----------------------------------------------------------------------------------

    synchronized List<MemberView> memberViews() {
        return views.memberViews();
    }

    synchronized MemberView view(Member member) {
        return views.of(member);
    }

    synchronized List<GroupView> groupViews() {
        return views.groupViews();
    }
}
