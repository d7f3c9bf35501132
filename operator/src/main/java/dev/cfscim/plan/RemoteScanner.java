package dev.cfscim.plan;

import dev.cfscim.scim.CloudflareScimClient;

/**
 * Reads an account in full: every user (paged at 100) and the group list. Role memberships come
 * from the users' {@code groups} attribute, so no group is read one by one.
 */
public final class RemoteScanner {

    private final CloudflareScimClient client;

    public RemoteScanner(CloudflareScimClient client) {
        this.client = client;
    }

    public RemoteState scan(String accountId) {
        return RemoteState.fromScan(accountId, client.listUsers(), client.listGroups());
    }
}
