package dev.cfscim.plan;

import dev.cfscim.scim.RemoteGroup;
import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Cloudflare holds for one account, as the last full scan saw it and the applier's own writes
 * have kept it since: members, the role groups, and who is in which. Memberships come from each
 * user's {@code groups} attribute, so a scan costs one request per 100 users plus the group list,
 * with no per-group reads.
 *
 * <p>Not thread-safe: one reconcile of one app owns it at a time.
 */
public final class RemoteState {

    public static final String SUPER_ADMINISTRATOR = "Super Administrator - All Privileges";

    private final String accountId;
    private final Map<String, RemoteUser> usersById = new LinkedHashMap<>();
    private final Map<String, String> idByKey = new LinkedHashMap<>();
    private final Map<String, RoleGroup> roleGroups = new TreeMap<>();
    private final Map<String, String> roleByGroupId = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new TreeMap<>();
    private final Set<String> superAdministratorsOutsideScim = new LinkedHashSet<>();
    private boolean outsideRolesKnown;
    /** False when Cloudflare refused to say (the token may not read members): known, but as empty. */
    private boolean outsideRolesReadable = true;
    /** User-groups model: custom groups by id, the roles their policies grant, their members. */
    private final Map<String, CustomGroup> customGroups = new LinkedHashMap<>();
    private final Map<String, Set<String>> customMembers = new LinkedHashMap<>();
    /** User-groups model: the members of Cloudflare's system group of each role. */
    private final Map<String, Set<String>> systemMembers = new TreeMap<>();
    /** User-groups model: the role of each system group, by its id. */
    private final Map<String, String> systemRoleByGroupId = new LinkedHashMap<>();
    /** Keys of the users Cloudflare itself said are not members (see {@link #confirmedAbsent}). */
    private final Set<String> confirmedAbsent = new HashSet<>();
    /** userNames of the members a lookup found that the listing had left out (a short or lying listing). */
    private final List<String> foundBeyondListing = new ArrayList<>();
    /** User-groups model: the account's permission groups (the roles a policy can grant), by name. */
    private final Map<String, String> permissionGroups = new TreeMap<>();
    /** The resource group covering the whole account, by id; null until an apply first needs it. */
    private String accountResourceGroup;

    /** System groups' ids begin so: {@code cloudflare-v1-<permission group id>}. */
    static final String SYSTEM_GROUP_PREFIX = "cloudflare-v1-";

    public RemoteState(String accountId) {
        this.accountId = accountId;
    }

    /** From a scan: groups named {@code CF-<accountID> - <Role Name>} are role groups (the dashes' spaces optional). */
    public static RemoteState fromScan(String accountId, Collection<RemoteUser> users, Collection<RemoteGroup> groups) {
        RemoteState state = new RemoteState(accountId);
        Pattern roleGroup = Pattern.compile("^CF-" + Pattern.quote(accountId) + "\\s*-\\s*(.+)$");
        for (RemoteGroup group : groups) {
            Matcher m = roleGroup.matcher(group.displayName());
            if (m.matches()) {
                state.addRoleGroup(new RoleGroup(group.id(), group.displayName(), m.group(1).strip()));
            } else if (group.id().startsWith(SYSTEM_GROUP_PREFIX)) {
                state.systemRoleByGroupId.put(group.id(), group.displayName());
            } else {
                state.putCustomGroup(new CustomGroup(group.id(), group.displayName(), Set.of(), group.externalId()));
            }
        }
        users.forEach(state::putScanned);
        return state;
    }

    /** A member as Cloudflare answered it, with its groups: from a scan, or a lookup of one the listing left out. */
    public void putScanned(RemoteUser user) {
        leaveAll(user.id());
        putUser(user);
        if (!user.active()) {
            return;
        }
        for (String groupId : user.groupIds()) {
            String role = roleByGroupId.get(groupId);
            if (role != null) {
                members.get(role).add(user.id());
            } else if (systemRoleByGroupId.containsKey(groupId)) {
                systemMembers.computeIfAbsent(systemRoleByGroupId.get(groupId), r -> new LinkedHashSet<>()).add(user.id());
            } else if (customGroups.containsKey(groupId)) {
                customMembers.get(groupId).add(user.id());
            }
        }
    }

