package dev.cfscim.scim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Cloudflare in memory, for unit tests of what sits on a {@link CloudflareAccount}: members, role
 * groups ({@code CF-<account> - <Role>}), custom groups with their policies, members' direct roles,
 * Cloudflare's 409 and 404 answers and its silent refusal to deprovision the only Super
 * Administrator; and faults scripted on the Nth call of an operation (counted from when scripted).
 */
public final class InMemoryCloudflareAccount implements ScimDirectory, CloudflareIam {

    /** This fake names the resource group covering an account by the account's scope key. */
    private static final String RESOURCE_GROUP_PREFIX = "resource-group:";

    public static final String SUPER_ADMINISTRATOR = "Super Administrator - All Privileges";
    public static final List<String> ROLES = List.of("Administrator", "Administrator Read Only", "DNS",
            SUPER_ADMINISTRATOR, "Minimal Account Access");

    /** The calls of the interface, to count them and to script faults on them. */
    public enum Operation {
        LIST_USERS, FIND_USER, GET_USER, CREATE_USER, UPDATE_USER, SET_ACTIVE, LIST_GROUPS, FIND_GROUP, CREATE_GROUP,
        RENAME_GROUP, DELETE_GROUP, ADD_MEMBERS, REMOVE_MEMBERS, ACCOUNT_MEMBERS, PERMISSION_GROUPS,
        LIST_USER_GROUPS, SET_POLICIES, CLAIM_GROUP
    }

    /** The writes to something that exists, which can answer success and leave it as it was. */
    private static final Set<Operation> CHANGES = EnumSet.of(Operation.UPDATE_USER, Operation.SET_ACTIVE,
            Operation.RENAME_GROUP, Operation.DELETE_GROUP, Operation.ADD_MEMBERS, Operation.REMOVE_MEMBERS,
            Operation.SET_POLICIES, Operation.CLAIM_GROUP);

    private enum Fault { FAIL, LOSE_ANSWER, REFUSE_SILENTLY }

    /** {@code message}: what the failure says (null: that it was scripted). */
    private record Scripted(Fault fault, ScimException.Kind kind, String message) {
        Scripted(Fault fault, ScimException.Kind kind) {
            this(fault, kind, null);
        }
    }

    private static final class User {
        final String id;
        String userName;
        String givenName;
        String familyName;
        String externalId;
        boolean active = true;
        final Set<String> directRoles = new TreeSet<>();

        User(String id, String userName) {
            this.id = id;
            this.userName = userName;
        }
    }

    /** {@code role} is set for a role group; a custom group's roles come from its policies. */
    private static final class Group {
        final String id;
        String displayName;
        final String role;
        final Set<String> memberIds = new LinkedHashSet<>();
        final Set<String> policyRoles = new TreeSet<>();
        /** Null for a group seeded by hand; cfscim's marker once pushed or claimed. */
        String externalId;

        Group(String id, String displayName, String role) {
            this.id = id;
            this.displayName = displayName;
            this.role = role;
        }

        Set<String> grants() {
            return role != null ? Set.of(role) : policyRoles;
        }
    }

    private final String accountId;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, String> permissionGroups = new LinkedHashMap<>();
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
    private final Map<Operation, Map<Integer, Scripted>> script = new EnumMap<>(Operation.class);
    private boolean deprovisionedStayVisible;
    private int nextId;

    public InMemoryCloudflareAccount(String accountId) {
        this.accountId = accountId;
        for (String role : ROLES) {
            String id = newId();
            groups.put(id, new Group(id, "CF-" + accountId + " - " + role, role));
            permissionGroups.put(role, "pg-" + newId());
        }
    }

    // ---- setting the scene (neither counted nor faulted) -------------------------------------------

    /** A deprovisioned member stays listed with {@code active: false} instead of vanishing. */
    public synchronized InMemoryCloudflareAccount keepDeprovisionedVisible() {
        deprovisionedStayVisible = true;
        return this;
    }

    /** An active member in the role groups of these roles; answers its id. */
    public synchronized String seedMember(String userName, String... roles) {
        User user = new User(newId(), userName);
        users.put(user.id, user);
        for (String role : roles) {
            roleGroup(role).memberIds.add(user.id);
        }
        return user.id;
    }

    /** A role given outside SCIM and groups, as the account's creator holds Super Administrator. */
    public synchronized void grantDirectly(String userName, String role) {
        byName(userName).orElseThrow().directRoles.add(role);
    }

