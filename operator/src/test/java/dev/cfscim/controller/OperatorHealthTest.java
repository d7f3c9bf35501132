package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health that tells the truth: Drifted is Unknown when the account could not be read; the drift
 * gauge counts exactly the apps whose Drifted is True; an app is not Ready while a binding it
 * carries cannot be honoured.
 */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorHealthTest {

    @AutoClose
    private OperatorHarness h;

    private double gauge(String name) {
        return h.operator().registry().find(name).gauge().value();
    }

    @Test
    void anAccountThatCannotBeReadIsDriftedUnknownAndNotCountedAsDrifted() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setResyncInterval("1s"));
        h.awaitExamplesConverged();
        assertThat(condition(h.app(), "Drifted").orElseThrow().status()).isEqualTo("False");

        // The token is revoked: every request now answers 401.
        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").edit(s -> {
            s.setStringData(java.util.Map.of("token", "revoked-token"));
            return s;
        });

        eventually().until(() -> condition(h.app(), "Synced").map(c -> c.hasReason(Reason.INVALID_CREDENTIALS))
                .orElse(false));
        ScimApp app = h.app();
        assertThat(condition(app, "Drifted").orElseThrow()).satisfies(c -> {
            assertThat(c.status()).isEqualTo("Unknown");
            assertThat(c.reason()).isEqualTo(Reason.INVALID_CREDENTIALS.toString());
            assertThat(c.message()).doesNotContain("matches");
        });
        assertThat(is(app, "Ready", "False")).isTrue();
        eventually().until(() -> gauge("cfscim_apps_drifted") == 0.0);
    }

    @Test
    void theDriftGaugeCountsExactlyTheAppsDriftedTrue() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setDriftPolicy(dev.cfscim.api.DriftPolicy.Report));
        h.awaitExamplesConverged();
        assertThat(gauge("cfscim_apps_drifted")).isZero();

        // A hand edit under driftPolicy: Report is held: the app is Drifted=True, and counted.
        h.edit(ScimApp.class, "acme-prod", a -> {
            a.getSpec().setResyncInterval("1s");
            return a;
        });
        eventually().until(() -> h.roles("priya.raman@acme.example.com").contains("Administrator"));
        try {
            h.removeFromRoleByHand("priya.raman@acme.example.com", "Administrator");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        eventually().until(() -> is(h.app(), "Drifted", "True"));
        eventually().until(() -> gauge("cfscim_apps_drifted") == 1.0);
    }

    @Test
    void aBindingToAnUnknownRoleKeepsTheAppFromReady() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();

        h.edit(GroupRoleBinding.class, "dns-editors-dns", b -> {
            b.getSpec().setRole("Domain Wizard");
            return b;
        });

        eventually().until(() -> is(h.app(), "Ready", "False"));
        assertThat(condition(h.app(), "Ready").orElseThrow()).satisfies(c -> {
            assertThat(c.reason()).isEqualTo(Reason.UNKNOWN_ROLE.toString());
            assertThat(c.message()).contains("GroupRoleBinding dns-editors-dns", "Domain Wizard");
        });
        assertThat(is(h.binding("dns-editors-dns"), "Ready", "False")).isTrue();
    }
}
