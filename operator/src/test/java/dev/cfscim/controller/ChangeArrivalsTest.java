package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The oldest change not taken up is the one a reconcile times; one taken up is gone. */
class ChangeArrivalsTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ChangeArrivals arrivals = new ChangeArrivals(clock::get);
    private final ResourceID a = new ResourceID("a", "team");
    private final ResourceID b = new ResourceID("b", "team");

    @Test
    void aReconcileTakesItsAppsOldestChangeAndLeavesTheOthersApps() {
        arrivals.arrived(List.of(a));
        clock.addAndGet(500);
        arrivals.arrived(List.of(a, b));
        clock.addAndGet(200);

        assertThat(arrivals.take(a)).hasValue(1_000);
        assertThat(arrivals.since(1_000)).isEqualTo(700);
        assertThat(arrivals.take(a)).isEmpty();
        assertThat(arrivals.take(b)).hasValue(1_500);
    }

    @Test
    void aChangeArrivingAfterTheTakeWaitsForTheNextReconcile() {
        arrivals.arrived(List.of(a));
        assertThat(arrivals.take(a)).hasValue(1_000);
        clock.addAndGet(10);
        arrivals.arrived(List.of(a));

        assertThat(arrivals.take(a)).hasValue(1_010);
    }

    @Test
    void aDeletedAppsArrivalIsForgotten() {
        arrivals.arrived(List.of(a));
        arrivals.forget(a);

        assertThat(arrivals.take(a)).isEmpty();
    }
}
