package dev.cfscim.scim;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM roles beside SCIM in one Cloudflare account, as the engine reads and writes them: who
 * holds Super Administrator outside SCIM, permission groups, and user groups with their policies
 * (the user-groups model). Failures are {@link ScimException}s, as for the {@link ScimDirectory}.
 * Over HTTP: {@link HttpCloudflareIam}, from {@link CloudflareScimClient#iam}.
 */
public interface CloudflareIam {

    /**
     * The members holding Super Administrator outside SCIM and groups, by lower-case email: through
     * a role given directly or their own policies on the account ({@code accountScopeKey}), counting
     * a policy that cannot be read for certain; a token that may not read account members gets
     * {@code INVALID_CREDENTIALS}.
     */
    Set<String> superAdministratorsOutsideScim(String accountScopeKey);

    /** Permission group ids by name (the role names). */
    Map<String, String> permissionGroups();

    /** Every user group with the roles its allow policies grant on the account ({@code accountScopeKey}). */
    List<RemoteUserGroup> listUserGroups(String accountScopeKey);

    /**
     * The id of a resource group covering the whole account ({@code accountScopeKey} with every
     * object): the one listed, else one made for it. Policies name their resource groups by id.
     */
    String accountResourceGroup(String accountScopeKey);

    /**
     * Replaces a user group's policies with one allow policy per permission group, on the resource
     * group {@code resourceGroupId} (the account's, from {@link #accountResourceGroup}).
     */
    void setPolicies(String groupId, String resourceGroupId, List<String> permissionGroupIds);
}
