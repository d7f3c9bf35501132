package dev.cfscim.plan;

import dev.cfscim.scim.RemoteGroup;
import dev.cfscim.scim.RemoteUser;
import java.util.Collection;
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

    public RemoteState(String accountId) {
        this.accountId = accountId;
    }

    /**
     * Builds the state from a scan. Groups named {@code CF-<accountID> - <Role Name>} are role
     * groups (the dashes' spaces are optional, as some of Cloudflare's pages drop them).
     */
    public static RemoteState fromScan(String accountId, Collection<RemoteUser> users, Collection<RemoteGroup> groups) {
        RemoteState state = new RemoteState(accountId);
        Pattern roleGroup = Pattern.compile("^CF-" + Pattern.quote(accountId) + "\\s*-\\s*(.+)$");
        for (RemoteGroup group : groups) {
            Matcher m = roleGroup.matcher(group.displayName());
            if (m.matches()) {
                state.addRoleGroup(new RoleGroup(group.id(), group.displayName(), m.group(1).strip()));
            }
        }
        for (RemoteUser user : users) {
            state.putUser(user);
            if (user.active()) {
                for (String groupId : user.groupIds()) {
                    String role = state.roleByGroupId.get(groupId);
                    if (role != null) {
                        state.members.get(role).add(user.id());
                    }
                }
            }
        }
        return state;
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

    /**
     * Cloudflare would not say who holds roles outside SCIM (the token may not read members): plan
     * with what SCIM shows, and let the applier catch Cloudflare's own refusal.
     */
    public void outsideRolesUnreadable() {
        superAdministratorsOutsideScim.clear();
        outsideRolesKnown = true;
    }

    // ---- reads ----------------------------------------------------------------------------------

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

    /** The roles a member holds through role groups. */
    public Set<String> rolesOf(String userId) {
        Set<String> roles = new TreeSet<>();
        members.forEach((role, ids) -> {
            if (ids.contains(userId)) {
                roles.add(role);
            }
        });
        return roles;
    }

    /** Active members holding Super Administrator, through its group or (when known) outside SCIM. */
    public Set<String> superAdministrators() {
        Set<String> ids = new LinkedHashSet<>(members.getOrDefault(SUPER_ADMINISTRATOR, Set.of()));
        for (String id : superAdministratorsOutsideScim) {
            RemoteUser user = usersById.get(id);
            if (user != null && user.active()) {
                ids.add(id);
            }
        }
        return ids;
    }

    public boolean holdsSuperAdministratorOutsideScim(String userId) {
        return superAdministratorsOutsideScim.contains(userId);
    }

    // ---- writes, as the applier makes them --------------------------------------------------------

    public void putUser(RemoteUser user) {
        RemoteUser previous = usersById.put(user.id(), user);
        if (previous != null && !DesiredUser.key(previous.userName()).equals(DesiredUser.key(user.userName()))) {
            idByKey.remove(DesiredUser.key(previous.userName()));
        }
        idByKey.put(DesiredUser.key(user.userName()), user.id());
        if (!user.active()) {
            leaveAll(user.id());
        }
    }

    /** The member left the account: its memberships go with it, and its outside roles. */
    public void deprovisioned(String userId) {
        RemoteUser user = usersById.get(userId);
        if (user != null) {
            usersById.put(userId, user.withActive(false));
        }
        leaveAll(userId);
        superAdministratorsOutsideScim.remove(userId);
    }

    public void addMembers(String role, Collection<String> userIds) {
        members.computeIfAbsent(role, r -> new LinkedHashSet<>()).addAll(userIds);
    }

    public void removeMembers(String role, Collection<String> userIds) {
        Set<String> ids = members.get(role);
        if (ids != null) {
            ids.removeAll(userIds);
        }
    }

    /** A deep copy, for simulating a plan without touching the cache. */
    public RemoteState copy() {
        RemoteState copy = new RemoteState(accountId);
        roleGroups.values().forEach(copy::addRoleGroup);
        usersById.values().forEach(copy::putUser);
        members.forEach((role, ids) -> copy.members.get(role).addAll(ids));
        copy.superAdministratorsOutsideScim.addAll(superAdministratorsOutsideScim);
        copy.outsideRolesKnown = outsideRolesKnown;
        return copy;
    }

    private void leaveAll(String userId) {
        members.values().forEach(ids -> ids.remove(userId));
    }

    @Override
    public String toString() {
        return "RemoteState[account=" + accountId + ", users=" + usersById.size() + ", roleGroups=" + roleGroups.size()
                + "]";
    }

    List<String> roleNames() {
        return List.copyOf(roleGroups.keySet());
    }
}
