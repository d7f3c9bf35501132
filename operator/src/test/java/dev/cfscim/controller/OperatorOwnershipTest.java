package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.MembershipState;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An app touches only what it owns: another ScimApp's members (their externalId tag) are never
 * deprovisioned, stripped of a role or changed, whatever this app declares of them, so two apps on
 * one account cannot undo each other's writes; the conflict is told, not fought.
 */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorOwnershipTest {

    private static final String TEAM_B = "team-b";
    private static final List<String> EXAMPLE_MEMBERS = List.of("priya.raman@acme.example.com",
            "marcus.okafor@acme.example.com", "elena.petrova@acme.example.com", "hannah.schmidt@acme.example.com",
            "jonas.berg@acme.example.com");

    @AutoClose
    private OperatorHarness h;

    private void convergeExamples() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setResyncInterval("1s"));
        h.awaitExamplesConverged();
    }

    private ScimApp app(String namespace, String name, List<String> assigned) {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        ScimAppSpec spec = new ScimAppSpec();
        spec.setAccountId(OperatorHarness.ACCOUNT);
        spec.setEndpoint(h.cf.scimBaseUrl());
        spec.setAllowInsecureEndpoint(true);
        spec.setTokenSecretRef(new TokenSecretRef("cloudflare-scim-token", "token"));
        spec.setAssignments(new Assignments(assigned, null, null));
        spec.setResyncInterval("1s");
        app.setSpec(spec);
        return app;
    }

    private void user(String namespace, String name, String userName) {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        user.setSpec(new ScimUserSpec(userName, null, null, true));
        h.kube.resource(user).create();
    }

    private ScimApp read(String namespace, String name) {
        return h.kube.resources(ScimApp.class).inNamespace(namespace).withName(name).get();
    }

    private static boolean scannedSince(ScimApp app, Instant since) {
        return app != null && app.getStatus() != null && app.getStatus().getLastScanTime() != null
                && Instant.parse(app.getStatus().getLastScanTime()).isAfter(since);
    }

    private List<String> ownedElsewhereEvents(String namespace) {
        return h.kube.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> Reason.OWNED_ELSEWHERE.toString().equals(e.getReason())).map(e -> e.getMessage()).toList();
    }

    /** Members, ids and the number of deprovisions and creates the account has seen, to tell a flap. */
    private Map<String, String> idsOf(List<String> userNames) {
        Map<String, String> ids = new java.util.TreeMap<>();
        userNames.forEach(n -> ids.put(n, h.cf.account().member(n).filter(m -> m.active()).map(m -> m.id()).orElse(null)));
        return ids;
    }

    @Test
    void anUnassignedScimUserInAnotherNamespaceNeverDeprovisionsTheFirstAppsMember() {
        convergeExamples();
        Map<String, String> before = idsOf(EXAMPLE_MEMBERS);
        long creates = h.cf.requests().route("POST /Users");

        h.namespaceWithToken(TEAM_B);
        user(TEAM_B, "bob", "bob@team-b.example.com");
        // Names the first app's member; not assigned to team-b's app.
        user(TEAM_B, "priya", "priya.raman@acme.example.com");
        h.kube.resource(app(TEAM_B, "team-b-cloudflare", List.of("bob"))).create();

        eventually().until(() -> h.isMember("bob@team-b.example.com") && is(read(TEAM_B, "team-b-cloudflare"), "Ready", "True"));
        Instant since = Instant.now();
        eventually().until(() -> scannedSince(read(TEAM_B, "team-b-cloudflare"), since) && scannedSince(h.app(), since));
        Instant again = Instant.now();
        eventually().until(() -> scannedSince(read(TEAM_B, "team-b-cloudflare"), again) && scannedSince(h.app(), again));

        assertThat(idsOf(EXAMPLE_MEMBERS)).as("no member left and came back").isEqualTo(before);
        assertThat(h.cf.requests().route("POST /Users")).as("only bob was created").isEqualTo(creates + 1);
        assertThat(is(h.app(), "Ready", "True")).isTrue();
        assertThat(condition(h.app(), "Drifted").orElseThrow().status()).isEqualTo("False");
        eventually().until(() -> ownedElsewhereEvents(TEAM_B).stream()
                .anyMatch(m -> m.contains("priya.raman@acme.example.com") && m.contains(NAMESPACE + "/acme-prod")));
        // Two apps on one account are told so, each naming the other.
        eventually().until(() -> condition(h.app(), "AccountShared").map(c -> c.status().equals("True")
                && c.message().contains(TEAM_B + "/team-b-cloudflare")).orElse(false));
        assertThat(condition(read(TEAM_B, "team-b-cloudflare"), "AccountShared").orElseThrow()).satisfies(c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo(Reason.SHARED_WITH_OTHER_APPS.toString());
            assertThat(c.message()).contains(NAMESPACE + "/acme-prod");
        });
        // team-b does not assign the user: it says nothing of it in the ScimUser's status.
        assertThat(h.kube.resources(ScimUser.class).inNamespace(TEAM_B).withName("priya").get().getStatus().getApps())
                .noneMatch(m -> m.app().equals("team-b-cloudflare"));
    }

    @Test
    void anAppAloneOnItsAccountSaysSoAndOneLeavingTellsTheOther() {
        convergeExamples();
        assertThat(condition(h.app(), "AccountShared").orElseThrow().status()).isEqualTo("False");

        user(NAMESPACE, "zoe", "zoe@acme.example.com");
        h.kube.resource(app(NAMESPACE, "second", List.of("zoe"))).create();
        eventually().until(() -> is(h.app(), "AccountShared", "True"));

        h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName("second").delete();
        eventually().until(() -> is(h.app(), "AccountShared", "False"));
    }

    @Test
    void aSecondAppInTheSameNamespaceAssigningOneUserLeavesTheFirstAppsMembersAlone() {
        convergeExamples();
        Map<String, String> before = idsOf(EXAMPLE_MEMBERS);

        user(NAMESPACE, "zoe", "zoe@acme.example.com");
        h.kube.resource(app(NAMESPACE, "second", List.of("zoe"))).create();

        eventually().until(() -> h.isMember("zoe@acme.example.com") && is(read(NAMESPACE, "second"), "Ready", "True"));
        Instant since = Instant.now();
        eventually().until(() -> scannedSince(read(NAMESPACE, "second"), since) && scannedSince(h.app(), since));

        assertThat(idsOf(EXAMPLE_MEMBERS)).isEqualTo(before);
        assertThat(EXAMPLE_MEMBERS).allMatch(h::isMember);
        // The first app's ScimUsers keep their entry and state for it.
        assertThat(h.user("priya-raman").getStatus().getApps()).anyMatch(m -> m.app().equals("acme-prod")
                && m.state() == MembershipState.Provisioned);
        // A user the second app assigns but the first created is the first's: told, never written.
        h.edit(ScimApp.class, "second", a -> {
            a.getSpec().setAssignments(new Assignments(List.of("zoe", "priya-raman"), null, null));
            return a;
        });
        eventually().until(() -> h.user("priya-raman").getStatus().getApps().stream()
                .anyMatch(m -> m.app().equals("second") && m.state() == MembershipState.OwnedElsewhere));
        assertThat(h.cf.account().member("priya.raman@acme.example.com").orElseThrow().externalId())
                .startsWith("cfscim:" + NAMESPACE + "/acme-prod");
    }

    @Test
    void unassigningAMemberTheAppCreatedStillDeprovisionsIt() {
        convergeExamples();
        assertThat(h.cf.account().member("jonas.berg@acme.example.com").orElseThrow().externalId())
                .startsWith("cfscim:" + NAMESPACE + "/acme-prod");
        // The contractor is assigned by name alone: taking the name out unassigns it.
        h.edit(ScimApp.class, "acme-prod", a -> {
            a.getSpec().getAssignments().setUsers(List.of());
            return a;
        });
        eventually().until(() -> !h.isMember("jonas.berg@acme.example.com"));
        assertThat(EXAMPLE_MEMBERS.subList(0, 4)).allMatch(h::isMember);
    }
}
