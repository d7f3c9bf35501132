package dev.cfscim.scim;

import java.util.Set;

/**
 * A user group as Cloudflare's IAM API shows it: the roles (permission group names) its allow
 * policies grant on the account. Its members are SCIM's business (the users' {@code groups}).
 */
public record RemoteUserGroup(String id, String name, Set<String> roles) {

    public RemoteUserGroup {
        roles = Set.copyOf(roles);
    }
}