    public synchronized String seedCustomGroup(String displayName, Set<String> roles, String... userNames) {
        Group group = new Group(newId(), displayName, null);
        group.policyRoles.addAll(roles);
        for (String name : userNames) {
            group.memberIds.add(byName(name).orElseThrow().id);
        }
        groups.put(group.id, group);
        return group.id;
    }

    // ---- scripting faults ---------------------------------------------------------------------------

    /** The Nth call of {@code operation} from now fails with {@code kind}, changing nothing. */
    public synchronized void failOn(Operation operation, int nth, ScimException.Kind kind) {
        script(operation, nth, new Scripted(Fault.FAIL, kind));
    }

    /** As {@link #failOn(Operation, int, ScimException.Kind)}, the failure saying {@code message} as it is. */
    public synchronized void failOn(Operation operation, int nth, ScimException.Kind kind, String message) {
        script(operation, nth, new Scripted(Fault.FAIL, kind, message));
    }

    /** The Nth call from now is applied, then its answer is lost: the caller sees a TRANSIENT failure. */
    public synchronized void loseAnswer(Operation operation, int nth) {
        script(operation, nth, new Scripted(Fault.LOSE_ANSWER, ScimException.Kind.TRANSIENT));
    }

    /** The Nth write from now answers success and changes nothing (its answer shows the state unchanged). */
    public synchronized void refuseSilently(Operation operation, int nth) {
        if (!CHANGES.contains(operation)) {
            throw new IllegalArgumentException(operation + " has no unchanged answer to give");
        }
        script(operation, nth, new Scripted(Fault.REFUSE_SILENTLY, null));
    }

    private void script(Operation operation, int nth, Scripted scripted) {
        script.computeIfAbsent(operation, o -> new HashMap<>()).put(calls(operation) + nth, scripted);
    }

    // ---- what tests read back (neither counted nor faulted) ----------------------------------------

    public synchronized int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    public synchronized List<RemoteUser> members() {
        return users.values().stream().map(this::view).toList();
    }

    public synchronized Optional<RemoteUser> member(String userName) {
        return byName(userName).map(this::view);
    }

    /** The roles a member holds, through role groups, custom groups' policies and directly. */
    public synchronized Set<String> rolesOf(String userName) {
        User user = byName(userName).orElseThrow();
        Set<String> roles = new TreeSet<>(user.directRoles);
        groups.values().stream().filter(g -> g.memberIds.contains(user.id)).forEach(g -> roles.addAll(g.grants()));
        return roles;
    }

    /** A group with its members, as a single GET shows it. */
    public synchronized Optional<RemoteGroup> group(String displayName) {
        return groupNamed(displayName).map(g -> new RemoteGroup(g.id, g.displayName, null, List.copyOf(g.memberIds)));
    }

    // ---- ScimDirectory and CloudflareIam-------------------------------------------------------------------------

    @Override
    public synchronized List<RemoteUser> listUsers() {
        return call(Operation.LIST_USERS, this::members, null);
    }

    @Override
    public synchronized Optional<RemoteUser> findUser(String userName) {
        return call(Operation.FIND_USER, () -> member(userName), null);
    }

    @Override
    public synchronized Optional<RemoteUser> getUser(String id) {
        return call(Operation.GET_USER, () -> Optional.ofNullable(users.get(id)).map(this::view),
                null);
    }

    @Override
    public synchronized RemoteUser createUser(NewUser user) {
        return call(Operation.CREATE_USER, () -> {
            if (!user.userName().contains("@")) {
                throw refusal(ScimException.Kind.PERMANENT, "userName must be an email address");
            }
            if (byName(user.userName()).isPresent()) {
                throw refusal(ScimException.Kind.UNIQUENESS, "a user with userName '" + user.userName() + "' exists");
            }
            User created = new User(newId(), user.userName());
            created.givenName = user.givenName();
            created.familyName = user.familyName();
            created.externalId = user.externalId();
            users.put(created.id, created);
            return view(created);
        }, null);
    }

    @Override
    public synchronized RemoteUser updateUser(RemoteUser current, UserUpdate update) {
        String id = current.id();
        return call(Operation.UPDATE_USER, () -> {
            User user = userById(id);
            if (update.userName() != null) {
                byName(update.userName()).filter(other -> other != user).ifPresent(other -> {
                    throw refusal(ScimException.Kind.UNIQUENESS, "userName '" + update.userName() + "' is taken");
                });
                user.userName = update.userName();
            }
            user.givenName = update.givenName() != null ? update.givenName() : user.givenName;
            user.familyName = update.familyName() != null ? update.familyName() : user.familyName;
            user.externalId = update.externalId() != null ? update.externalId() : user.externalId;
            return view(user);
        }, () -> view(userById(id)));
    }

