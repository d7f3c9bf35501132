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
 * <p>Code that does something different per kind of change goes through {@link #accept} or a
 * switch over {@link Action} with no {@code default}, so that a new kind fails to compile wherever
 * it is not handled.
 */
public sealed interface Change {
    /** The kinds of change, with how a plan, a metric and an event name each. */
    enum Action {
        CREATE_USER(CreateUser.class, "+", "UserCreated"),
        REACTIVATE_USER(ReactivateUser.class, "+", "UserReactivated"),
        UPDATE_USER(UpdateUser.class, "~", "UserUpdated"),
        DEACTIVATE_USER(DeactivateUser.class, "-", "UserDeprovisioned"),
        ADD_MEMBERS(AddMembers.class, "+", "RoleGranted"),
        REMOVE_MEMBERS(RemoveMembers.class, "-", "RoleRevoked"),
        CREATE_GROUP(CreateGroup.class, "+", "GroupCreated"),
        ADOPT_GROUP(AdoptGroup.class, "~", "GroupAdopted"),
        RENAME_GROUP(RenameGroup.class, "~", "GroupRenamed"),
        SET_GROUP_ROLES(SetGroupRoles.class, "~", "GroupRolesSet"),
        ADD_GROUP_MEMBERS(AddGroupMembers.class, "+", "GroupMembersAdded"),
        REMOVE_GROUP_MEMBERS(RemoveGroupMembers.class, "-", "GroupMembersRemoved"),
        DELETE_GROUP(DeleteGroup.class, "-", "GroupDeleted");

        private final Class<? extends Change> kind;
        private final String symbol;
        private final String eventReason;

        Action(Class<? extends Change> kind, String symbol, String eventReason) {
            this.kind = kind;
            this.symbol = symbol;
            this.eventReason = eventReason;
        }

        /** The action of a change of this class; every record of {@link Change} has one (a test checks). */
        static Action of(Class<? extends Change> kind) {
            for (Action action : values()) {
                if (action.kind == kind) {
                    return action;
                }
            }
            throw new IllegalArgumentException("no Action for " + kind.getSimpleName());
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

        /** Terraform's marker: {@code +} creates or adds, {@code ~} changes, {@code -} deactivates or removes. */
        public String symbol() {
            return symbol;
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

    /** Its kind, from its class: one constant per record below. */
    default Action action() {
        return Action.of(getClass());
    }

    /** What the change does, in a few words: {@code create user alice@example.com}. */
    default String summary() {
        return accept(ChangeSummary.INSTANCE);
    }

    String reason();

    /** The users it names: the one it creates or changes, or the members it adds or removes. */
    List<String> userNames();

    /** Its kind's Terraform marker, unless the change itself decides (a group's first policies are an addition). */
    default String symbol() {
        return action().symbol();
    }

    /** The display name of the pushed group a user-groups change is about; null for other changes. */
    default String pushedGroup() {
        return null;
    }

    /** Whether it takes a member out of the account. */
    default boolean deprovisions() {
        return action() == Action.DEACTIVATE_USER;
    }

    /** Whether it only gives (a role, a membership, a group): those go before any that take away. */
    default boolean grants() {
        return switch (action()) {
            case ADD_MEMBERS, CREATE_GROUP, ADOPT_GROUP, RENAME_GROUP, ADD_GROUP_MEMBERS -> true;
            case SET_GROUP_ROLES -> !((SetGroupRoles) this).revokes();
            case CREATE_USER, REACTIVATE_USER, UPDATE_USER, DEACTIVATE_USER, REMOVE_MEMBERS, REMOVE_GROUP_MEMBERS,
                    DELETE_GROUP -> false;
        };
    }

    /** Hands the change to the visitor's method for its kind. */
    default <R> R accept(Visitor<R> visitor) {
        return switch (action()) {
            case CREATE_USER -> visitor.createUser((CreateUser) this);
            case REACTIVATE_USER -> visitor.reactivateUser((ReactivateUser) this);
            case UPDATE_USER -> visitor.updateUser((UpdateUser) this);
            case DEACTIVATE_USER -> visitor.deactivateUser((DeactivateUser) this);
            case ADD_MEMBERS -> visitor.addMembers((AddMembers) this);
            case REMOVE_MEMBERS -> visitor.removeMembers((RemoveMembers) this);
            case CREATE_GROUP -> visitor.createGroup((CreateGroup) this);
            case ADOPT_GROUP -> visitor.adoptGroup((AdoptGroup) this);
            case RENAME_GROUP -> visitor.renameGroup((RenameGroup) this);
            case SET_GROUP_ROLES -> visitor.setGroupRoles((SetGroupRoles) this);
            case ADD_GROUP_MEMBERS -> visitor.addGroupMembers((AddGroupMembers) this);
            case REMOVE_GROUP_MEMBERS -> visitor.removeGroupMembers((RemoveGroupMembers) this);
            case DELETE_GROUP -> visitor.deleteGroup((DeleteGroup) this);
        };
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
        public String userName() {
            return user.userName();
        }
    }

    /** A member deprovisioned earlier that Cloudflare still shows, inactive: bring it back. */
    record ReactivateUser(String userId, String userName, String reason) implements UserChange {
    }

    record UpdateUser(String userId, String userName, UserUpdate update, String reason) implements UserChange {
    }

    record DeactivateUser(String userId, String userName, String reason) implements UserChange {
    }

    /** Adds members to the group that grants {@code role}; one batch of PATCHes for the group. */
    record AddMembers(String role, String groupId, List<String> userNames, String reason) implements Change {
        public AddMembers {
            userNames = List.copyOf(userNames);
        }
    }

    record RemoveMembers(String role, String groupId, List<String> userNames, String reason) implements Change {
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
    }

    /**
     * User-groups model: the account already has a user group of the declared name that this tool
     * did not push (made by hand or by another tool): push it by name, which Cloudflare answers by
     * adopting it (same id, same policies), and mark it as ours. Its roles and members follow as
     * for any group already pushed.
     */
    record AdoptGroup(String groupId, String displayName, String reason) implements GroupChange {
    }

    /** User-groups model: a pushed group follows its ScimGroup's new displayName. */
    record RenameGroup(String groupId, String from, String displayName, String reason) implements GroupChange {
    }

    /** User-groups model: the roles the group's policies grant become {@code roles}. */
    record SetGroupRoles(String groupId, String displayName, Set<String> roles, Set<String> before, String reason)
            implements GroupChange {
        public SetGroupRoles {
            roles = Set.copyOf(new TreeSet<>(roles));
            before = Set.copyOf(new TreeSet<>(before));
        }

        /** A group's first policies are an addition; new ones in place of others, a change. */
        @Override
        public String symbol() {
            return before.isEmpty() ? "+" : action().symbol();
        }

        /** Whether it takes away a role the group granted. */
        public boolean revokes() {
            return !roles.containsAll(before);
        }

        /** Whether it gives the group's members a role the group did not grant. */
        public boolean widens() {
            return !before.containsAll(roles);
        }
    }

    /** User-groups model: members join a pushed group (its id is null when the plan creates it). */
    record AddGroupMembers(String groupId, String displayName, List<String> userNames, String reason)
            implements GroupChange {
        public AddGroupMembers {
            userNames = List.copyOf(userNames);
        }
    }

    record RemoveGroupMembers(String groupId, String displayName, List<String> userNames, String reason)
            implements GroupChange {
        public RemoveGroupMembers {
            userNames = List.copyOf(userNames);
        }
    }

    /** User-groups model: a declared group no binding uses any more is deleted. */
    record DeleteGroup(String groupId, String displayName, String reason) implements GroupChange {
    }
}
