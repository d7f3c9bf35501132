package dev.cfscim.emulator;

import java.util.List;

/**
 * One IAM policy of a user group: allow (or deny) the listed permission groups on the listed scopes.
 * Scopes are kept as their keys, such as {@code com.cloudflare.api.account.<ACCOUNT_ID>}.
 */
record Policy(String id, String access, List<String> permissionGroupIds, List<String> scopeKeys) {

    Policy {
        permissionGroupIds = List.copyOf(permissionGroupIds);
        scopeKeys = List.copyOf(scopeKeys);
    }

    boolean grantsOn(String accountScopeKey) {
        return access.equals("allow") && scopeKeys.contains(accountScopeKey);
    }
}
