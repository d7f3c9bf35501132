package dev.cfscim.plan;

import dev.cfscim.scim.UserUpdate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One write the plan makes to Cloudflare, with the reason it is needed. Members are named by
 * userName keys, not ids, because a member added in the same plan as its creation has no id yet:
 * the applier resolves them once the creates have landed.
 *
 * <p>Code that does something different per kind of change passes a {@link Visitor} to
 * {@link #accept}: every record calls its own method, so a new kind fails to compile until each
 * visitor handles it, and each method gets its record's type with no cast. No code outside a
 * record asks which class a change is ({@code instanceof}, a cast, a switch over {@link Action}):
 * {@link Action} is the kind as a value, for naming and counting it.
 */
public sealed interface Change {
    /**
     * The kinds of change, with how a plan, a metric and an event name each. Each record returns
     * its own ({@link #action()}); a test checks that records and constants match one to one.
     */
    enum Action {
        CREATE_USER(Effect.ADD, false, "UserCreated"),
        REACTIVATE_USER(Effect.ADD, false, "UserReactivated"),
        UPDATE_USER(Effect.CHANGE, false, "UserUpdated"),
        DEACTIVATE_USER(Effect.REMOVE, false, "UserDeprovisioned"),
        ADD_MEMBERS(Effect.ADD, true, "RoleGranted"),
        REMOVE_MEMBERS(Effect.REMOVE, false, "RoleRevoked"),
        CREATE_GROUP(Effect.ADD, true, "GroupCreated"),
        ADOPT_GROUP(Effect.CHANGE, true, "GroupAdopted"),
        RENAME_GROUP(Effect.CHANGE, true, "GroupRenamed"),
        /** Grants unless it revokes, and adds when the group had no policy: the change decides both. */
        SET_GROUP_ROLES(Effect.CHANGE, false, "GroupRolesSet"),
        ADD_GROUP_MEMBERS(Effect.ADD, true, "GroupMembersAdded"),
        REMOVE_GROUP_MEMBERS(Effect.REMOVE, false, "GroupMembersRemoved"),
        DELETE_GROUP(Effect.REMOVE, false, "GroupDeleted");

        private final Effect effect;
        private final boolean grants;
        private final String eventReason;

        Action(Effect effect, boolean grants, String eventReason) {
            this.effect = effect;
            this.grants = grants;
            this.eventReason = eventReason;
        }

        /**
         * In camelCase, as JSON plans and the {@code action} metric label spell it: {@code createUser}.
         * It is the constant's own name, so the two cannot drift apart.
         */
        public String label() {
            StringBuilder camel = new StringBuilder();
            for (String word : name().toLowerCase(Locale.ROOT).split("_")) {
                camel.append(camel.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
            }
            return camel.toString();
        }

        /** What a change of this kind does, unless the change itself decides (see {@link Change#effect}). */
        public Effect effect() {
            return effect;
        }

        /** The reason of the Kubernetes event that reports the change applied: {@code UserCreated}. */
        public String eventReason() {
            return eventReason;
        }
    }

    /** Does something per kind of change; a new kind adds a method here, so every visitor must handle it. */
    interface Visitor<R> {
        R createUser(CreateUser change);

        R reactivateUser(ReactivateUser change);

        R updateUser(UpdateUser change);

        R deactivateUser(DeactivateUser change);

        R addMembers(AddMembers change);

        R removeMembers(RemoveMembers change);

        R createGroup(CreateGroup change);

        R adoptGroup(AdoptGroup change);

        R renameGroup(RenameGroup change);

        R setGroupRoles(SetGroupRoles change);

        R addGroupMembers(AddGroupMembers change);

        R removeGroupMembers(RemoveGroupMembers change);

        R deleteGroup(DeleteGroup change);
    }

    /** Hands the change to the visitor's method for its kind. */
    <R> R accept(Visitor<R> visitor);

    /** Its kind. */
    Action action();

    /** What the change does, in a few words: {@code create user alice@example.com}. */
    default String summary() {
        return accept(ChangeSummary.INSTANCE);
    }

    String reason();

    /** The users it names: the one it creates or changes, or the members it adds or removes. */
    List<String> userNames();

    /** Its kind's effect, unless the change itself decides (a group's first policies are an addition). */
    default Effect effect() {
        return action().effect();
    }

    /** The display name of the pushed group a user-groups change is about; null for other changes. */
    default String pushedGroup() {
        return null;
    }

    /** The role whose role group a role-groups change adds to or removes from; null for other changes. */
    default String roleGroup() {
        return null;
    }

    /** Whether it takes a member out of the account. */
    default boolean deprovisions() {
        return action() == Action.DEACTIVATE_USER;
    }

    /** Whether it only gives (a role, a membership, a group): those go before any that take away. */
    default boolean grants() {
        return action().grants;
    }

    /** Whether it gives a pushed group's members a role the group did not grant (only a policy change can). */
    default boolean widens() {
        return false;
    }

    /** A change to one user, named by its userName. */
    sealed interface UserChange extends Change {
        String userName();

        @Override
        default List<String> userNames() {
            return List.of(userName());
        }
    }

    /** A user-groups change: it is about the pushed group of that display name. */
    sealed interface GroupChange extends Change {
        String displayName();

        /** The pushed group's id; null while the plan has not pushed it yet. */
        String groupId();

        @Override
        default String pushedGroup() {
            return displayName();
        }

        /** Most group changes name no user; those that do have the userNames as a component. */
        @Override
        default List<String> userNames() {
            return List.of();
        }
    }

    record CreateUser(DesiredUser user, String reason) implements UserChange {
        @Override
        public Action action() { return Action.CREATE_USER; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.createUser(this); }

        public String userName() {
            return user.userName();
        }
    }

    /** A member deprovisioned earlier that Cloudflare still shows, inactive: bring it back. */
    record ReactivateUser(String userId, String userName, String reason) implements UserChange {
        @Override
        public Action action() { return Action.REACTIVATE_USER; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.reactivateUser(this); }
    }

    record UpdateUser(String userId, String userName, UserUpdate update, String reason) implements UserChange {
        @Override
        public Action action() { return Action.UPDATE_USER; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.updateUser(this); }
    }

    record DeactivateUser(String userId, String userName, String reason) implements UserChange {
        @Override
        public Action action() { return Action.DEACTIVATE_USER; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.deactivateUser(this); }
    }

    /** Adds members to the group that grants {@code role}; one batch of PATCHes for the group. */
    record AddMembers(String role, String groupId, List<String> userNames, String reason) implements Change {
        @Override
        public Action action() { return Action.ADD_MEMBERS; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.addMembers(this); }

        @Override
        public String roleGroup() {
            return role;
        }

        public AddMembers {
            userNames = List.copyOf(userNames);
        }
    }

    record RemoveMembers(String role, String groupId, List<String> userNames, String reason) implements Change {
        @Override
        public Action action() { return Action.REMOVE_MEMBERS; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.removeMembers(this); }

        @Override
        public String roleGroup() {
            return role;
        }

        public RemoveMembers {
            userNames = List.copyOf(userNames);
        }
    }

    /**
     * User-groups model: pushes a group, with no members: Cloudflare's POST takes none, and a group
     * must grant its roles (SetGroupRoles) before anyone joins it (AddGroupMembers), since a user
     * group with no roles can block its members' logins.
     */
    record CreateGroup(String displayName, String reason) implements GroupChange {
        @Override
        public Action action() { return Action.CREATE_GROUP; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.createGroup(this); }

        /** Cloudflare gives the id when the group lands. */
        @Override
        public String groupId() {
            return null;
        }
    }

    /**
     * User-groups model: the account already has a user group of the declared name that this tool
     * did not push (made by hand or by another tool): push it by name, which Cloudflare answers by
     * adopting it (same id, same policies), and mark it as ours. Its roles and members follow as
     * for any group already pushed.
     */
    record AdoptGroup(String groupId, String displayName, String reason) implements GroupChange {
        @Override
        public Action action() { return Action.ADOPT_GROUP; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.adoptGroup(this); }
    }

    /** User-groups model: a pushed group follows its ScimGroup's new displayName. */
    record RenameGroup(String groupId, String from, String displayName, String reason) implements GroupChange {
        @Override
        public Action action() { return Action.RENAME_GROUP; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.renameGroup(this); }
    }

    /** User-groups model: the roles the group's policies grant become {@code roles}. */
    record SetGroupRoles(String groupId, String displayName, Set<String> roles, Set<String> before, String reason)
            implements GroupChange {
        @Override
        public Action action() { return Action.SET_GROUP_ROLES; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.setGroupRoles(this); }

        public SetGroupRoles {
            roles = Set.copyOf(new TreeSet<>(roles));
            before = Set.copyOf(new TreeSet<>(before));
        }

        /** A group's first policies are an addition; new ones in place of others, a change. */
        @Override
        public Effect effect() {
            return before.isEmpty() ? Effect.ADD : action().effect();
        }

        /** It gives unless it takes a role away. */
        @Override
        public boolean grants() {
            return !revokes();
        }

        /** Whether it takes away a role the group granted. */
        public boolean revokes() {
            return !roles.containsAll(before);
        }

        /** Whether it gives the group's members a role the group did not grant. */
        @Override
        public boolean widens() {
            return !before.containsAll(roles);
        }
    }

    /** User-groups model: members join a pushed group (its id is null when the plan creates it). */
    record AddGroupMembers(String groupId, String displayName, List<String> userNames, String reason)
            implements GroupChange {
        @Override
        public Action action() { return Action.ADD_GROUP_MEMBERS; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.addGroupMembers(this); }

        public AddGroupMembers {
            userNames = List.copyOf(userNames);
        }
    }

    record RemoveGroupMembers(String groupId, String displayName, List<String> userNames, String reason)
            implements GroupChange {
        @Override
        public Action action() { return Action.REMOVE_GROUP_MEMBERS; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.removeGroupMembers(this); }

        public RemoveGroupMembers {
            userNames = List.copyOf(userNames);
        }
    }

    /** User-groups model: a declared group no binding uses any more is deleted. */
    record DeleteGroup(String groupId, String displayName, String reason) implements GroupChange {
        @Override
        public Action action() { return Action.DELETE_GROUP; }

        @Override
        public <R> R accept(Visitor<R> visitor) { return visitor.deleteGroup(this); }
    }
}