    @Override
    public synchronized RemoteUser setActive(String id, boolean active) {
        return call(Operation.SET_ACTIVE, () -> {
            User user = userById(id);
            if (active || !user.active) {
                user.active |= active;
                return view(user);
            }
            Set<String> holders = superAdministrators();
            if (holders.size() == 1 && holders.contains(id)) {
                // Cloudflare never deprovisions the only Super Administrator, and says so by not doing it.
                return view(user);
            }
            groups.values().forEach(g -> g.memberIds.remove(id));
            user.directRoles.clear();
            user.active = false;
            RemoteUser answer = view(user);
            if (!deprovisionedStayVisible) {
                users.remove(id);
            }
            return answer;
        }, () -> view(userById(id)));
    }

    @Override
    public synchronized List<RemoteGroup> listGroups() {
        return call(Operation.LIST_GROUPS, () -> groups.values().stream().map(InMemoryCloudflareAccount::listed)
                .toList(), null);
    }

    @Override
    public synchronized Optional<RemoteGroup> findGroup(String displayName) {
        return call(Operation.FIND_GROUP, () -> groupNamed(displayName).map(InMemoryCloudflareAccount::listed), null);
    }

    @Override
    public synchronized RemoteGroup createGroup(String displayName, String externalId) {
        return call(Operation.CREATE_GROUP, () -> {
            if (groupNamed(displayName).isPresent()) {
                throw refusal(ScimException.Kind.UNIQUENESS, "a group named '" + displayName + "' exists");
            }
            Group group = new Group(newId(), displayName, null);
            group.externalId = externalId;
            groups.put(group.id, group);
            return new RemoteGroup(group.id, displayName, group.externalId, List.copyOf(group.memberIds));
        }, null);
    }

    @Override
    public synchronized void claimGroup(String groupId, String externalId) {
        write(Operation.CLAIM_GROUP, () -> groupById(groupId).externalId = externalId);
    }

    @Override
    public synchronized void renameGroup(String groupId, String displayName) {
        write(Operation.RENAME_GROUP, () -> {
            Group group = groupById(groupId);
            groupNamed(displayName).filter(other -> other != group).ifPresent(other -> {
                throw refusal(ScimException.Kind.UNIQUENESS, "a group named '" + displayName + "' exists");
            });
            group.displayName = displayName;
        });
    }

    @Override
    public synchronized void deleteGroup(String groupId) {
        write(Operation.DELETE_GROUP, () -> groups.remove(groupById(groupId).id));
    }

    @Override
    public synchronized void addMembers(String groupId, Collection<String> userIds) {
        write(Operation.ADD_MEMBERS, () -> userIds.forEach(id -> groupById(groupId).memberIds.add(userById(id).id)));
    }

    @Override
    public synchronized void removeMembers(String groupId, Collection<String> userIds) {
        write(Operation.REMOVE_MEMBERS, () -> groupById(groupId).memberIds.removeAll(userIds));
    }

    @Override
    public synchronized Set<String> superAdministratorsOutsideScim(String accountScopeKey) {
        return call(Operation.ACCOUNT_MEMBERS, () -> {
            Set<String> emails = new LinkedHashSet<>();
            users.values().stream().filter(u -> u.active && u.directRoles.contains(SUPER_ADMINISTRATOR))
                    .forEach(u -> emails.add(u.userName.toLowerCase(Locale.ROOT)));
            return emails;
        }, null);
    }

    @Override
    public synchronized Map<String, String> permissionGroups() {
        return call(Operation.PERMISSION_GROUPS, () -> Map.copyOf(permissionGroups), null);
    }

    @Override
    public synchronized List<RemoteUserGroup> listUserGroups(String accountScopeKey) {
        boolean onThisAccount = accountScopeKey.equals(scopeKey());
        return call(Operation.LIST_USER_GROUPS, () -> groups.values().stream().filter(g -> g.role == null)
                .map(g -> new RemoteUserGroup(g.id, g.displayName, onThisAccount ? g.policyRoles : Set.of()))
                .toList(), null);
    }

    @Override
    public synchronized String accountResourceGroup(String accountScopeKey) {
        return RESOURCE_GROUP_PREFIX + accountScopeKey;
    }