    public String accountId() {
        return accountId;
    }

    public void addRoleGroup(RoleGroup group) {
        roleGroups.put(group.role(), group);
        roleByGroupId.put(group.id(), group.role());
        members.computeIfAbsent(group.role(), r -> new LinkedHashSet<>());
    }

    /** Records who holds Super Administrator outside SCIM (directly, not through a group), when known. */
    public void setSuperAdministratorsOutsideScim(Collection<String> userIds) {
        superAdministratorsOutsideScim.clear();
        superAdministratorsOutsideScim.addAll(userIds);
        outsideRolesKnown = true;
    }

    /** Whether it is known who holds Super Administrator outside SCIM (or it was asked and refused). */
    public boolean outsideRolesKnown() {
        return outsideRolesKnown;
    }

    /** Cloudflare would not say who holds roles outside SCIM: plan with what SCIM shows; the applier meets refusals. */
    public void outsideRolesUnreadable() {
        superAdministratorsOutsideScim.clear();
        outsideRolesKnown = true;
        outsideRolesReadable = false;
    }

    /** Whether Cloudflare said who holds roles outside SCIM, rather than refused to (see above). */
    public boolean outsideRolesReadable() {
        return outsideRolesReadable;
    }

    public void setPermissionGroups(Map<String, String> idsByName) {
        permissionGroups.clear();
        permissionGroups.putAll(idsByName);
    }

    /** The permission group that grants a role, in the user-groups model. */
    public Optional<String> permissionGroupId(String role) {
        return Optional.ofNullable(permissionGroups.get(role));
    }

    /** The account's resource group id, once read: policies name it. */
    public Optional<String> accountResourceGroup() {
        return Optional.ofNullable(accountResourceGroup);
    }

    public void setAccountResourceGroup(String id) {
        accountResourceGroup = id;
    }

    public String accountScopeKey() {
        return "com.cloudflare.api.account." + accountId;
    }

    public void putCustomGroup(CustomGroup group) {
        customGroups.put(group.id(), group);
        customMembers.computeIfAbsent(group.id(), id -> new LinkedHashSet<>());
    }

    /** What the IAM API says the custom group's policies grant. */
    public void setCustomGroupRoles(String groupId, Set<String> roles) {
        CustomGroup group = customGroups.get(groupId);
        if (group != null) {
            customGroups.put(groupId, group.withRoles(roles));
        }
    }

    public void removeCustomGroup(String groupId) {
        customGroups.remove(groupId);
        customMembers.remove(groupId);
    }

    public void addCustomMembers(String groupId, Collection<String> userIds) {
        MemberSets.add(customMembers, groupId, userIds);
    }

    public void removeCustomMembers(String groupId, Collection<String> userIds) {
        MemberSets.remove(customMembers, groupId, userIds);
    }

    // ---- reads ----------------------------------------------------------------------------------

    /** The custom group of this display name (compared case-insensitively, as Cloudflare does), if any. */
    public Optional<CustomGroup> customGroup(String displayName) {
        return customGroups.values().stream().filter(g -> g.displayName().equalsIgnoreCase(displayName)).findFirst();
    }

    public Optional<CustomGroup> customGroupById(String id) {
        return Optional.ofNullable(customGroups.get(id));
    }

    public Collection<CustomGroup> customGroups() {
        return customGroups.values();
    }

    public Set<String> customMembers(String groupId) {
        return Set.copyOf(customMembers.getOrDefault(groupId, Set.of()));
    }

