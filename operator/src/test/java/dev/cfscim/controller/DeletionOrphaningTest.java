package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.DeletionPolicy;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deleting a deletionPolicy: Deprovision app (and its users, as a namespace deletion does) finishes
 * when deprovisioning cannot: the members are orphaned and a Warning event names them.
 */
@ExtendWith(PublishedSchemaCheck.class)
class DeletionOrphaningTest {

    private static final List<String> USERS = List.of("priya-raman", "hannah-schmidt", "elena-petrova");

    @AutoClose
    private OperatorHarness h;

    private void startWithDeprovisionApp(ReconcilerSettings settings) {
        h = new OperatorHarness().startOperator(OperatorHarness.options().with(o -> o.settings = settings));
        h.applyExamples(app -> app.getSpec().setDeletionPolicy(DeletionPolicy.Deprovision));
        h.awaitExamplesConverged();
    }

    /** The app and every ScimUser deleted at once, as a namespace deletion does. */
    private void deleteAppAndUsers() {
        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).delete();
        h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName("acme-prod").delete();
        eventually().until(() -> h.app() == null
                && h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).list().getItems().isEmpty());
    }

    private List<Event> skipped() {
        return h.kube.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> "DeprovisionSkipped".equals(e.getReason())).toList();
    }

    @Test
    void theSecretGoneFirstOrphansTheMembersAndTheDeletionFinishes() {
        startWithDeprovisionApp(OperatorHarness.fastSettings());
        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").delete();
        eventually().until(() -> condition(h.app(), "Synced").map(c -> c.reason().equals("SecretNotFound")).orElse(false));

        deleteAppAndUsers();

        assertThat(skipped()).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("acme-prod");
            assertThat(event.getMessage()).contains("Secret cloudflare-scim-token not found")
                    .contains("5 member(s) left in Cloudflare")
                    .contains("priya.raman@acme.example.com", "hannah.schmidt@acme.example.com",
                            "elena.petrova@acme.example.com");
        });
        // Orphaned, as the event says: nothing could be sent without the token.
        assertThat(h.isMember("priya.raman@acme.example.com")).isTrue();
        assertThat(h.cf.account().members()).hasSize(6);
    }

    @Test
    void aNamespaceWithTwoDeprovisionAppsDeletedAtOnceReleasesEveryUser() {
        startWithDeprovisionApp(OperatorHarness.fastSettings());
        // A second app on the account, watching only: both apps' cleanups run at once, each seeing the other.
        ScimApp observer = h.app();
        observer.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("acme-observer")
                .withNamespace(NAMESPACE).build());
        observer.setStatus(null);
        observer.getSpec().setManagementPolicy(dev.cfscim.api.ManagementPolicy.Observe);
        h.kube.resource(observer).create();
        eventually().until(() -> condition(h.kube.resources(ScimApp.class).inNamespace(NAMESPACE)
                .withName("acme-observer").get(), "Synced").map(c -> c.reason().equals("ReconcilePaused")).orElse(false));
        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").delete();

        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).delete();
        h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).delete();

        eventually().until(() -> h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).list().getItems().isEmpty()
                && h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).list().getItems().isEmpty());
        assertThat(skipped()).extracting(e -> e.getInvolvedObject().getName())
                .containsExactlyInAnyOrder("acme-prod", "acme-observer");
    }

    @Test
    void cloudflareUnreachablePastTheBoundOrphansTheMembers() {
        startWithDeprovisionApp(OperatorHarness.fastSettings().with(s -> s.deprovisionGiveUp = Duration.ofSeconds(3)));
        h.cf.close();

        deleteAppAndUsers();

        assertThat(skipped()).singleElement().satisfies(event -> assertThat(event.getMessage())
                .contains("Cloudflare could not be reached for 3s since the deletion was asked (Unreachable")
                .contains("5 member(s) left in Cloudflare"));
        assertThat(USERS).allSatisfy(name -> assertThat(h.user(name)).isNull());
    }
}
