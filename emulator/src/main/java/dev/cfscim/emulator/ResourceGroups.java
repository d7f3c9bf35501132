package dev.cfscim.emulator;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resource groups of one account: the built-in account-wide one and those made through the
 * IAM API, each scoped to a key and at least one object; none deleted while a policy uses it.
 * Guarded by its account's lock.
 */
final class ResourceGroups {

    private final String accountScopeKey;
    private final Map<String, ResourceGroup> byId = new LinkedHashMap<>();

    ResourceGroups(String accountScopeKey) {
        this.accountScopeKey = accountScopeKey;
    }

    /** Back to the account-wide resource group alone. */
    void reset() {
        byId.clear();
        ResourceGroup own = ResourceGroup.accountWide(accountScopeKey);
        byId.put(own.id(), own);
    }

    List<ResourceGroup> list(String idFilter, String nameFilter) {
        return byId.values().stream()
                .filter(rg -> idFilter == null || rg.id().equals(idFilter))
                .filter(rg -> nameFilter == null || rg.name().equals(nameFilter))
                .toList();
    }

    /** The resource group of this id, or empty. */
    Optional<ResourceGroup> find(String groupId) {
        return Optional.ofNullable(byId.get(groupId));
    }

    ResourceGroup get(String groupId) {
        return find(groupId).orElseThrow(() -> Rejection.notFound("Resource group " + groupId));
    }

    /** A new resource group; as in Cloudflare's published create, its scope needs a key and at least one object. */
    ResourceGroup create(String name, String scopeKey, List<String> scopeObjects) {
        if (name == null || name.isBlank()) {
            throw Rejection.invalidValue("name is required");
        }
        checkScope(scopeKey, scopeObjects);
        ResourceGroup group = new ResourceGroup(RandomId.next(), name, scopeKey, scopeObjects, true);
        byId.put(group.id(), group);
        return group;
    }

    /** Renames or rescopes an editable resource group; null keeps what it had. */
    ResourceGroup update(String groupId, String name, String scopeKey, List<String> scopeObjects) {
        ResourceGroup group = editable(groupId);
        String key = scopeKey == null ? group.scopeKey() : scopeKey;
        List<String> objects = scopeObjects == null ? group.scopeObjects() : scopeObjects;
        checkScope(key, objects);
        ResourceGroup updated = new ResourceGroup(group.id(), name == null ? group.name() : name, key, objects, true);
        byId.put(group.id(), updated);
        return updated;
    }

    /** Deletes an editable resource group that no policy of these groups uses. */
    void delete(String groupId, Collection<Group> groups) {
        ResourceGroup group = editable(groupId);
        boolean inUse = groups.stream()
                .flatMap(g -> g.policies.stream())
                .anyMatch(policy -> policy.resourceGroups().stream().anyMatch(rg -> rg.id().equals(group.id())));
        if (inUse) {
            throw Rejection.invalidValue("resource group " + groupId + " is used by a policy");
        }
        byId.remove(groupId);
    }

    private ResourceGroup editable(String groupId) {
        ResourceGroup group = get(groupId);
        if (!group.editable()) {
            throw Rejection.mutability("resource group " + groupId + " is built in and cannot be changed");
        }
        return group;
    }

    private static void checkScope(String scopeKey, List<String> scopeObjects) {
        if (scopeKey == null || scopeKey.isBlank()) {
            throw Rejection.invalidValue("scope.key is required");
        }
        if (scopeObjects == null || scopeObjects.isEmpty()) {
            throw Rejection.invalidValue("scope.objects must not be empty");
        }
    }
}
