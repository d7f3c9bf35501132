package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Condition;
import dev.cfscim.api.PlaceholderToken;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.UnmanagedUsersPolicy;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inputs the operator refuses, which an API server with the CRDs would have refused at the door
 * but the operator meets anyway (an older CRD, a Secret's value, the mock API server here, which
 * validates nothing): each ends in a condition that says what to fix, at the resource's generation,
 * nothing throws past the reconciler, and nobody is provisioned or deprovisioned by mistake.
 */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorRefusalsTest {

    @AutoClose
    private OperatorHarness h;

    /** Synced and Ready False with {@code reason}, both written for the app's current generation. */
    private static boolean failedAtItsGeneration(ScimApp app, String reason) {
        Long generation = app.getMetadata().getGeneration();
        return Stream.of("Synced", "Ready").allMatch(type -> condition(app, type)
                .map(c -> c.isFalse() && reason.equals(c.reason()) && generation.equals(c.observedGeneration()))
                .orElse(false));
    }

    private static String message(ScimApp app) {
        return condition(app, "Synced").map(Condition::message).orElse("");
    }

    @Test
    void aTokenWithASpaceIsInvalidCredentialsNamingTheSecretAndThePositionAndNothingIsLost() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();

        String spaced = h.token.substring(0, 4) + " " + h.token.substring(4);
        h.setToken(spaced);
        eventually().until(() -> failedAtItsGeneration(h.app(), "InvalidCredentials"));
        assertThat(message(h.app())).startsWith("the token in Secret cfscim/cloudflare-scim-token key token has a space "
                + "or a character a token cannot have at position 5").doesNotContain(h.token.substring(4));
        assertThat(condition(h.app(), "Ready").orElseThrow().message()).doesNotContain(h.token.substring(4));

        // A ScimUser deleted meanwhile waits for a token that works: its member stays, and so does it.
        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName("priya-raman").delete();
        eventually().until(() -> h.user("priya-raman").getMetadata().getDeletionTimestamp() != null);
        assertThat(h.isMember("priya.raman@acme.example.com")).isTrue();

        h.setToken(h.token + "\n"); // as `echo` writes it into a file: the line end is not the token's
        eventually().until(() -> !h.isMember("priya.raman@acme.example.com") && h.user("priya-raman") == null);
        eventually().until(() -> is(h.app(), "Ready", "True"));
        assertThat(h.failedReconciliations()).isZero();
    }

    @Test
    void theExamplesPlaceholderTokenIsInvalidCredentialsSayingHowToCreateTheRealSecretAndNothingIsSent() {
        h = new OperatorHarness().startOperator();
        // As kubectl apply -f examples/ leaves it: the Secret of secret.yaml, placeholder and all.
        h.setToken(PlaceholderToken.VALUE);
        h.applyExamples();

        eventually().until(() -> failedAtItsGeneration(h.app(), "InvalidCredentials"));
        assertThat(message(h.app()))
                .startsWith("the token in Secret cfscim/cloudflare-scim-token key token is the examples' placeholder, "
                        + "not a Cloudflare API token")
                .contains("kubectl -n cfscim create secret generic cloudflare-scim-token "
                        + "--from-literal=token=\"$CLOUDFLARE_API_TOKEN\"")
                .contains("kubectl -n cfscim label secret cloudflare-scim-token scim.cfscim.dev/token=true");
        assertThat(h.cf.requests().total()).as("nothing sent to Cloudflare").isZero();

        h.setToken(h.token);
        h.awaitExamplesConverged();
        assertThat(h.failedReconciliations()).isZero();
    }

    @Test
    void durationsOutsideTheirBoundsAreInvalidSpecSayingTheBoundsAndNothingIsWritten() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setResyncInterval("9999999999999h"));

        eventually().until(() -> failedAtItsGeneration(h.app(), "InvalidSpec"));
        assertThat(message(h.app())).contains("spec.resyncInterval: '9999999999999h' is too long: must be from 1s to "
                + "168h (7 days)");

        h.edit(ScimApp.class, "acme-prod", app -> {
            app.getSpec().setResyncInterval("10m");
            app.getSpec().setDeprovisionWindow("1ms");
            return app;
        });
        eventually().until(() -> failedAtItsGeneration(h.app(), "InvalidSpec")
                && message(h.app()).contains("spec.deprovisionWindow"));
        assertThat(message(h.app())).contains("spec.deprovisionWindow: '1ms' is too short: must be from 1m to 720h "
                + "(30 days)");
        assertThat(h.cf.account().members()).as("an invalid spec writes nothing").hasSize(1);

        h.edit(ScimApp.class, "acme-prod", app -> {
            app.getSpec().setDeprovisionWindow("1h");
            return app;
        });
        h.awaitExamplesConverged();
        assertThat(h.failedReconciliations()).isZero();
    }

    /**
     * A userSelector that can select no one (a matchLabels key no label can have, which the CRD's
     * schema cannot refuse) holds the app: acted on, it would plan everyone it selected before out of
     * the account.
     */
    @Test
    void aUserSelectorThatCanSelectNoOneIsInvalidSpecAndNobodyIsDeprovisioned() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        long active = activeMembers();

        h.edit(ScimApp.class, "acme-prod", app -> {
            app.getSpec().getAssignments().getUserSelector().setMatchLabels(Map.of("cloudflare.acme.example/prod team",
                    "member"));
            return app;
        });

        eventually().until(() -> failedAtItsGeneration(h.app(), "InvalidSpec"));
        assertThat(message(h.app())).contains("spec.assignments.userSelector.matchLabels: label key "
                + "'cloudflare.acme.example/prod team' is invalid");
        assertThat(activeMembers()).as("nobody deprovisioned").isEqualTo(active);

        h.edit(ScimApp.class, "acme-prod", app -> {
            app.getSpec().getAssignments().getUserSelector().setMatchLabels(Map.of("cloudflare.acme.example/prod",
                    "member"));
            return app;
        });
        h.awaitExamplesConverged();
        assertThat(activeMembers()).isEqualTo(active);
    }

    private long activeMembers() {
        return h.cf.account().members().stream().filter(m -> m.active()).count();
    }

    @Test
    @BeyondPublishedSchema("a member that an earlier version provisioned under a userName with a control character, "
            + "which the published format: email refuses, stays in the account and is read back by scans")
    void aUserNameThatIsNoEmailAddressIsRefusedNeverProvisionedAndItsMemberKept() {
        h = new OperatorHarness();
        String bell = "bell\u0007@acme.example.com";
        h.cf.account().seedMember(bell);
        String tooLong = "a".repeat(300) + "@acme.example.com";
        h.startOperator();
        // Declared before the ScimApp comes: the app's first plan already sees them. The owner is
        // declared too: under unmanagedUsers: Deprovision an undeclared one would be held, not Ready.
        createMember("owner", OperatorHarness.OWNER);
        createMember("bell", bell);
        createMember("too-long", tooLong);
        h.applyExamples(app -> {
            app.getSpec().setUnmanagedUsers(UnmanagedUsersPolicy.Deprovision);
            app.getSpec().setResyncInterval("1s");
        });

        eventually().until(() -> refusedFor(h.user("bell")) && refusedFor(h.user("too-long")));
        assertThat(condition(h.user("bell"), "Ready").orElseThrow().message())
                .isEqualTo("'bell\\u0007@acme.example.com' has a control character (U+0007) at position 5: an email "
                        + "address cannot hold one");
        assertThat(condition(h.user("too-long"), "Ready").orElseThrow().message())
                .endsWith("...' is 317 characters long: an email address has at most 254");
        eventually().until(() -> is(h.app(), "Ready", "True") && h.app().getStatus().getProvisioned() == 6);
        Instant since = Instant.now();
        eventually().until(() -> h.app().getStatus().getLastScanTime() != null
                && Instant.parse(h.app().getStatus().getLastScanTime()).isAfter(since));

        assertThat(h.isMember(bell)).as("declared, though refused: never taken for an unmanaged member").isTrue();
        assertThat(h.cf.account().member(tooLong)).as("never provisioned").isEmpty();
        assertThat(h.failedReconciliations()).isZero();
    }

    private static boolean refusedFor(ScimUser user) {
        return condition(user, "Ready").map(c -> c.isFalse() && c.reason().equals("InvalidUserName")
                && user.getMetadata().getGeneration().equals(c.observedGeneration())).orElse(false);
    }

    /** A ScimUser the examples' ScimApp assigns by its label selector. */
    private void createMember(String name, String userName) {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of("cloudflare.acme.example/prod", "member")).build());
        user.setSpec(new ScimUserSpec(userName, null, null, true));
        h.kube.resource(user).create();
    }
}
