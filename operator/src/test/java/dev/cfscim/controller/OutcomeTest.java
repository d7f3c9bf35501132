package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.plan.Applier;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which users a reconcile's outcome reports as blocked (those a safety rail holds, in any case),
 * and what each kind of outcome says about the reconcile.
 */
class OutcomeTest {

    @Test
    void onlyTheRailsBlockAndUserNamesCompareIgnoringCase() {
        Plan plan = new Plan("acct", List.of(), List.of(
                new HeldChange(new Change.DeactivateUser("u1", "Owner@Example.com", "declared inactive"),
                        Reason.LAST_SUPER_ADMINISTRATOR, "the only Super Administrator"),
                new HeldChange(new Change.RemoveMembers("DNS", "g1", List.of("ann@example.com", "bob@example.com"),
                        "no binding"), Reason.DEPROVISION_LIMIT_EXCEEDED, "over the limit"),
                new HeldChange(new Change.DeactivateUser("u9", "carol@example.com", "declared inactive"),
                        Reason.MANAGEMENT_POLICY_OBSERVE, "managementPolicy is Observe")), List.of());

        Outcome outcome = Outcome.of(null, null, plan, null);

        assertThat(outcome.blocks("owner@example.com")).isTrue();
        assertThat(outcome.blocks("ANN@example.com")).isTrue();
        assertThat(outcome.blocks("bob@example.com")).isTrue();
        assertThat(outcome.blocks("carol@example.com")).as("a policy hold is not a rail").isFalse();
        assertThat(outcome.blocks("dave@example.com")).isFalse();
        assertThat(Outcome.failed(null, null, Reason.INVALID_CREDENTIALS, "bad token").blocks("owner@example.com")).isFalse();
    }

    @Test
    void aPlanWithNothingSentIsSyncedAndOwesWhatItHolds() {
        Change held = new Change.DeactivateUser("u1", "ann@example.com", "declared inactive");
        Plan plan = new Plan("acct", List.of(), List.of(new HeldChange(held, Reason.DRIFT_REPORTED, "drift")), List.of());

        Outcome outcome = Outcome.of(null, null, plan, null);

        assertThat(outcome).isInstanceOf(Outcome.Planned.class);
        assertThat(outcome.synced()).isTrue();
        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.lastPlan()).hasValue(plan);
        assertThat(outcome.outstanding()).containsExactly(held);
    }

    @Test
    void anApplyIsSyncedWhenEveryChangeLandedAndOwesWhatFailed() {
        Change landed = new Change.CreateGroup("eng", "declared");
        Change refused = new Change.DeactivateUser("u1", "ann@example.com", "declared inactive");
        Plan plan = new Plan("acct", List.of(landed, refused), List.of(), List.of());

        Outcome complete = Outcome.of(null, null, plan,
                new Applier.Result(List.of(landed, refused), List.of(), List.of(), null, false, false));
        Outcome partial = Outcome.of(null, null, plan, new Applier.Result(List.of(landed), List.of(),
                List.of(new Applier.Failure(refused, "refused", null)), null, false, false));

        assertThat(complete).isInstanceOf(Outcome.Applied.class);
        assertThat(complete.synced()).isTrue();
        assertThat(complete.outstanding()).isEmpty();
        assertThat(partial.synced()).isFalse();
        assertThat(partial.outstanding()).containsExactly(refused);
    }

    @Test
    void aFailureIsNeverSyncedHasNoPlanAndKeepsTheSoonerVisit() {
        Outcome failed = Outcome.failed(null, null, Reason.RATE_LIMITED, "slow down", Duration.ofSeconds(30));

        assertThat(failed.synced()).isFalse();
        assertThat(failed.lastPlan()).isEmpty();
        assertThat(failed.outstanding()).isEmpty();
        assertThat(failed.failure()).get().extracting(Outcome.Failed::reason).isEqualTo(Reason.RATE_LIMITED);
        assertThat(failed.revisitWithin(Duration.ofMinutes(5)).retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failed.revisitWithin(Duration.ofSeconds(5)).retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(failed.revisitWithin(Duration.ofSeconds(5))).isInstanceOf(Outcome.Failed.class);
    }
}
