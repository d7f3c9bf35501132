package dev.cfscim.plan;

import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Small builders for desired and remote states, so each planner test reads as its table row. */
final class Fixture {

    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String SUPER = RemoteState.SUPER_ADMINISTRATOR;
    static final List<String> ROLES = List.of("Administrator", "Administrator Read Only", "DNS", SUPER,
            "Minimal Account Access");

    private Fixture() {
    }

    static Desired desired() {
        return new Desired();
    }

    static Remote remote() {
        return new Remote();
    }

    static final class Desired {
        private final Map<String, DesiredUser> users = new LinkedHashMap<>();
        private final Map<String, Set<String>> roles = new TreeMap<>();
        private final List<PlanProblem> problems = new ArrayList<>();

        Desired user(String userName, String... roles) {
            return put(new DesiredUser(userName, null, null, null, true, true, userName), roles);
        }

        Desired unassigned(String userName, String... roles) {
            return put(new DesiredUser(userName, null, null, null, true, false, userName), roles);
        }

        Desired inactive(String userName, String... roles) {
            return put(new DesiredUser(userName, null, null, null, false, true, userName), roles);
        }

        Desired put(DesiredUser user, String... roles) {
            users.put(user.key(), user);
            for (String role : roles) {
                this.roles.computeIfAbsent(role, r -> new TreeSet<>()).add(user.key());
            }
            return this;
        }

        private final Map<String, DesiredGroup> groups = new TreeMap<>();
        private final java.util.Set<String> declaredGroups = new TreeSet<>();

        /** User-groups model: a bound ScimGroup with these members (userNames) and roles. */
        Desired group(String displayName, List<String> members, String... roles) {
            java.util.Set<String> keys = new TreeSet<>();
            members.forEach(m -> keys.add(DesiredUser.key(m)));
            groups.put(displayName, new DesiredGroup(displayName, keys, java.util.Set.of(roles)));
            // As PlanInputs does: the bound roles are the members' declared roles in either model.
            for (String role : roles) {
                this.roles.computeIfAbsent(role, r -> new TreeSet<>()).addAll(keys);
            }
            declaredGroups.add(displayName);
            return this;
        }

        /** A ScimGroup declared but bound by no GroupRoleBinding. */
        Desired unboundGroup(String displayName) {
            declaredGroups.add(displayName);
            return this;
        }

        DesiredState build() {
            return new DesiredState(ACCOUNT, users, roles, problems);
        }

        DesiredState buildUserGroups() {
            return new DesiredState(ACCOUNT, users, roles, problems, DesiredState.Model.USER_GROUPS, groups,
                    declaredGroups);
        }
    }

    static final class Remote {
        private RemoteState state = new RemoteState(ACCOUNT);
        private int next = 1;

        Remote() {
            for (String role : ROLES) {
                state.addRoleGroup(new RoleGroup("g-" + role.hashCode(), "CF-" + ACCOUNT + " - " + role, role));
            }
        }

        Remote member(String userName, String... roles) {
            String id = "u" + next++;
            state.putUser(new RemoteUser(id, userName, null, null, null, true, List.of()));
            for (String role : roles) {
                state.addMembers(role, List.of(id));
            }
            return this;
        }

        Remote inactive(String userName) {
            state.putUser(new RemoteUser("u" + next++, userName, null, null, null, false, List.of()));
            return this;
        }

        Remote profile(String userName, String givenName, String familyName) {
            RemoteUser u = state.user(userName).orElseThrow();
            state.putUser(new RemoteUser(u.id(), u.userName(), givenName, familyName, u.externalId(), u.active(),
                    u.groupIds()));
            return this;
        }

        /** The account has no group for this role (Cloudflare never offered it, or it went away). */
        Remote withoutRoleGroup(String role) {
            RemoteState copy = new RemoteState(ACCOUNT);
            state.roleGroups().stream().filter(g -> !g.role().equals(role)).forEach(copy::addRoleGroup);
            state.users().forEach(copy::putUser);
            state.roleGroups().stream().filter(g -> !g.role().equals(role))
                    .forEach(g -> copy.addMembers(g.role(), state.members(g.role())));
            state = copy;
            return this;
        }

        /** The user-groups model: no CF- groups, the account's permission groups, and its system groups. */
        static Remote userGroups() {
            Remote remote = new Remote();
            remote.state = new RemoteState(ACCOUNT);
            return remote.withPermissionGroups();
        }

        /** The account's permission groups, one per role: with the CF- groups, an account mid-migration. */
        Remote withPermissionGroups() {
            Map<String, String> permissionGroups = new TreeMap<>();
            ROLES.forEach(role -> permissionGroups.put(role, "pg-" + Math.abs(role.hashCode())));
            state.setPermissionGroups(permissionGroups);
            return this;
        }

        /** A custom group with its members (userNames, already members) and the roles its policies grant. */
        Remote customGroup(String id, String displayName, List<String> members, String... roles) {
            // Pushed by cfscim: the tag Owner.NONE, the planner tests' owner, pushes its groups with.
            state.putCustomGroup(new CustomGroup(id, displayName, java.util.Set.of(roles),
                    Owner.NONE.groupTag()));
            state.addCustomMembers(id, members.stream().map(n -> state.user(n).orElseThrow().id()).toList());
            return this;
        }

