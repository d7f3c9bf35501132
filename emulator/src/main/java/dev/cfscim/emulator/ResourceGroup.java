package dev.cfscim.emulator;

import java.util.List;

/**
 * An IAM resource group: a named scope (a key and its objects) that policies grant on; the account's
 * own, which covers everything under the account, is built in and not editable.
 */
record ResourceGroup(String id, String name, String scopeKey, List<String> scopeObjects, boolean editable) {

    ResourceGroup {
        scopeObjects = List.copyOf(scopeObjects);
    }

    /** The account's built-in group, named by its scope key with the one object {@code *}, as Cloudflare lists it. */
    static ResourceGroup accountWide(String scopeKey) {
        return new ResourceGroup(Roles.stableId("resource-group:" + scopeKey), scopeKey, scopeKey, List.of("*"), false);
    }

    boolean coversAll(String key) {
        return scopeKey.equals(key) && scopeObjects.contains("*");
    }
}
