package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimGroup;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How long an edit of a ScimGroup's members takes to reach Cloudflare (the emulator), end to end
 * through the Kubernetes API, the informer, the reconcile and one SCIM PATCH: 50 edits, alternately
 * adding and removing one member. It prints the figures; it asserts only that every edit landed,
 * never a time (timings belong in figures, not in tests that flake).
 */
@ExtendWith(PublishedSchemaCheck.class)
class EditLatencyBenchmark {

    static final int EDITS = 50;

    @Test
    void groupMemberEditsReachCloudflare() {
        try (OperatorHarness h = new OperatorHarness().startOperator()) {
            h.applyExamples();
            h.awaitExamplesConverged();
            String hannah = "hannah.schmidt@acme.example.com";
            List<Double> millis = new ArrayList<>();
            double reconcilesBefore = reconciles(h);
            for (int i = 0; i < EDITS; i++) {
                boolean add = i % 2 == 0;
                long start = System.nanoTime();
                h.edit(ScimGroup.class, "auditors", g -> {
                    if (add) {
                        g.getSpec().getMembers().add("hannah-schmidt");
                    } else {
                        g.getSpec().getMembers().remove("hannah-schmidt");
                    }
                    return g;
                });
                // Measuring, not synchronising: watch the emulator as closely as the clock allows.
                while (h.roles(hannah).contains("Administrator Read Only") != add) {
                    Thread.onSpinWait();
                    if (System.nanoTime() - start > 30_000_000_000L) {
                        throw new AssertionError("edit " + i + " did not reach the emulator in 30 s");
                    }
                }
                millis.add((System.nanoTime() - start) / 1e6);
            }
            // The reconciles the edits set off, once the operator is quiet again (its own writes included):
            // measuring, not synchronising, so a bound, and the figure as it stands then.
            double[] last = {-1};
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                double seen = reconciles(h);
                boolean quiet = seen == last[0];
                last[0] = seen;
                return quiet;
            });
            double reconciles = reconciles(h) - reconcilesBefore;
            Collections.sort(millis);
            System.out.printf("Edit to Cloudflare over %d ScimGroup member edits: median %.1f ms, p95 %.1f ms, "
                            + "max %.1f ms (%d cores, Java %s)%n", EDITS, millis.get(EDITS / 2),
                    millis.get((int) Math.ceil(EDITS * 0.95) - 1), millis.get(EDITS - 1),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.printf("Reconciles per edit: %.2f (%d reconciles for %d edits)%n", reconciles / EDITS,
                    (long) reconciles, EDITS);
            assertThat(millis).hasSize(EDITS);
            assertThat(h.cf.requests().route("PATCH /Groups/{id}")).isGreaterThanOrEqualTo(EDITS);
        }
    }

    /** Reconciles JOSDK has started so far (its own counter, as /metrics shows it). */
    private static double reconciles(OperatorHarness h) {
        return h.operator().registry().find("operator.sdk.reconciliations.started").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
