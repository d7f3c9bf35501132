package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimGroup;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas under leader election, each with its own client, as two pods are: one holds the
 * Lease and writes to Cloudflare, the other waits and sends nothing; when the leader stops, the
 * standby takes over; a replica whose Lease is taken from it stops rather than write beside the
 * new leader, and stopping is never taken for such a loss.
 */
@ExtendWith(PublishedSchemaCheck.class)
class LeaderElectionTest {

    static final String LEASE = "cloudflare-scim-operator";

    private OperatorHarness h;
    private KubernetesClient secondPod;
    private OperatorRuntime a;
    private OperatorRuntime b;
    private final AtomicInteger lossesOfA = new AtomicInteger();
    private final AtomicInteger lossesOfB = new AtomicInteger();

    @BeforeEach
    void start() {
        h = new OperatorHarness();
        secondPod = new KubernetesClientBuilder().withConfig(h.kube.getConfiguration()).build();
        a = OperatorRuntime.start(h.kube, replica("replica-a", lossesOfA));
        eventually().until(a::leading);
        b = OperatorRuntime.start(secondPod, replica("replica-b", lossesOfB));
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        secondPod.close();
        h.close();
    }

    /** Short timings, so that a takeover takes seconds; a loss is counted rather than exiting the JVM. */
    private static OperatorRuntime.Options replica(String identity, AtomicInteger losses) {
        return OperatorHarness.options().with(o -> o.leaderElection = new OperatorRuntime.LeaderElection(LEASE, NAMESPACE,
                identity, Duration.ofSeconds(6), Duration.ofSeconds(5), Duration.ofMillis(400),
                losses::incrementAndGet));
    }

    private Lease lease() {
        return h.kube.resources(Lease.class).inNamespace(NAMESPACE).withName(LEASE).get();
    }

    private static double scimRequests(OperatorRuntime replica) {
        return replica.registry().find("cfscim_scim_requests_total").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void theLeaderWorksTheStandbySendsNothingAndTakesOverWhenTheLeaderStops() {
        h.applyExamples();

        h.awaitExamplesConverged();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-a");
        assertThat(b.leading()).isFalse();
        assertThat(b.registry().scrape()).contains("cfscim_leader 0.0");
        assertThat(a.registry().scrape()).contains("cfscim_leader 1.0");
        assertThat(scimRequests(a)).isPositive();
        assertThat(scimRequests(b)).isZero();

        a.close();
        a = null;
        eventually().until(b::leading);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-b");
        h.edit(ScimGroup.class, "auditors", g -> {
            g.getSpec().getMembers().add("hannah-schmidt");
            return g;
        });

        eventually().until(() -> h.roles("hannah.schmidt@acme.example.com").contains("Administrator Read Only"));
        assertThat(scimRequests(b)).isPositive();
        assertThat(lossesOfA).hasValue(0);
        assertThat(lossesOfB).hasValue(0);
    }

    @Test
    void aReplicaWhoseLeaseIsTakenStopsWorking() {
        // Another holder takes the Lease; the leader renews it meanwhile, so the edit may meet a
        // conflict and is tried again, as kubectl edit would be.
        h.edit(Lease.class, LEASE, lease -> {
            lease.getSpec().setHolderIdentity("replica-z");
            lease.getSpec().setAcquireTime(ZonedDateTime.now());
            lease.getSpec().setRenewTime(ZonedDateTime.now());
            lease.getSpec().setLeaseDurationSeconds(60);
            return lease;
        });

        eventually().until(() -> lossesOfA.get() == 1);
        assertThat(a.leading()).isFalse();
        assertThat(b.leading()).isFalse();
        assertThat(lossesOfB).hasValue(0);
    }
}
