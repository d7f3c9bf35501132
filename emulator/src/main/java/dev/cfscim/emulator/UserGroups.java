package dev.cfscim.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Custom groups as the IAM user-groups API sees them: their policies, checked against the
 * account's permission and resource groups, and the lock SCIM holds on the groups it pushed
 * (no rename, no delete here). Stateless; guarded by its account's lock.
 */
record UserGroups(String accountId, String accountScopeKey, Roles roles, Groups groups, Memberships memberships,
                  ResourceGroups resourceGroups) {

    List<Group> list(String idFilter, String nameFilter, String fuzzyName) {
        String fuzzy = fuzzyName == null ? null : fuzzyName.toLowerCase(Locale.ROOT);
        return groups.all().stream()
                .filter(g -> g.kind == Group.Kind.CUSTOM)
                .filter(g -> idFilter == null || g.id.equals(idFilter))
                .filter(g -> nameFilter == null || g.displayName.equals(nameFilter))
                .filter(g -> fuzzy == null || g.displayName.toLowerCase(Locale.ROOT).contains(fuzzy))
                .toList();
    }

    Group get(String groupId) {
        return groups.find(groupId)
                .filter(group -> group.kind == Group.Kind.CUSTOM)
                .orElseThrow(() -> Rejection.notFound("User group " + groupId));
    }

    Group create(String name, List<PolicyInput> policies) {
        if (name == null || name.isBlank()) {
            throw Rejection.invalidValue("name is required");
        }
        if (groups.named(name, g -> true).isPresent()) {
            throw Rejection.uniqueness("a group named '" + name + "' already exists");
        }
        List<Policy> checked = checkPolicies(policies);
        Group group = new Group(RandomId.next(), Group.Kind.CUSTOM, null, name, false, Instant.now());
        group.policies.addAll(checked);
        groups.add(group);
        return group;
    }

    /** Sets a user group's policies (when given); SCIM-managed groups refuse a rename, as in Cloudflare. */
    Group update(String groupId, String name, List<PolicyInput> policies) {
        Group group = get(groupId);
        if (name != null && !name.equals(group.displayName)) {
            if (group.managedByScim) {
                throw Rejection.mutability("user group '" + group.displayName
                        + "' is managed by SCIM: rename it in the identity provider");
            }
            groups.checkCustomName(name, group);
            group.displayName = name;
        }
        if (policies != null) {
            List<Policy> checked = checkPolicies(policies);
            group.policies.clear();
            group.policies.addAll(checked);
        }
        group.lastModified = Instant.now();
        return group;
    }

    void delete(String groupId) {
        Group group = get(groupId);
        if (group.managedByScim) {
            throw Rejection.mutability("user group '" + group.displayName
                    + "' is managed by SCIM: delete it in the identity provider");
        }
        memberships.dissolve(group);
    }

    private List<Policy> checkPolicies(List<PolicyInput> inputs) {
        List<Policy> policies = new ArrayList<>();
        for (PolicyInput input : inputs) {
            if (!"allow".equals(input.access()) && !"deny".equals(input.access())) {
                throw Rejection.invalidValue("policy access must be allow or deny, got '" + input.access() + "'");
            }
            if (input.permissionGroupIds().isEmpty()) {
                throw Rejection.invalidValue("a policy needs at least one permission group");
            }
            for (String pg : input.permissionGroupIds()) {
                if (roles.roleOfPermissionGroup(pg).isEmpty()) {
                    throw Rejection.invalidValue("unknown permission group '" + pg + "'");
                }
            }
            List<ResourceGroup> granted = new ArrayList<>();
            for (String rg : input.resourceGroupIds()) {
                granted.add(resourceGroups.find(rg)
                        .orElseThrow(() -> Rejection.invalidValue("unknown resource group '" + rg + "'")));
            }
            // The by-scope form names the account's own resource group by its key.
            for (String scope : input.scopeKeys()) {
                if (!scope.equals(accountScopeKey)) {
                    throw Rejection.invalidValue("scope '" + scope + "' is not account " + accountId);
                }
                granted.add(ResourceGroup.accountWide(accountScopeKey));
            }
            if (granted.isEmpty()) {
                throw Rejection.invalidValue("a policy needs at least one resource group");
            }
            String policyId = input.id() == null || input.id().isBlank() ? RandomId.next() : input.id();
            policies.add(new Policy(policyId, input.access(), input.permissionGroupIds(), granted));
        }
        return policies;
    }
}
