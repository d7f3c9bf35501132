package dev.cfscim.emulator;

import java.util.List;

/**
 * A member of an emulated account as tests see it: {@code source} is {@code scim} for members
 * provisioned through SCIM and {@code seeded} for those added outside it; {@code roles} are the
 * effective roles, Minimal Account Access first; {@code externalId} is what the provisioning client
 * stored, or null.
 */
public record MemberView(String id, String userName, boolean active, String source, List<String> roles,
                         String externalId) {

    public MemberView {
        roles = List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