    /** Whether a user is in a custom group: a lookup, where {@link #customMembers} copies the group. */
    public boolean inCustomGroup(String groupId, String userId) {
        return customMembers.getOrDefault(groupId, Set.of()).contains(userId);
    }

    /** User-groups model: the ids of the active members of Cloudflare's system group of each role. */
    public Map<String, Set<String>> systemMembers() {
        Map<String, Set<String>> copy = new TreeMap<>();
        systemMembers.forEach((role, ids) -> copy.put(role, Set.copyOf(ids)));
        return copy;
    }

    /** User-groups model: how many of Cloudflare's system groups (one per permission group) the account has. */
    public int systemGroupCount() {
        return systemRoleByGroupId.size();
    }

    public Collection<RemoteUser> users() {
        return usersById.values();
    }

    public Optional<RemoteUser> user(String userName) {
        String id = idByKey.get(DesiredUser.key(userName));
        return Optional.ofNullable(id == null ? null : usersById.get(id));
    }

    public Optional<RemoteUser> userById(String id) {
        return Optional.ofNullable(usersById.get(id));
    }

    public Optional<RoleGroup> roleGroup(String role) {
        return Optional.ofNullable(roleGroups.get(role));
    }

    public Collection<RoleGroup> roleGroups() {
        return roleGroups.values();
    }

    /** The ids of the active members holding a role through its group. */
    public Set<String> members(String role) {
        return Set.copyOf(members.getOrDefault(role, Set.of()));
    }

    /** Whether a member holds a role through its group: a lookup, where {@link #members} copies the group. */
    public boolean holdsRole(String role, String userId) {
        return members.getOrDefault(role, Set.of()).contains(userId);
    }

    /** The roles a member holds through role groups. */
    public Set<String> rolesOf(String userId) {
        return MemberSets.keysHolding(members, userId);
    }

