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

    private static String names(List<String> userNames) {
        if (userNames.size() <= 3) {
            return String.join(", ", userNames);
        }
        return String.join(", ", userNames.subList(0, 3)) + " and " + (userNames.size() - 3) + " more";
    }
}