        /** A user group of the account that cfscim did not push (made by hand or by another tool). */
        Remote handMadeGroup(String id, String displayName, List<String> members, String... roles) {
            customGroup(id, displayName, members, roles);
            state.putCustomGroup(new CustomGroup(id, displayName, java.util.Set.of(roles), null));
            return this;
        }

        Remote superAdminsOutsideScim(String... userNames) {
            List<String> ids = new ArrayList<>();
            for (String name : userNames) {
                ids.add(state.user(name).orElseThrow().id());
            }
            state.setSuperAdministratorsOutsideScim(ids);
            return this;
        }

        RemoteState build() {
            return state;
        }
    }

    /** Applies a plan to a copy of the remote state as if every change succeeded. */
    static RemoteState simulate(Plan plan, RemoteState remote) {
        Simulation simulation = new Simulation(remote.copy());
        plan.changes().forEach(change -> change.accept(simulation));
        return simulation.after;
    }

    /** What each kind of change does to the state when it succeeds. */
    private static final class Simulation implements Change.Visitor<Void> {
        private final RemoteState after;

        Simulation(RemoteState after) {
            this.after = after;
        }

        @Override
        public Void createUser(Change.CreateUser create) {
            // Named by its user, so that a plan simulated change by change gives each its own id.
            after.putUser(new RemoteUser("new:" + create.user().key(), create.user().userName(), create.user().givenName(),
                    create.user().familyName(), create.user().externalId(), true, List.of()));
            return null;
        }

        @Override
        public Void reactivateUser(Change.ReactivateUser reactivate) {
            RemoteUser u = after.userById(reactivate.userId()).orElseThrow();
            after.putUser(u.withActive(true));
            return null;
        }

        @Override
        public Void updateUser(Change.UpdateUser update) {
            RemoteUser u = after.userById(update.userId()).orElseThrow();
            var fields = update.update();
            after.putUser(new RemoteUser(u.id(), fields.userName() != null ? fields.userName() : u.userName(),
                    fields.givenName() != null ? fields.givenName() : u.givenName(),
                    fields.familyName() != null ? fields.familyName() : u.familyName(),
                    fields.externalId() != null ? fields.externalId() : u.externalId(), u.active(), u.groupIds()));
            return null;
        }

        @Override
        public Void deactivateUser(Change.DeactivateUser deactivate) {
            after.deprovisioned(deactivate.userId());
            return null;
        }

        @Override
        public Void addMembers(Change.AddMembers add) {
            after.addMembers(add.role(), ids(after, add.userNames()));
            return null;
        }

        @Override
        public Void removeMembers(Change.RemoveMembers remove) {
            after.removeMembers(remove.role(), ids(after, remove.userNames()));
            return null;
        }

        @Override
        public Void createGroup(Change.CreateGroup create) {
            String id = "new-" + create.displayName();
            after.putCustomGroup(new CustomGroup(id, create.displayName(), java.util.Set.of(),
                    Owner.NONE.groupTag()));
            return null;
        }

        @Override
        public Void adoptGroup(Change.AdoptGroup adopt) {
            CustomGroup group = after.customGroupById(adopt.groupId()).orElseThrow();
            after.putCustomGroup(group.withExternalId(Owner.NONE.groupTag()));
            return null;
        }

        @Override
        public Void renameGroup(Change.RenameGroup rename) {
            CustomGroup group = after.customGroupById(rename.groupId()).orElseThrow();
            after.putCustomGroup(group.withDisplayName(rename.displayName()));
            return null;
        }

        @Override
        public Void setGroupRoles(Change.SetGroupRoles set) {
            after.setCustomGroupRoles(groupId(set.groupId(), set.displayName()), set.roles());
            return null;
        }

        @Override
        public Void addGroupMembers(Change.AddGroupMembers add) {
            after.addCustomMembers(groupId(add.groupId(), add.displayName()), ids(after, add.userNames()));
            return null;
        }

        @Override
        public Void removeGroupMembers(Change.RemoveGroupMembers remove) {
            after.removeCustomMembers(remove.groupId(), ids(after, remove.userNames()));
            return null;
        }

        @Override
        public Void deleteGroup(Change.DeleteGroup delete) {
            after.removeCustomGroup(delete.groupId());
            return null;
        }

        /** A group's id: given, or (for a group this plan created) found by its name. */
        private String groupId(String id, String displayName) {
            return id != null ? id : after.customGroup(displayName).orElseThrow().id();
        }
    }

    private static List<String> ids(RemoteState state, List<String> userNames) {
        return userNames.stream().map(n -> state.user(n).orElseThrow().id()).toList();
    }

    static List<String> lines(Plan plan) {
        List<String> lines = new ArrayList<>();
        plan.changes().forEach(c -> lines.add(c.effect().symbol() + " " + c.summary()));
        plan.held().forEach(h -> lines.add("! " + h.change().summary() + " [" + h.reason() + "]"));
        return lines;
    }
}