    /**
     * Active members holding Super Administrator from any source: its role group (virtual model), its system
     * group or a custom group whose policies grant it (user-groups model), or (when known) a role outside SCIM.
     */
    public Set<String> superAdministrators() {
        Set<String> ids = new LinkedHashSet<>(members.getOrDefault(SUPER_ADMINISTRATOR, Set.of()));
        ids.addAll(systemMembers.getOrDefault(SUPER_ADMINISTRATOR, Set.of()));
        customGroups.values().stream().filter(g -> g.roles().contains(SUPER_ADMINISTRATOR))
                .forEach(g -> ids.addAll(customMembers.getOrDefault(g.id(), Set.of())));
        for (String id : superAdministratorsOutsideScim) {
            RemoteUser user = usersById.get(id);
            if (user != null && user.active()) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Where an active member's Super Administrator comes from: {@code role-group},
     * {@code system-group}, {@code group:<id>} for a custom group whose policies grant it, and
     * {@code outside}. Empty when the member does not hold it (as far as is known).
     */
    public Set<String> superAdministratorSources(String userId) {
        Set<String> sources = new TreeSet<>();
        RemoteUser user = usersById.get(userId);
        if (user == null || !user.active()) {
            return sources;
        }
        if (holdsRole(SUPER_ADMINISTRATOR, userId)) {
            sources.add("role-group");
        }
        if (systemMembers.getOrDefault(SUPER_ADMINISTRATOR, Set.of()).contains(userId)) {
            sources.add("system-group");
        }
        customGroups.values().stream()
                .filter(g -> g.roles().contains(SUPER_ADMINISTRATOR) && customMembers.get(g.id()).contains(userId))
                .forEach(g -> sources.add("group:" + g.id()));
        if (superAdministratorsOutsideScim.contains(userId)) {
            sources.add("outside");
        }
        return sources;
    }

    // ---- writes, as the applier makes them --------------------------------------------------------

    public void putUser(RemoteUser user) {
        RemoteUser previous = usersById.put(user.id(), user);
        if (previous != null && !DesiredUser.key(previous.userName()).equals(DesiredUser.key(user.userName()))) {
            idByKey.remove(DesiredUser.key(previous.userName()));
        }
        String key = DesiredUser.key(user.userName());
        idByKey.put(key, user.id());
        if (user.active()) {
            confirmedAbsent.remove(key);
        } else {
            leaveAll(user.id());
            confirmedAbsent.add(key);
        }
    }

    /** A member a lookup found that the scan's listing left out: kept as scanned, and remembered. */
    public void foundBeyondListing(RemoteUser user) {
        putScanned(user);
        foundBeyondListing.add(user.userName());
    }

    /** The userNames of the members lookups found beyond the scan's listing, in the order found. */
    public List<String> foundBeyondListing() {
        return List.copyOf(foundBeyondListing);
    }

    /** A lookup by userName found no member of that name: Cloudflare says the user is not in the account. */
    public void confirmAbsent(String userName) {
        if (user(userName).filter(RemoteUser::active).isEmpty()) {
            confirmedAbsent.add(DesiredUser.key(userName));
        }
    }

    /**
     * Whether Cloudflare itself said, since this state was read, that the user is not an active
     * member: a lookup found none, a listing showed it inactive, or a deprovision was answered so.
     * Absent from a listing alone is not enough: a listing can be short (a member removed between two
     * pages shifts the rest by one) or simply wrong, and a deletion carried out on that word alone
     * would leave a person with access. (An active member put here leaves the set.)
     */
    public boolean confirmedAbsent(String userName) {
        return confirmedAbsent.contains(DesiredUser.key(userName));
    }

    /** The keys {@link #confirmedAbsent} holds true for. */
    public Set<String> confirmedAbsentKeys() {
        return Set.copyOf(confirmedAbsent);
    }

    /** The member left the account: its memberships go with it, and its outside roles. */
    public void deprovisioned(String userId) {
        RemoteUser user = usersById.get(userId);
        if (user != null) {
            usersById.put(userId, user.withActive(false));
            confirmedAbsent.add(DesiredUser.key(user.userName()));
        }
        leaveAll(userId);
        superAdministratorsOutsideScim.remove(userId);
    }

    public void addMembers(String role, Collection<String> userIds) {
        MemberSets.add(members, role, userIds);
    }

    public void removeMembers(String role, Collection<String> userIds) {
        MemberSets.remove(members, role, userIds);
    }

    /** A deep copy, for simulating a plan without touching the cache. */
    public RemoteState copy() {
        RemoteState copy = new RemoteState(accountId);
        roleGroups.values().forEach(copy::addRoleGroup);
        usersById.values().forEach(copy::putUser);
        members.forEach((role, ids) -> copy.members.computeIfAbsent(role, r -> new LinkedHashSet<>()).addAll(ids));
        copy.superAdministratorsOutsideScim.addAll(superAdministratorsOutsideScim);
        copy.outsideRolesKnown = outsideRolesKnown;
        copy.outsideRolesReadable = outsideRolesReadable;
        customGroups.values().forEach(copy::putCustomGroup);
        customMembers.forEach((id, ids) -> copy.customMembers.get(id).addAll(ids));
        copy.permissionGroups.putAll(permissionGroups);
        copy.accountResourceGroup = accountResourceGroup;
        copy.systemRoleByGroupId.putAll(systemRoleByGroupId);
        copy.confirmedAbsent.addAll(confirmedAbsent);
        systemMembers.forEach((role, ids) -> copy.systemMembers.put(role, new LinkedHashSet<>(ids)));
        return copy;
    }

    private void leaveAll(String userId) {
        members.values().forEach(ids -> ids.remove(userId));
        systemMembers.values().forEach(ids -> ids.remove(userId));
        customMembers.values().forEach(ids -> ids.remove(userId));
    }

    @Override
    public String toString() {
        return "RemoteState[account=" + accountId + ", users=" + usersById.size() + "]";
    }
}
