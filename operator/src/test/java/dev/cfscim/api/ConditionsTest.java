package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final String T1 = "2026-11-28T10:00:00Z";
    private static final String T2 = "2026-11-28T11:00:00Z";

    private static Condition ready(String status, Conditions.Reason reason, String time, long generation) {
        return new Condition(Conditions.Type.READY, status, reason.toString(), "msg " + reason, time, generation);
    }

    @Test
    void keepsTheTransitionTimeWhileTheStatusStaysTheSame() {
        List<Condition> before = List.of(ready(Condition.TRUE, Conditions.Reason.PROVISIONED, T1, 1));

        List<Condition> after = Conditions.merge(before, ready(Condition.TRUE, Conditions.Reason.PROVISIONED, T2, 2));

        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.lastTransitionTime()).isEqualTo(T1);
            assertThat(c.observedGeneration()).isEqualTo(2L);
        });
    }

    @Test
    void takesTheNewTimeWhenTheStatusChanges() {
        List<Condition> before = List.of(ready(Condition.TRUE, Conditions.Reason.PROVISIONED, T1, 1));

        List<Condition> after = Conditions.merge(before, ready(Condition.FALSE, Conditions.Reason.PENDING, T2, 1));

        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("False");
            assertThat(c.reason()).isEqualTo("Pending");
            assertThat(c.lastTransitionTime()).isEqualTo(T2);
        });
    }

    @Test
    void appendsANewTypeAndLeavesOthersAndTheInputAlone() {
        Condition synced = new Condition(Conditions.Type.SYNCED, Condition.TRUE, Conditions.Reason.RECONCILE_SUCCESS.toString(), "", T1, 1L);
        List<Condition> before = List.of(synced);

        List<Condition> after = Conditions.merge(before, ready(Condition.UNKNOWN, Conditions.Reason.RECONCILING, T2, 1));

        assertThat(after).extracting(Condition::type).containsExactly("Synced", "Ready");
        assertThat(before).containsExactly(synced);
        assertThat(Conditions.find(after, "Ready")).get().extracting(Condition::isUnknown).isEqualTo(true);
        assertThat(Conditions.find(after, "Drifted")).isEmpty();
        assertThat(Conditions.find(null, "Ready")).isEmpty();
    }

    @Test
    void statusPutConditionUsesTheSameRule() {
        ScimUserStatus status = new ScimUserStatus();
        status.putCondition(ready(Condition.FALSE, Conditions.Reason.PENDING, T1, 1));
        status.putCondition(ready(Condition.FALSE, Conditions.Reason.PENDING, T2, 2));

        assertThat(status.getConditions()).singleElement().extracting(Condition::lastTransitionTime).isEqualTo(T1);
    }

    @Test
    void theStatusStringsAreThoseKubernetesExpects() {
        assertThat(List.of(Condition.TRUE, Condition.FALSE, Condition.UNKNOWN)).containsExactly("True", "False", "Unknown");
        assertThat(Condition.statusOf(true)).isEqualTo("True");
        assertThat(Condition.statusOf(false)).isEqualTo("False");
    }
}
