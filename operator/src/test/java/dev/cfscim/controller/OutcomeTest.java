package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.plan.Change;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which users a reconcile's outcome reports as blocked: those a safety rail holds, in any case. */
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
}
