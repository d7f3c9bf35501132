package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanProblem;
import dev.cfscim.plan.RemoteState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When an app is visited next: a removal held by its rate comes back when it fits, and no later than a recheck. */
class RequeueTimingTest {

    private final RequeueTiming timing = new RequeueTiming(ReconcilerSettings.defaults());
    private final ScimApp app = new ScimApp();

    RequeueTimingTest() {
        app.setSpec(new ScimAppSpec());
    }

    private static Outcome held(Reason reason, Duration fitsIn) {
        Plan plan = new Plan("acct", List.of(), List.of(new HeldChange(
                new Change.DeactivateUser("u1", "ann@example.com", "deleted"), reason, "held")), List.of());
        return Outcome.of(null, null, plan, null).revisitWithin(fitsIn);
    }

    /** A binding naming a ScimGroup not there yet: rechecked like a held change, not left to the next scan. */
    @Test
    void anAppAwaitingAReferencedResourceIsRecheckedSoon() {
        DesiredState waiting = new DesiredState("acct", Map.of(), Map.of(), List.of(new PlanProblem(
                Reason.MISSING_REFERENCE, "GroupRoleBinding/dns", "names ScimGroup 'dns-editors', which does not exist")));
        Plan empty = new Plan("acct", List.of(), List.of(), List.of());

        assertThat(timing.nextVisit(app, Outcome.of(waiting, null, empty, null), null, Instant.now()))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(timing.nextVisit(app, Outcome.of(new DesiredState("acct", Map.of(), Map.of(), List.of()), null, empty,
                null), null, Instant.now())).isEqualTo(Duration.ofMinutes(10));
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

    @Test
    void aFailedReconcileNeverReadsTheIntervalItMayHaveFailedFor() {
        ScimApp invalid = new ScimApp();
        invalid.setSpec(new ScimAppSpec());
        invalid.getSpec().setResyncInterval("9999999999999h");
        assertThat(timing.nextVisit(invalid, Outcome.failed(null, null, Reason.INVALID_SPEC, "spec.resyncInterval: too long"),
                null, Instant.now())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aVisitIsNeverAskedForLaterThanTheLongestResyncAndNeverOverflows() {
        AppSession session = new AppSession(new AppSession.Connection("https://example.com", "fp", 1200, 300_000, 0.9),
                null, null);
        session.scanned(new RemoteState("acct"), DesiredState.Model.USER_GROUPS, Instant.parse("2026-01-01T00:00:00Z"));
        Outcome synced = Outcome.of(null, null, new Plan("acct", List.of(), List.of(), List.of()), null);
        ReconcilerSettings longDefault = ReconcilerSettings.defaults()
                .with(s -> s.defaultResync = Duration.ofSeconds(Long.MAX_VALUE / 2));

        Duration next = new RequeueTiming(longDefault).nextVisit(app, synced, session, session.lastScan().plusSeconds(1));

        assertThat(next).isEqualTo(Duration.ofDays(7));
        assertThat(next.toMillis()).isPositive();
    }

    @Test
    void afterAnUnexpectedErrorTheWaitGrowsWithHowLongItHasLastedWithinTheRetryBounds() {
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        ScimApp failing = new ScimApp();
        failing.setSpec(new ScimAppSpec());
        failing.setStatus(new dev.cfscim.api.ScimAppStatus());
        failing.getStatus().putCondition(new dev.cfscim.api.Condition("Synced", "False", Reason.RECONCILE_ERROR.toString(), "boom",
                since.toString(), 1L));

        assertThat(timing.afterUnexpected(app, since)).as("no failure before").isEqualTo(Duration.ofSeconds(10));
        assertThat(timing.afterUnexpected(failing, since.plusSeconds(3))).isEqualTo(Duration.ofSeconds(10));
        assertThat(timing.afterUnexpected(failing, since.plusSeconds(40))).isEqualTo(Duration.ofSeconds(40));
        assertThat(timing.afterUnexpected(failing, since.plusSeconds(4000))).isEqualTo(Duration.ofMinutes(10));
    }
}
