package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * An account member's own IAM policies, as the v4 members API lists them, read for one question:
 * may they make the member Super Administrator of the whole account? The answer only ever holds a
 * deprovision back, never causes one, so whatever cannot be read for certain counts as yes; only a
 * policy that plainly denies, grants other permission groups, or covers less than the account
 * counts as no.
 */
final class MemberPolicies {

    static final String SUPER_ADMINISTRATOR = "Super Administrator - All Privileges";

    /** A scope object naming every resource under its scope key. */
    private static final String EVERYTHING = "*";

    private MemberPolicies() {
    }

    /**
     * Whether {@code policies} (a member's {@code policies} field, absent or null when it has none)
     * grant Super Administrator on the account whose resource key is {@code accountScopeKey}
     * ({@code com.cloudflare.api.account.<ACCOUNT_ID>}), or might.
     */
    static boolean mayGrantSuperAdministrator(JsonNode policies, String accountScopeKey) {
        if (policies == null || policies.isNull() || policies.isMissingNode()) {
            return false;
        }
        if (!policies.isArray()) {
            return true;
        }
        return any(policies, policy -> mayGrant(policy, accountScopeKey));
    }

    /**
     * A deny policy never makes a Super Administrator (and is not taken to unmake one either: that
     * would lean the unsafe way). Any other access, allow or unreadable, is read as allow.
     */
    private static boolean mayGrant(JsonNode policy, String accountScopeKey) {
        if (!policy.isObject()) {
            return true;
        }
        if ("deny".equals(policy.path("access").textValue())) {
            return false;
        }
        return mayNameSuperAdministrator(policy.get("permission_groups"))
                && mayCoverAccount(policy.get("resource_groups"), accountScopeKey);
    }

    /** True when a permission group is named Super Administrator, or one's name cannot be read. */
    private static boolean mayNameSuperAdministrator(JsonNode permissionGroups) {
        if (permissionGroups == null || !permissionGroups.isArray()) {
            return true;
        }
        return any(permissionGroups, group -> {
            JsonNode name = group.get("name");
            return name == null || !name.isTextual() || name.textValue().equals(SUPER_ADMINISTRATOR);
        });
    }

    /** True when a resource group covers the whole account, or one's scope cannot be read. */
    private static boolean mayCoverAccount(JsonNode resourceGroups, String accountScopeKey) {
        if (resourceGroups == null || !resourceGroups.isArray()) {
            return true;
        }
        return any(resourceGroups,
                group -> !group.isObject() || mayCoverAccountScope(group.get("scope"), accountScopeKey));
    }

    /**
     * The published schema gives a resource group one {@code scope}; a list of scopes is read too,
     * covering the account when one of them does.
     */
    private static boolean mayCoverAccountScope(JsonNode scope, String accountScopeKey) {
        if (scope == null || !scope.isContainerNode() || scope.isEmpty()) {
            return true;
        }
        if (scope.isObject()) {
            return scopeMayCoverAccount(scope, accountScopeKey);
        }
        return any(scope, one -> scopeMayCoverAccount(one, accountScopeKey));
    }

    /**
     * A scope covers the account when its key is exactly the account's resource key (another
     * account's, or a zone's, is not) and one of its objects is {@code *} or the account itself;
     * objects that name only particular resources (zones, say) cover less than the account.
     */
    private static boolean scopeMayCoverAccount(JsonNode scope, String accountScopeKey) {
        if (!scope.isObject()) {
            return true;
        }
        JsonNode key = scope.get("key");
        if (key == null || !key.isTextual()) {
            return true;
        }
        if (!key.textValue().equals(accountScopeKey)) {
            return false;
        }
        JsonNode objects = scope.get("objects");
        if (objects == null || !objects.isArray() || objects.isEmpty()) {
            return true;
        }
        return any(objects, object -> {
            JsonNode named = object.get("key");
            return named == null || !named.isTextual() || named.textValue().equals(EVERYTHING)
                    || named.textValue().equals(accountScopeKey);
        });
    }

    /** Whether an element of a JSON array passes {@code test}. */
    private static boolean any(JsonNode array, Predicate<JsonNode> test) {
        for (JsonNode element : array) {
            if (test.test(element)) {
                return true;
            }
        }
        return false;
    }
}
