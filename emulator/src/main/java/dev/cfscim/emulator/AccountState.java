package dev.cfscim.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * One Cloudflare account: its members, its groups and the rules Cloudflare applies to them. Every
 * method that reads or writes holds the account's monitor, so each request sees and leaves a
 * consistent account; requests to different accounts never wait for each other.
 */
final class AccountState {

    /** Loose on purpose: Cloudflare checks that userName is an email, not RFC 5322 in full. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final String id;
    private final String token;
    private final Profile profile;
    private final LastSuperAdminMode lastSuperAdmin;
    private final DeprovisionedUsers deprovisioned;
    private final ExistingUserGroups existingUserGroups;
    private final Roles roles = Roles.catalog();
    private final String accountScopeKey;
    private final List<Seed> seedsAtStart;

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Member> byUserName = new HashMap<>();
    /** Cloudflare's user id is the global user's: it survives deprovisioning, so a re-create reuses it. */
    private final Map<String, String> globalUserIds = new HashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, ResourceGroup> resourceGroups = new LinkedHashMap<>();

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
        this.lastSuperAdmin = lastSuperAdmin;
        this.deprovisioned = deprovisioned;
        this.existingUserGroups = existingUserGroups;
        this.accountScopeKey = "com.cloudflare.api.account." + id;
        this.seedsAtStart = List.copyOf(seedsAtStart);
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
        byUserName.clear();
        globalUserIds.clear();
        groups.clear();
        resourceGroups.clear();
        ResourceGroup own = ResourceGroup.accountWide(accountScopeKey);
        resourceGroups.put(own.id(), own);
        Instant now = Instant.now();
        for (String role : roles.accountScoped()) {
            if (profile != Profile.USER_GROUPS) {
                Group group = new Group(Roles.stableId(id + ":role-group:" + role), Group.Kind.ROLE, role,
                        "CF-" + id + " - " + role, false, now);
                groups.put(group.id, group);
            }
            if (profile != Profile.VIRTUAL_GROUPS) {
                Group group = new Group("cloudflare-v1-" + roles.permissionGroupId(role), Group.Kind.SYSTEM, role,
                        role, false, now);
                groups.put(group.id, group);
            }
        }
        for (Seed seed : seedsAtStart) {
            seedMember(seed.userName(), seed.roles(), seed.policyOnlyRoles());
        }
    }

    // ---- members --------------------------------------------------------------------------------

    /** Adds (or gives roles to) a member outside SCIM, like the person who created the API token. */
    synchronized Member seedMember(String userName, Collection<String> directRoles) {
        return seedMember(userName, directRoles, List.of());
    }

    /**
     * Adds (or gives roles to) a member outside SCIM: {@code directRoles} assigned as roles,
     * {@code policyOnlyRoles} through the member's own allow policies on the account alone.
     */
    synchronized Member seedMember(String userName, Collection<String> directRoles,
                                   Collection<String> policyOnlyRoles) {
        if (userName == null || !EMAIL.matcher(userName).matches()) {
            throw Rejection.invalidValue("userName must be an email address, got '" + userName + "'");
        }
        for (String role : union(directRoles, policyOnlyRoles)) {
            if (!roles.exists(role)) {
                throw Rejection.invalidValue("unknown account-scoped role '" + role + "'");
            }
        }
        Member member = byUserName.get(key(userName));
        if (member == null) {
            member = admit(userName, "seeded", Instant.now());
        } else if (!member.active) {
            member.active = true;
        }
        member.directRoles.addAll(directRoles);
        member.policyOnlyRoles.addAll(policyOnlyRoles);
        return member;
    }

    /** Keys of the userNames the unfiltered listing leaves out (see {@link #hideFromListings}). */
    private final java.util.Set<String> hiddenFromListings = new java.util.HashSet<>();

    synchronized Member createUser(UserFields fields) {
        checkIdentity(fields);
        if (Boolean.FALSE.equals(fields.active())) {
            throw Rejection.invalidValue("active must be true when a user is provisioned");
        }
        if (byUserName.containsKey(key(fields.userName()))) {
            throw Rejection.uniqueness("a user with userName '" + fields.userName() + "' already exists");
        }
        Member member = admit(fields.userName(), "scim", Instant.now());
        member.givenName = fields.givenName();
        member.familyName = fields.familyName();
        member.externalId = fields.externalId();
        return member;
    }

    synchronized List<Member> listUsers(String userNameFilter) {
        if (userNameFilter != null) {
            Member member = byUserName.get(key(userNameFilter));
            return member == null ? List.of() : List.of(member);
        }
        if (hiddenFromListings.isEmpty()) {
            return List.copyOf(members.values());
        }
        return members.values().stream().filter(m -> !hiddenFromListings.contains(key(m.userName))).toList();
    }

    /**
     * The unfiltered listing leaves the member of this userName out, its totals agreeing, while a
     * lookup by id or by {@code userName eq} still finds it: a listing a client must not trust.
     */
    synchronized void hideFromListings(String userName, boolean hidden) {
        if (hidden) {
            hiddenFromListings.add(key(userName));
        } else {
            hiddenFromListings.remove(key(userName));
        }
    }

    /** Someone removes the member in the dashboard, outside SCIM: as a deprovision, with no request counted. */
    synchronized void removeByHand(String userName) {
        Member member = byUserName.get(key(userName));
        if (member == null || !member.active) {
            throw Rejection.notFound("member " + userName);
        }
        deprovision(member);
    }

    synchronized Member user(String userId) {
        Member member = members.get(userId);
        if (member == null) {
            throw Rejection.notFound("User " + userId);
        }
        return member;
    }

    synchronized Member replaceUser(String userId, UserFields fields) {
        Member member = user(userId);
        checkIdentity(fields);
        rename(member, fields.userName());
        member.givenName = fields.givenName();
        member.familyName = fields.familyName();
        member.externalId = fields.externalId();
        member.lastModified = Instant.now();
        if (fields.active() != null) {
            setActive(member, fields.active());
        }
        return member;
    }

    synchronized Member patchUser(String userId, UserChange change) {
        Member member = user(userId);
        change.userName().ifPresent(name -> {
            checkEmail(name);
            rename(member, name);
        });
        change.givenName().ifPresent(v -> member.givenName = v);
        change.familyName().ifPresent(v -> member.familyName = v);
        member.lastModified = Instant.now();
        change.active().ifPresent(active -> setActive(member, active));
        return member;
    }

    synchronized void deleteUser(String userId) {
        Member member = user(userId);
        if (!member.active) {
            return;
        }
        // Like a PATCH, a DELETE of the only Super Administrator is refused in the configured form:
        // silently (204, the member stays) or with an error.
        deprovision(member);
    }

    private Member admit(String userName, String source, Instant now) {
        String userId = globalUserIds.computeIfAbsent(key(userName), k -> newId());
        Member member = members.get(userId);
        if (member != null) {
            // A deprovisioned member kept visible (INACTIVE) is provisioned again in place.
            member.active = true;
            member.lastModified = now;
            return member;
        }
        member = new Member(userId, userName, source, now);
        members.put(userId, member);
        byUserName.put(key(userName), member);
        return member;
    }

    private void setActive(Member member, boolean active) {
        if (active && !member.active) {
            member.active = true;
        } else if (!active && member.active) {
            deprovision(member);
        }
    }

    /**
     * Removes the member from the account, unless it is the account's only Super Administrator:
     * Cloudflare never deprovisions that one, and answers either as if it had (SILENT) or with an
     * error (ERROR).
     */
    private void deprovision(Member member) {
        if (isOnlySuperAdministrator(member)) {
            if (lastSuperAdmin == LastSuperAdminMode.ERROR) {
                throw Rejection.mutability(lastSuperAdminDetail(member));
            }
            return;
        }
        for (String groupId : member.groupIds) {
            groups.get(groupId).memberIds.remove(member.id);
        }
        member.groupIds.clear();
        member.directRoles.clear();
        member.policyOnlyRoles.clear();
        member.active = false;
        member.lastModified = Instant.now();
        if (deprovisioned == DeprovisionedUsers.NOT_FOUND) {
            members.remove(member.id);
            byUserName.remove(key(member.userName));
        }
    }

    private String lastSuperAdminDetail(Member member) {
        return member.userName + " is the only Super Administrator of account " + id
                + " and cannot be deprovisioned";
    }

    private void rename(Member member, String userName) {
        if (userName.equals(member.userName)) {
            return;
        }
        Member other = byUserName.get(key(userName));
        if (other != null && other != member) {
            throw Rejection.uniqueness("a user with userName '" + userName + "' already exists");
        }
        byUserName.remove(key(member.userName));
        member.userName = userName;
        byUserName.put(key(userName), member);
        globalUserIds.put(key(userName), member.id);
    }

    private static void checkIdentity(UserFields fields) {
        checkEmail(fields.userName());
        if (fields.primaryEmail() == null) {
            throw Rejection.invalidValue("emails must hold a primary work email equal to userName");
        }
        if (!fields.primaryEmail().equals(fields.userName())) {
            throw Rejection.invalidValue("userName '" + fields.userName()
                    + "' must equal the primary email '" + fields.primaryEmail() + "'");
        }
    }

    private static void checkEmail(String userName) {
        if (userName == null || userName.isBlank()) {
            throw Rejection.invalidValue("userName is required");
        }
        if (!EMAIL.matcher(userName).matches()) {
            throw Rejection.invalidValue("userName must be an email address, got '" + userName + "'");
        }
    }

    // ---- roles ----------------------------------------------------------------------------------

    /** Minimal Account Access first, then the other roles in name order. */
    synchronized List<String> effectiveRoles(Member member) {
        Set<String> granted = ownRoles(member);
        for (String groupId : member.groupIds) {
            granted.addAll(rolesGrantedBy(groups.get(groupId)));
        }
        granted.remove(Roles.MINIMAL);
        List<String> result = new ArrayList<>(granted.size() + 1);
        result.add(Roles.MINIMAL);
        result.addAll(granted);
        return result;
    }

    synchronized List<String> rolesGrantedBy(Group group) {
        if (group.role != null) {
            return List.of(group.role);
        }
        Set<String> granted = new TreeSet<>();
        for (Policy policy : group.policies) {
            if (policy.grantsOn(accountScopeKey)) {
                for (String pg : policy.permissionGroupIds()) {
                    roles.roleOfPermissionGroup(pg).ifPresent(granted::add);
                }
            }
        }
        return List.copyOf(granted);
    }

    synchronized Set<String> superAdministratorIds() {
        Set<String> ids = new HashSet<>();
        for (Member member : members.values()) {
            if (member.active && ownRoles(member).contains(Roles.SUPER_ADMINISTRATOR)) {
                ids.add(member.id);
            }
        }
        for (Group group : groups.values()) {
            if (rolesGrantedBy(group).contains(Roles.SUPER_ADMINISTRATOR)) {
                ids.addAll(group.memberIds);
            }
        }
        return ids;
    }

    private boolean isOnlySuperAdministrator(Member member) {
        Set<String> ids = superAdministratorIds();
        return ids.size() == 1 && ids.contains(member.id);
    }

    // ---- groups ---------------------------------------------------------------------------------

    synchronized List<Group> listGroups(String displayNameFilter) {
        if (displayNameFilter == null) {
            return List.copyOf(groups.values());
        }
        return groups.values().stream().filter(g -> g.displayName.equalsIgnoreCase(displayNameFilter)).toList();
    }

    synchronized Group group(String groupId) {
        Group group = groups.get(groupId);
        if (group == null) {
            throw Rejection.notFound("Group " + groupId);
        }
        return group;
    }

    synchronized Group createGroup(String displayName, String externalId, List<String> memberIds) {
        if (profile == Profile.VIRTUAL_GROUPS) {
            boolean roleGroup = groups.values().stream().anyMatch(g -> g.displayName.equalsIgnoreCase(displayName));
            if (roleGroup) {
                throw Rejection.uniqueness("group '" + displayName
                        + "' already exists: link to it instead of pushing it");
            }
            throw Rejection.invalidValue("custom groups are not supported: push a group named exactly 'CF-"
                    + id + " - <Role Name>' for an account-scoped role");
        }
        Group adopted = adoptUserGroup(displayName, externalId, memberIds);
        if (adopted != null) {
            return adopted;
        }
        checkCustomName(displayName, null);
        checkMembers(memberIds);
        Group group = new Group(newId(), Group.Kind.CUSTOM, null, displayName, true, Instant.now());
        group.externalId = externalId;
        groups.put(group.id, group);
        memberIds.forEach(userId -> join(group, userId));
        return group;
    }

    /**
     * With {@link ExistingUserGroups#ADOPT}, a push of the name of a user group SCIM did not push
     * takes that group over: same id and policies, the pushed externalId, locked as SCIM's from now
     * on. Null when there is none to adopt (the push goes on as a create, and a name in use is a 409).
     */
    private Group adoptUserGroup(String displayName, String externalId, List<String> memberIds) {
        if (existingUserGroups != ExistingUserGroups.ADOPT || displayName == null) {
            return null;
        }
        Group found = groups.values().stream()
                .filter(g -> g.kind == Group.Kind.CUSTOM && !g.managedByScim && g.displayName.equalsIgnoreCase(displayName))
                .findFirst().orElse(null);
        if (found == null) {
            return null;
        }
        checkMembers(memberIds);
        found.managedByScim = true;
        if (externalId != null) {
            found.externalId = externalId;
        }
        memberIds.forEach(userId -> join(found, userId));
        found.lastModified = Instant.now();
        return found;
    }

    /** Applies a PATCH's edits all together, or none of them when one is refused. */
    synchronized Group editGroup(String groupId, List<GroupEdit> edits) {
        Group group = group(groupId);
        for (GroupEdit edit : edits) {
            if (edit instanceof GroupEdit.AddMembers add) {
                checkMembers(add.userIds());
            } else if (edit instanceof GroupEdit.ReplaceMembers replace) {
                checkMembers(replace.userIds());
            } else if (edit instanceof GroupEdit.Rename rename) {
                checkRename(group, rename.displayName());
            } else if (edit instanceof GroupEdit.SetExternalId && !group.renamable()) {
                throw Rejection.mutability("only the members of group '" + group.displayName + "' can change");
            }
        }
        for (GroupEdit edit : edits) {
            if (edit instanceof GroupEdit.AddMembers add) {
                add.userIds().forEach(userId -> join(group, userId));
            } else if (edit instanceof GroupEdit.RemoveMembers remove) {
                remove.userIds().forEach(userId -> leave(group, userId));
            } else if (edit instanceof GroupEdit.RemoveAllMembers) {
                List.copyOf(group.memberIds).forEach(userId -> leave(group, userId));
            } else if (edit instanceof GroupEdit.ReplaceMembers replace) {
                List.copyOf(group.memberIds).forEach(userId -> leave(group, userId));
                replace.userIds().forEach(userId -> join(group, userId));
            } else if (edit instanceof GroupEdit.Rename rename && rename.displayName() != null) {
                group.displayName = rename.displayName();
            } else if (edit instanceof GroupEdit.SetExternalId set) {
                group.externalId = set.externalId();
            }
        }
        group.lastModified = Instant.now();
        return group;
    }

    synchronized Group replaceGroup(String groupId, String displayName, String externalId, List<String> memberIds) {
        Group group = group(groupId);
        if (group.kind == Group.Kind.ROLE) {
            throw Rejection.invalidValue("role group '" + group.displayName
                    + "' cannot be replaced: change its members with PATCH");
        }
        List<GroupEdit> edits = new ArrayList<>();
        edits.add(new GroupEdit.Rename(displayName));
        if (group.renamable()) {
            edits.add(new GroupEdit.SetExternalId(externalId));
        }
        edits.add(new GroupEdit.ReplaceMembers(memberIds));
        return editGroup(groupId, edits);
    }

    synchronized void deleteGroup(String groupId) {
        Group group = group(groupId);
        if (group.kind != Group.Kind.CUSTOM) {
            throw Rejection.invalidValue("group '" + group.displayName + "' belongs to Cloudflare and cannot be deleted");
        }
        removeGroup(group);
    }

    private void removeGroup(Group group) {
        List.copyOf(group.memberIds).forEach(u -> leave(group, u));
        groups.remove(group.id);
    }

    private void join(Group group, String userId) {
        group.memberIds.add(userId);
        members.get(userId).groupIds.add(group.id);
    }

    private void leave(Group group, String userId) {
        group.memberIds.remove(userId);
        Member member = members.get(userId);
        if (member != null) {
            member.groupIds.remove(group.id);
        }
    }

    private void checkMembers(List<String> userIds) {
        for (String userId : userIds) {
            Member member = members.get(userId);
            if (member == null || !member.active) {
                throw Rejection.invalidValue("user " + userId + " is not a member of account " + id
                        + ": provision the user before adding it to a group");
            }
        }
    }

    private void checkRename(Group group, String displayName) {
        if (displayName == null || displayName.equals(group.displayName)) {
            return;
        }
        if (!group.renamable()) {
            throw Rejection.mutability("group '" + group.displayName + "' cannot be renamed");
        }
        checkCustomName(displayName, group);
    }

    private void checkCustomName(String displayName, Group self) {
        if (displayName == null || displayName.isBlank()) {
            throw Rejection.invalidValue("displayName is required");
        }
        if (displayName.startsWith("CF")) {
            throw Rejection.invalidValue("displayName '" + displayName + "' begins with CF, which Cloudflare reserves");
        }
        for (Group other : groups.values()) {
            if (other != self && other.displayName.equalsIgnoreCase(displayName)) {
                throw Rejection.uniqueness("a group named '" + displayName + "' already exists");
            }
        }
    }

    // ---- IAM user groups ------------------------------------------------------------------------

    synchronized List<Group> userGroups(String idFilter, String nameFilter, String fuzzyName) {
        String fuzzy = fuzzyName == null ? null : fuzzyName.toLowerCase(Locale.ROOT);
        return groups.values().stream()
                .filter(g -> g.kind == Group.Kind.CUSTOM)
                .filter(g -> idFilter == null || g.id.equals(idFilter))
                .filter(g -> nameFilter == null || g.displayName.equals(nameFilter))
                .filter(g -> fuzzy == null || g.displayName.toLowerCase(Locale.ROOT).contains(fuzzy))
                .toList();
    }

    synchronized Group userGroup(String groupId) {
        Group group = groups.get(groupId);
        if (group == null || group.kind != Group.Kind.CUSTOM) {
            throw Rejection.notFound("User group " + groupId);
        }
        return group;
    }

    synchronized Group createUserGroup(String name, List<PolicyInput> policies) {
        if (name == null || name.isBlank()) {
            throw Rejection.invalidValue("name is required");
        }
        if (groups.values().stream().anyMatch(g -> g.displayName.equalsIgnoreCase(name))) {
            throw Rejection.uniqueness("a group named '" + name + "' already exists");
        }
        List<Policy> checked = checkPolicies(policies);
        Group group = new Group(newId(), Group.Kind.CUSTOM, null, name, false, Instant.now());
        group.policies.addAll(checked);
        groups.put(group.id, group);
        return group;
    }

    /** Sets a user group's policies (when given); SCIM-managed groups refuse a rename, as in Cloudflare. */
    synchronized Group updateUserGroup(String groupId, String name, List<PolicyInput> policies) {
        Group group = userGroup(groupId);
        if (name != null && !name.equals(group.displayName)) {
            if (group.managedByScim) {
                throw Rejection.mutability("user group '" + group.displayName
                        + "' is managed by SCIM: rename it in the identity provider");
            }
            checkCustomName(name, group);
            group.displayName = name;
        }
        if (policies != null) {
            List<Policy> checked = checkPolicies(policies);
            group.policies.clear();
            group.policies.addAll(checked);
        }
        group.lastModified = Instant.now();
        return group;
    }

    synchronized void deleteUserGroup(String groupId) {
        Group group = userGroup(groupId);
        if (group.managedByScim) {
            throw Rejection.mutability("user group '" + group.displayName
                    + "' is managed by SCIM: delete it in the identity provider");
        }
        removeGroup(group);
    }

    // ---- resource groups ------------------------------------------------------------------------

    synchronized List<ResourceGroup> resourceGroups(String idFilter, String nameFilter) {
        return resourceGroups.values().stream()
                .filter(rg -> idFilter == null || rg.id().equals(idFilter))
                .filter(rg -> nameFilter == null || rg.name().equals(nameFilter))
                .toList();
    }

    synchronized ResourceGroup resourceGroup(String groupId) {
        return Optional.ofNullable(resourceGroups.get(groupId))
                .orElseThrow(() -> Rejection.notFound("Resource group " + groupId));
    }

    /** A new resource group; as in Cloudflare's published create, its scope needs a key and at least one object. */
    synchronized ResourceGroup createResourceGroup(String name, String scopeKey, List<String> scopeObjects) {
        if (name == null || name.isBlank()) {
            throw Rejection.invalidValue("name is required");
        }
        checkScope(scopeKey, scopeObjects);
        ResourceGroup group = new ResourceGroup(newId(), name, scopeKey, scopeObjects, true);
        resourceGroups.put(group.id(), group);
        return group;
    }

    /** Renames or rescopes an editable resource group; null keeps what it had. */
    synchronized ResourceGroup updateResourceGroup(String groupId, String name, String scopeKey,
                                                   List<String> scopeObjects) {
        ResourceGroup group = editableResourceGroup(groupId);
        String key = scopeKey == null ? group.scopeKey() : scopeKey;
        List<String> objects = scopeObjects == null ? group.scopeObjects() : scopeObjects;
        checkScope(key, objects);
        ResourceGroup updated = new ResourceGroup(group.id(), name == null ? group.name() : name, key, objects, true);
        resourceGroups.put(group.id(), updated);
        return updated;
    }

    synchronized void deleteResourceGroup(String groupId) {
        ResourceGroup group = editableResourceGroup(groupId);
        boolean inUse = groups.values().stream()
                .flatMap(g -> g.policies.stream())
                .anyMatch(policy -> policy.resourceGroups().stream().anyMatch(rg -> rg.id().equals(group.id())));
        if (inUse) {
            throw Rejection.invalidValue("resource group " + groupId + " is used by a policy");
        }
        resourceGroups.remove(groupId);
    }

    private ResourceGroup editableResourceGroup(String groupId) {
        ResourceGroup group = resourceGroup(groupId);
        if (!group.editable()) {
            throw Rejection.mutability("resource group " + groupId + " is built in and cannot be changed");
        }
        return group;
    }

    private static void checkScope(String scopeKey, List<String> scopeObjects) {
        if (scopeKey == null || scopeKey.isBlank()) {
            throw Rejection.invalidValue("scope.key is required");
        }
        if (scopeObjects == null || scopeObjects.isEmpty()) {
            throw Rejection.invalidValue("scope.objects must not be empty");
        }
    }

    private List<Policy> checkPolicies(List<PolicyInput> inputs) {
        List<Policy> policies = new ArrayList<>();
        for (PolicyInput input : inputs) {
            if (!"allow".equals(input.access()) && !"deny".equals(input.access())) {
                throw Rejection.invalidValue("policy access must be allow or deny, got '" + input.access() + "'");
            }
            if (input.permissionGroupIds().isEmpty()) {
                throw Rejection.invalidValue("a policy needs at least one permission group");
            }
            for (String pg : input.permissionGroupIds()) {
                if (roles.roleOfPermissionGroup(pg).isEmpty()) {
                    throw Rejection.invalidValue("unknown permission group '" + pg + "'");
                }
            }
            List<ResourceGroup> granted = new ArrayList<>();
            for (String rg : input.resourceGroupIds()) {
                granted.add(Optional.ofNullable(resourceGroups.get(rg))
                        .orElseThrow(() -> Rejection.invalidValue("unknown resource group '" + rg + "'")));
            }
            // The by-scope form names the account's own resource group by its key.
            for (String scope : input.scopeKeys()) {
                if (!scope.equals(accountScopeKey)) {
                    throw Rejection.invalidValue("scope '" + scope + "' is not account " + id);
                }
                granted.add(ResourceGroup.accountWide(accountScopeKey));
            }
            if (granted.isEmpty()) {
                throw Rejection.invalidValue("a policy needs at least one resource group");
            }
            String policyId = input.id() == null || input.id().isBlank() ? newId() : input.id();
            policies.add(new Policy(policyId, input.access(), input.permissionGroupIds(), granted));
        }
        return policies;
    }

    // ---- views ----------------------------------------------------------------------------------

    synchronized List<MemberView> memberViews() {
        return members.values().stream().map(this::view).toList();
    }

    synchronized MemberView view(Member member) {
        return new MemberView(member.id, member.userName, member.active, member.source,
                member.active ? effectiveRoles(member) : List.of(), member.externalId);
    }

    synchronized List<GroupView> groupViews() {
        return groups.values().stream()
                .map(g -> new GroupView(g.id, g.displayName, g.kind.label, g.role, List.copyOf(g.memberIds),
                        rolesGrantedBy(g)))
                .toList();
    }

    synchronized Set<String> groupNamesOf(Member member) {
        Set<String> names = new LinkedHashSet<>();
        member.groupIds.forEach(gid -> names.add(groups.get(gid).displayName));
        return names;
    }

    /** The roles given to a member outside SCIM and groups: the dashboard's direct assignments. */
    synchronized List<String> directRoles(String userId) {
        Member member = members.get(userId);
        return member == null ? List.of() : List.copyOf(new TreeSet<>(member.directRoles));
    }

    /**
     * The roles a member's own allow policies grant on the whole account: its direct roles (each
     * assigned role shows as a policy too) and the roles it holds through policies alone.
     */
    synchronized List<String> memberPolicyRoles(String userId) {
        Member member = members.get(userId);
        return member == null ? List.of() : List.copyOf(ownRoles(member));
    }

    synchronized String userNameOf(String userId) {
        Member member = members.get(userId);
        return member == null ? null : member.userName;
    }

    /** The roles given to the member itself, as roles or through its own policies, in name order. */
    private static Set<String> ownRoles(Member member) {
        return union(member.directRoles, member.policyOnlyRoles);
    }

    /** Both sets of role names, in name order. */
    private static Set<String> union(Collection<String> some, Collection<String> others) {
        Set<String> all = new TreeSet<>(some);
        all.addAll(others);
        return all;
    }

    private static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }

    static String newId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
