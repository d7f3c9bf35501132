package dev.cfscim.plan;

import dev.cfscim.scim.UserUpdate;
import java.util.List;

/**
 * One write the plan makes to Cloudflare, with the reason it is needed. Members are named by
 * userName keys, not ids, because a member added in the same plan as its creation has no id yet:
 * the applier resolves them once the creates have landed.
 */
public sealed interface Change {

    /** Terraform's markers: {@code +} creates or adds, {@code ~} changes, {@code -} deactivates or removes. */
    String symbol();

    /** What the change does, in a few words: {@code create user alice@example.com}. */
    String summary();

    String reason();

    /** What kind of change, in camelCase, as JSON plans and event reasons name it: {@code createUser}. */
    String action();

    /** The display name of the pushed group a user-groups change is about; null for other changes. */
    static String groupOf(Change change) {
        if (change instanceof CreateGroup c) {
            return c.displayName();
        } else if (change instanceof RenameGroup c) {
            return c.displayName();
        } else if (change instanceof SetGroupRoles c) {
            return c.displayName();
        } else if (change instanceof AddGroupMembers c) {
            return c.displayName();
        } else if (change instanceof RemoveGroupMembers c) {
            return c.displayName();
        } else if (change instanceof DeleteGroup c) {
            return c.displayName();
        }
        return null;
    }

    /** Whether it takes a member out of the account. */
    default boolean deprovisions() {
        return false;
    }

    record CreateUser(DesiredUser user, String reason) implements Change {
        public String action() {
            return "createUser";
        }

        public String symbol() {
            return "+";
        }

        public String summary() {
            return "create user " + user.userName();
        }
    }

    /** A member deprovisioned earlier that Cloudflare still shows, inactive: bring it back. */
    record ReactivateUser(String userId, String userName, String reason) implements Change {
        public String action() {
            return "reactivateUser";
        }

        public String symbol() {
            return "+";
        }

        public String summary() {
            return "reactivate user " + userName;
        }
    }

    record UpdateUser(String userId, String userName, UserUpdate update, String reason) implements Change {
        public String action() {
            return "updateUser";
        }

        public String symbol() {
            return "~";
        }

        public String summary() {
            return "update user " + userName;
        }
    }

    record DeactivateUser(String userId, String userName, String reason) implements Change {
        public String action() {
            return "deactivateUser";
        }

        public String symbol() {
            return "-";
        }

        public String summary() {
            return "deactivate user " + userName;
        }

        @Override
        public boolean deprovisions() {
            return true;
        }
    }

    /** Adds members to the group that grants {@code role}; one batch of PATCHes for the group. */
    record AddMembers(String role, String groupId, List<String> userNames, String reason) implements Change {
        public AddMembers {
            userNames = List.copyOf(userNames);
        }

        public String action() {
            return "addMembers";
        }

        public String symbol() {
            return "+";
        }

        public String summary() {
            return "add " + names(userNames) + " to role \"" + role + "\"";
        }
    }

    record RemoveMembers(String role, String groupId, List<String> userNames, String reason) implements Change {
        public RemoveMembers {
            userNames = List.copyOf(userNames);
        }

        public String action() {
            return "removeMembers";
        }

        public String symbol() {
            return "-";
        }

        public String summary() {
            return "remove " + names(userNames) + " from role \"" + role + "\"";
        }
    }

    /** User-groups model: pushes a group, with its first members (named by userName). */
    record CreateGroup(String displayName, List<String> userNames, String reason) implements Change {
        public CreateGroup {
            userNames = List.copyOf(userNames);
        }

        public String action() {
            return "createGroup";
        }

        public String symbol() {
            return "+";
        }

        public String summary() {
            return "create group \"" + displayName + "\"" + (userNames.isEmpty() ? "" : " with " + names(userNames));
        }
    }

    /** User-groups model: a pushed group follows its ScimGroup's new displayName. */
    record RenameGroup(String groupId, String from, String displayName, String reason) implements Change {
        public String action() {
            return "renameGroup";
        }

        public String symbol() {
            return "~";
        }

        public String summary() {
            return "rename group \"" + from + "\" to \"" + displayName + "\"";
        }
    }

    /** User-groups model: the roles the group's policies grant become {@code roles}. */
    record SetGroupRoles(String groupId, String displayName, java.util.Set<String> roles,
                         java.util.Set<String> before, String reason) implements Change {
        public SetGroupRoles {
            roles = java.util.Set.copyOf(new java.util.TreeSet<>(roles));
            before = java.util.Set.copyOf(new java.util.TreeSet<>(before));
        }

        public String action() {
            return "setGroupRoles";
        }

        public String symbol() {
            return before.isEmpty() ? "+" : "~";
        }

        public String summary() {
            return "set the roles of group \"" + displayName + "\" to "
                    + (roles.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(roles)));
        }

        /** Whether it takes away a role the group granted. */
        public boolean revokes() {
            return !roles.containsAll(before);
        }
    }

    /** User-groups model: members join a pushed group (its id is null when the plan creates it). */
    record AddGroupMembers(String groupId, String displayName, List<String> userNames, String reason)
            implements Change {
        public AddGroupMembers {
            userNames = List.copyOf(userNames);
        }

        public String action() {
            return "addGroupMembers";
        }

        public String symbol() {
            return "+";
        }

        public String summary() {
            return "add " + names(userNames) + " to group \"" + displayName + "\"";
        }
    }

    record RemoveGroupMembers(String groupId, String displayName, List<String> userNames, String reason)
            implements Change {
        public RemoveGroupMembers {
            userNames = List.copyOf(userNames);
        }

        public String action() {
            return "removeGroupMembers";
        }

        public String symbol() {
            return "-";
        }

        public String summary() {
            return "remove " + names(userNames) + " from group \"" + displayName + "\"";
        }
    }

    /** User-groups model: a declared group no binding uses any more is deleted. */
    record DeleteGroup(String groupId, String displayName, String reason) implements Change {
        public String action() {
            return "deleteGroup";
        }

        public String symbol() {
            return "-";
        }

        public String summary() {
            return "delete group \"" + displayName + "\"";
        }
    }

    private static String names(List<String> userNames) {
        if (userNames.size() <= 3) {
            return String.join(", ", userNames);
        }
        return String.join(", ", userNames.subList(0, 3)) + " and " + (userNames.size() - 3) + " more";
    }
}
