package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When an app is visited next: a removal held by its rate comes back when it fits, and no later than a recheck. */
class RequeueTimingTest {

    private final RequeueTiming timing = new RequeueTiming(ScimAppReconciler.Settings.defaults());
    private final ScimApp app = new ScimApp();

    RequeueTimingTest() {
        app.setSpec(new ScimAppSpec());
    }

    private static Outcome held(String reason, Duration fitsIn) {
        Plan plan = new Plan("acct", List.of(), List.of(new HeldChange(
                new Change.DeactivateUser("u1", "ann@example.com", "deleted"), reason, "held")), List.of());
        Outcome outcome = Outcome.of(null, null, plan, null);
        return new Outcome(null, null, plan, null, null, null, fitsIn, outcome.blockReasons());
    }

    @Test
    void aRateHoldComesBackWhenTheNextRemovalFits() {
        assertThat(timing.nextVisit(app, held(Reason.DEPROVISION_LIMIT_EXCEEDED, Duration.ofMinutes(2)), null,
                Instant.now())).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aRateHoldThatFitsLaterIsStillRecheckedLikeAnyHeldChange() {
        // The retry maximum (10 minutes) is for failures; a held change is rechecked every 5.
        assertThat(timing.nextVisit(app, held(Reason.DEPROVISION_LIMIT_EXCEEDED, Duration.ofMinutes(40)), null,
                Instant.now())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aFailureThatNamesItsWaitIsVisitedThenUpToTheRetryMaximum() {
        assertThat(timing.nextVisit(app, Outcome.failed(null, null, Reason.REQUEST_BUDGET_EXHAUSTED, "spent",
                Duration.ofSeconds(30)), null, Instant.now())).isEqualTo(Duration.ofSeconds(30));
        assertThat(timing.nextVisit(app, Outcome.failed(null, null, Reason.RATE_LIMITED, "429",
                Duration.ofHours(1)), null, Instant.now())).isEqualTo(Duration.ofMinutes(10));
    }
}
