package dev.cfscim.cli;

import dev.cfscim.emulator.CloudflareEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Someone changes Cloudflare by hand, outside Git, as the demo's drift step needs: through the
 * emulator's own API over HTTP, the requests the dashboard would make, so that the operator meets
 * the change only as it would in a real account, at its next scan.
 */
final class DemoHandEdits {

    private final CloudflareEmulator cf;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoHandEdits(CloudflareEmulator cf, String token) {
        this.cf = cf;
        this.token = token;
    }

    /** Takes a member out of a SCIM group: {@code PATCH /Groups/{id}}. */
    void removeMember(String groupId, String memberId) {
        send(HttpRequest.newBuilder(URI.create(cf.scimBaseUrl() + "/Groups/" + groupId))
                .header("Content-Type", "application/scim+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:api:messages:"
                        + "2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + memberId
                        + "\\\"]\"}]}")));
    }

    /** Replaces a user group's policies with one allowing {@code role} on the account: {@code PUT /iam/user_groups/{id}}. */
    void replacePolicy(String groupId, String groupName, String role) {
        String body = "{\"name\":\"" + groupName + "\",\"policies\":[{\"access\":\"allow\",\"permission_groups\":[{\"id\":\""
                + cf.account().permissionGroupId(role) + "\"}],\"resource_groups\":[{\"id\":\""
                + cf.account().accountResourceGroupId() + "\"}]}]}";
        send(HttpRequest.newBuilder(URI.create(cf.iamBaseUrl() + "/iam/user_groups/" + groupId))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private void send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> answer = http.send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("the hand edit was refused: " + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the hand edit could not be sent: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while editing by hand", e);
        }
    }
}
