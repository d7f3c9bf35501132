package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Condition;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A ScimApp cannot have the operator send its token to a host not allowed, nor read a Secret not labelled. */
@ExtendWith(PublishedSchemaCheck.class)
class TokenContainmentTest {

    private OperatorHarness h;
    private CloudflareEmulator elsewhere;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
        if (elsewhere != null) {
            elsewhere.close();
        }
    }

    private static boolean failedWith(ScimApp app, String reason) {
        return condition(app, "Synced").map(c -> !c.isTrue() && c.reason().equals(reason)).orElse(false)
                && condition(app, "Ready").map(c -> !c.isTrue() && c.reason().equals(reason)).orElse(false);
    }

    @Test
    void anEndpointOnAHostNotAllowedIsSentNothing() {
        h = new OperatorHarness();
        // Another server on the same machine, on a port the operator was not told about: to the
        // operator, another host. It knows the token, so anything sent there would be accepted.
        elsewhere = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS).account(OperatorHarness.ACCOUNT, h.token)
                .rateLimit(RateLimit.OFF).superAdmin(OperatorHarness.OWNER).onExchange(PublishedSchemaCheck::record)
                .build().start();
        int allowedPort = URI.create(h.cf.scimBaseUrl()).getPort();
        h.startOperator(OperatorHarness.options().withSettings(OperatorHarness.fastSettings()
                .withAllowedEndpoints(new EndpointAllowList(List.of("127.0.0.1:" + allowedPort)))));
        h.applyExamples(app -> app.getSpec().setEndpoint(elsewhere.scimBaseUrl()));

        eventually().until(() -> failedWith(h.app(), "EndpointNotAllowed"));
        Condition synced = condition(h.app(), "Synced").orElseThrow();
        assertThat(synced.message()).contains("127.0.0.1:" + URI.create(elsewhere.scimBaseUrl()).getPort())
                .contains("--allowed-endpoint-hosts").doesNotContain(h.token);
        assertThat(elsewhere.requests().total()).as("requests the host not allowed received").isZero();
        assertThat(h.cf.requests().total()).isZero();

        // Pointed at the allowed host, the same app syncs: only the host was in the way.
        h.edit(ScimApp.class, "acme-prod", app -> {
            app.getSpec().setEndpoint(h.cf.scimBaseUrl());
            return app;
        });
        eventually().until(() -> is(h.app(), "Ready", "True"));
        assertThat(elsewhere.requests().total()).isZero();
    }

    @Test
    void anUnlabelledSecretIsNeverReadUntilItIsLabelled() {
        h = new OperatorHarness();
        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").delete();
        h.kube.secrets().inNamespace(NAMESPACE).resource(OperatorHarness.tokenSecret("cloudflare-scim-token", h.token,
                false)).create();
        h.startOperator();
        h.applyExamples();

        eventually().until(() -> failedWith(h.app(), "SecretNotFound"));
        assertThat(condition(h.app(), "Synced").orElseThrow().message())
                .contains("Secret cloudflare-scim-token not found in namespace cfscim or lacks label "
                        + "scim.cfscim.dev/token=true")
                .contains("kubectl label secret cloudflare-scim-token -n cfscim scim.cfscim.dev/token=true");
        assertThat(h.cf.requests().total()).as("requests sent with the unlabelled Secret's token").isZero();

        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").edit(secret -> {
            secret.getMetadata().getLabels().put(TokenSecretRef.LABEL, TokenSecretRef.LABEL_VALUE);
            return secret;
        });
        h.awaitExamplesConverged();
    }
}
