package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.OWNER;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.UnmanagedUsersPolicy;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several writers on one account (two ScimApps), and userNames that read as another. */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorWritersTest {

    private static final String TEAM_B = "team-b";
    private static final List<String> EXAMPLE_MEMBERS = List.of("priya.raman@acme.example.com",
            "jonas.berg@acme.example.com");

    @AutoClose
    private OperatorHarness h;

    @Test
    void twoScimAppsWithUnmanagedUsersDeprovisionKeepEachOthersUsers() throws Exception {
        h = new OperatorHarness().startOperator();
        // The account's owner was provisioned by an IdP: its externalId is the IdP's, so neither app takes it.
        tagByHand(OWNER, "00u1okta0wner5678");
        h.applyExamples(app -> {
            app.getSpec().setUnmanagedUsers(UnmanagedUsersPolicy.Deprovision);
            app.getSpec().setResyncInterval("1s");
        });
        h.awaitExamplesConverged();

        h.namespaceWithToken(TEAM_B);
        ScimUser bob = new ScimUser();
        bob.setMetadata(new ObjectMetaBuilder().withName("bob").withNamespace(TEAM_B).build());
        bob.setSpec(new ScimUserSpec("bob@team-b.example.com", null, null, true));
        h.kube.resource(bob).create();
        h.kube.resource(appB()).create();

        eventually().until(() -> h.isMember("bob@team-b.example.com") && is(appBNow(), "Ready", "True"));
        assertThat(h.cf.account().member("bob@team-b.example.com")).isPresent();

        // Both apps scan again (every second) with the other's members in the account: nobody leaves.
        Instant since = Instant.now();
        eventually().until(() -> scannedSince(h.app(), since) && scannedSince(appBNow(), since));
        assertThat(h.isMember("bob@team-b.example.com")).isTrue();
        assertThat(EXAMPLE_MEMBERS).allMatch(h::isMember);
        assertThat(h.isMember(OWNER)).isTrue();
        assertThat(h.app().getStatus().getProvisioned()).isEqualTo(5);
        assertThat(condition(h.app(), "DeprovisionBlocked").orElseThrow().status()).isEqualTo("False");
        assertThat(condition(appBNow(), "DeprovisionBlocked").orElseThrow().status()).isEqualTo("False");

        // Why they stay is told on each app, once per list, not at every one of its scans.
        eventually().until(() -> ownedElsewhere(NAMESPACE).stream().anyMatch(m -> m.contains("bob@team-b.example.com")
                && m.contains(OWNER)));
        assertThat(ownedElsewhere(TEAM_B)).anyMatch(m -> m.contains("jonas.berg@acme.example.com"));
        int told = ownedElsewhere(NAMESPACE).size();
        Instant later = Instant.now();
        eventually().until(() -> scannedSince(h.app(), later));
        assertThat(ownedElsewhere(NAMESPACE)).hasSize(told);
    }

    /** The messages of the OwnedElsewhere events in {@code namespace}. */
    private List<String> ownedElsewhere(String namespace) {
        return h.kube.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> Reason.OWNED_ELSEWHERE.toString().equals(e.getReason())).map(e -> e.getMessage()).toList();
    }

    @Test
    void aConfusableScimUserIsNeverProvisionedUntilItOptsOut() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setResyncInterval("1s"));
        String cyrillic = "p\u0430ul.smith@acme.example.com";
        ScimUser paul = new ScimUser();
        paul.setMetadata(new ObjectMetaBuilder().withName("paul-smith").withNamespace(NAMESPACE)
                .withLabels(Map.of("cloudflare.acme.example/prod", "member")).build());
        paul.setSpec(new ScimUserSpec(cyrillic, null, null, true));
        h.kube.resource(paul).create();

        eventually().until(() -> is(h.user("paul-smith"), "Ready", "False")
                && condition(h.user("paul-smith"), "Ready").orElseThrow().hasReason(Reason.CONFUSABLE_USER_NAME));
        assertThat(condition(h.user("paul-smith"), "Ready").orElseThrow().message())
                .contains("U+0430 CYRILLIC SMALL LETTER A at position 2");
        h.awaitExamplesConverged();
        Instant since = Instant.now();
        eventually().until(() -> scannedSince(h.app(), since));
        assertThat(h.cf.account().member(cyrillic)).as("never provisioned").isEmpty();

        h.edit(ScimUser.class, "paul-smith", u -> {
            u.getSpec().setAllowConfusableUserName(true);
            return u;
        });

        eventually().until(() -> h.isMember(cyrillic) && is(h.user("paul-smith"), "Ready", "True"));
        assertThat(condition(h.user("paul-smith"), "Ready").orElseThrow().reason()).isEqualTo(Reason.PROVISIONED.toString());
    }

    private ScimApp appB() {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("team-b-cloudflare").withNamespace(TEAM_B).build());
        ScimAppSpec spec = new ScimAppSpec();
        spec.setAccountId(OperatorHarness.ACCOUNT);
        spec.setEndpoint(h.cf.scimBaseUrl());
        spec.setAllowInsecureEndpoint(true);
        spec.setTokenSecretRef(new TokenSecretRef("cloudflare-scim-token", "token"));
        spec.setAssignments(new Assignments(List.of("bob"), null, null));
        spec.setUnmanagedUsers(UnmanagedUsersPolicy.Deprovision);
        spec.setResyncInterval("1s");
        app.setSpec(spec);
        return app;
    }

    private ScimApp appBNow() {
        return h.kube.resources(ScimApp.class).inNamespace(TEAM_B).withName("team-b-cloudflare").get();
    }

    private static boolean scannedSince(ScimApp app, Instant since) {
        return app != null && app.getStatus() != null && app.getStatus().getLastScanTime() != null
                && Instant.parse(app.getStatus().getLastScanTime()).isAfter(since);
    }

    /** An IdP sets a member's externalId, through SCIM as any client would (a PUT: PATCH does not honour it). */
    private void tagByHand(String userName, String externalId) throws Exception {
        String userId = h.cf.account().member(userName).orElseThrow().id();
        String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"externalId\":\"" + externalId + "\",\"emails\":[{\"value\":\"" + userName
                + "\",\"type\":\"work\",\"primary\":true}]}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                        .newBuilder(URI.create(h.cf.scimBaseUrl() + "/Users/" + userId))
                        .header("Authorization", "Bearer " + h.token)
                        .header("Content-Type", "application/scim+json")
                        .method("PUT", HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
