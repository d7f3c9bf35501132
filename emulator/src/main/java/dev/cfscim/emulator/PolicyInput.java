package dev.cfscim.emulator;

import java.util.List;

/**
 * A policy as an IAM request states it, before the account checks its permission groups and resource
 * groups: resource groups by id, as Cloudflare's published body has them, or by scope key, a form
 * the emulator also takes for tests that write it (see {@code BeyondPublishedSchema}); the id is the
 * policy's own, which the published update body carries, null when the request leaves it out.
 */
record PolicyInput(String id, String access, List<String> permissionGroupIds, List<String> resourceGroupIds,
                   List<String> scopeKeys) {
}