    @Override
    public synchronized void setPolicies(String groupId, String resourceGroupId, List<String> permissionGroupIds) {
        write(Operation.SET_POLICIES, () -> {
            Group group = groupById(groupId);
            List<String> roles = new ArrayList<>();
            for (String pg : permissionGroupIds) {
                roles.add(permissionGroups.entrySet().stream().filter(e -> e.getValue().equals(pg))
                        .map(Map.Entry::getKey).findFirst()
                        .orElseThrow(() -> refusal(ScimException.Kind.PERMANENT, "no permission group " + pg)));
            }
            group.policyRoles.clear();
            if (resourceGroupId.equals(RESOURCE_GROUP_PREFIX + scopeKey())) {
                group.policyRoles.addAll(roles);
            }
        });
    }

    // ---- plumbing -----------------------------------------------------------------------------------

    /** Counts the call and plays its scripted fault, if any; {@code unchanged} answers a silent refusal. */
    private <T> T call(Operation operation, Supplier<T> action, Supplier<T> unchanged) {
        int n = calls.merge(operation, 1, Integer::sum);
        Map<Integer, Scripted> faults = script.get(operation);
        Scripted scripted = faults == null ? null : faults.remove(n);
        if (scripted != null && scripted.fault() == Fault.FAIL) {
            throw refusal(scripted.kind(), scripted.message() != null ? scripted.message()
                    : operation + " call " + n + " failed as scripted");
        }
        if (scripted != null && scripted.fault() == Fault.REFUSE_SILENTLY) {
            return unchanged.get();
        }
        T answer = action.get();
        if (scripted != null) {
            throw new ScimException(ScimException.Kind.TRANSIENT, 0, null,
                    operation + " call " + n + ": the answer was lost after the write landed", null, null);
        }
        return answer;
    }

    private void write(Operation operation, Runnable action) {
        call(operation, () -> {
            action.run();
            return null;
        }, () -> null);
    }

    private static ScimException refusal(ScimException.Kind kind, String detail) {
        int status = switch (kind) {
            case INVALID_CREDENTIALS -> 403;
            case NOT_FOUND -> 404;
            case UNIQUENESS -> 409;
            case RATE_LIMITED -> 429;
            case BUDGET_EXHAUSTED -> 0;
            case TRANSIENT -> 503;
            case PERMANENT -> 400;
        };
        Duration retryAfter = kind == ScimException.Kind.RATE_LIMITED || kind == ScimException.Kind.BUDGET_EXHAUSTED
                ? Duration.ofSeconds(300) : null;
        return new ScimException(kind, status, kind == ScimException.Kind.UNIQUENESS ? "uniqueness" : null,
                status + ": " + detail, retryAfter, null);
    }

    private Set<String> superAdministrators() {
        Set<String> ids = new TreeSet<>();
        users.values().stream().filter(u -> u.active && u.directRoles.contains(SUPER_ADMINISTRATOR))
                .forEach(u -> ids.add(u.id));
        groups.values().stream().filter(g -> g.grants().contains(SUPER_ADMINISTRATOR))
                .forEach(g -> ids.addAll(g.memberIds));
        return ids;
    }

    private RemoteUser view(User user) {
        List<String> groupIds = groups.values().stream().filter(g -> g.memberIds.contains(user.id)).map(g -> g.id)
                .toList();
        return new RemoteUser(user.id, user.userName, user.givenName, user.familyName, user.externalId, user.active,
                groupIds);
    }

    private static RemoteGroup listed(Group group) {
        return new RemoteGroup(group.id, group.displayName, group.externalId, null);
    }

    private Optional<User> byName(String userName) {
        return users.values().stream().filter(u -> u.userName.equalsIgnoreCase(userName)).findFirst();
    }

    private User userById(String id) {
        User user = users.get(id);
        if (user == null) {
            throw refusal(ScimException.Kind.NOT_FOUND, "no user " + id);
        }
        return user;
    }

    private Group groupById(String id) {
        Group group = groups.get(id);
        if (group == null) {
            throw refusal(ScimException.Kind.NOT_FOUND, "no group " + id);
        }
        return group;
    }

    private Optional<Group> groupNamed(String displayName) {
        return groups.values().stream().filter(g -> g.displayName.equalsIgnoreCase(displayName)).findFirst();
    }

    private Group roleGroup(String role) {
        return groups.values().stream().filter(g -> role.equals(g.role)).findFirst().orElseThrow();
    }

    private String scopeKey() {
        return "com.cloudflare.api.account." + accountId;
    }

    private String newId() {
        nextId++;
        return String.format("%032x", nextId);
    }
}
