package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the running operator, an edit after a quiet plan is planned over the users it touches
 * ({@code cfscim_plans_total{scope="touched"}}), lands in Cloudflare, and tells the users it touched,
 * while the statuses of the others are not written again; a new ScimUser that no plan names (its
 * userName is refused) is still told at once.
 */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorIncrementalPlanTest {

    @Test
    void anEditIsPlannedOverTheUsersItTouchesAndTellsThem() {
        try (OperatorHarness h = new OperatorHarness(CloudflareEmulator.builder().profile(Profile.USER_GROUPS))
                .startOperator()) {
            h.applyExamples(OperatorHarness.USER_GROUPS_EXAMPLES, app -> { });
            h.awaitExamplesConverged();
            String priyaVersion = h.user("priya-raman").getMetadata().getResourceVersion();
            double touched = plans(h, "touched");

            // A membership edit: Hannah joins the auditors.
            h.edit(dev.cfscim.api.ScimGroup.class, "auditors", g -> {
                g.getSpec().getMembers().add("hannah-schmidt");
                return g;
            });
            eventually().until(() -> h.roles("hannah.schmidt@acme.example.com").contains("Administrator Read Only"));
            assertThat(plans(h, "touched")).isGreaterThan(touched);

            // A user edit: Jonas is switched off; his member is deprovisioned and his status says so.
            h.edit(ScimUser.class, "jonas-berg", u -> {
                u.getSpec().setActive(false);
                return u;
            });
            eventually().until(() -> !h.isMember("jonas.berg@acme.example.com"));
            eventually().until(() -> condition(h.user("jonas-berg"), Conditions.Type.READY)
                    .map(c -> c.hasReason(Conditions.Reason.DEPROVISIONED)).orElse(false));

            // A ScimUser no plan names: its userName is refused, and it is told so all the same.
            ScimUser refused = new ScimUser();
            refused.setMetadata(new ObjectMetaBuilder().withName("not-an-address").withNamespace(NAMESPACE)
                    .withLabels(Map.copyOf(h.user("priya-raman").getMetadata().getLabels())).build());
            refused.setSpec(new ScimUserSpec("not-an-address", null, null, true));
            h.kube.resource(refused).create();
            eventually().until(() -> condition(h.user("not-an-address"), Conditions.Type.READY)
                    .map(c -> c.hasReason(Conditions.Reason.INVALID_USER_NAME)).orElse(false));

            // Nobody else's status was written again by these edits.
            assertThat(h.user("priya-raman").getMetadata().getResourceVersion()).isEqualTo(priyaVersion);
            assertThat(plans(h, "touched") - touched).isGreaterThanOrEqualTo(2);
        }
    }

    private static double plans(OperatorHarness h, String scope) {
        Counter counter = h.operator().registry().find("cfscim_plans_total").tag("scope", scope).counter();
        return counter == null ? 0 : counter.count();
    }
}
