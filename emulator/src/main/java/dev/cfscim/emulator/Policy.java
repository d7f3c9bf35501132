package dev.cfscim.emulator;

import java.util.List;

/**
 * One IAM policy of a user group: allow (or deny) the listed permission groups on the listed
 * resource groups, whose scope keys are such as {@code com.cloudflare.api.account.<ACCOUNT_ID>}.
 */
record Policy(String id, String access, List<String> permissionGroupIds, List<ResourceGroup> resourceGroups) {

    Policy {
        permissionGroupIds = List.copyOf(permissionGroupIds);
        resourceGroups = List.copyOf(resourceGroups);
    }

    List<String> scopeKeys() {
        return resourceGroups.stream().map(ResourceGroup::scopeKey).toList();
    }

    boolean grantsOn(String accountScopeKey) {
        return access.equals("allow") && scopeKeys().contains(accountScopeKey);
    }
}
