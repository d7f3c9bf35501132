package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.Conditions.Type;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimAppStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An error no outcome foresaw ends in conditions that name it and a visit after a backoff, never a throw. */
class UnexpectedErrorsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final RequeueTiming requeue = new RequeueTiming(ReconcilerSettings.defaults());

    private static ScimApp app(ScimAppSpec spec) {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("acme").withNamespace("team").withGeneration(7L).build());
        app.setSpec(spec);
        return app;
    }

    private static Condition condition(ScimAppStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    @Test
    void anUnexpectedErrorIsSyncedFalseReconcileErrorAtTheGenerationAndComesBackAfterABackoff() {
        UpdateControl<ScimApp> control = UnexpectedErrors.control(app(new ScimAppSpec()),
                new IllegalStateException("boom"), NOW, requeue);

        ScimAppStatus status = control.getResource().orElseThrow().getStatus();
        for (String type : List.of(Type.SYNCED, Type.READY)) {
            assertThat(condition(status, type).isFalse()).isTrue();
            assertThat(condition(status, type).reason()).isEqualTo(Reason.RECONCILE_ERROR.toString());
            assertThat(condition(status, type).message()).isEqualTo("unexpected error in the reconcile, tried again in "
                    + "10s: IllegalStateException: boom; if it lasts, the operator's log has its trace");
            assertThat(condition(status, type).observedGeneration()).isEqualTo(7L);
        }
        assertThat(status.getObservedGeneration()).isEqualTo(7L);
        assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(10).toMillis());
    }

    @Test
    void anAppWithoutASpecOrWithAStatusNothingExpectsStillGetsItsConditions() {
        ScimApp noSpec = app(null);
        UpdateControl<ScimApp> control = UnexpectedErrors.control(noSpec, new NullPointerException(), NOW, requeue);
        assertThat(condition(control.getResource().orElseThrow().getStatus(), Type.SYNCED).message())
                .contains("NullPointerException;");

        // A status edited by hand: a condition that is null.
        ScimApp edited = app(new ScimAppSpec());
        edited.setStatus(new ScimAppStatus());
        List<Condition> conditions = new ArrayList<>();
        conditions.add(null);
        edited.getStatus().setConditions(conditions);
        ScimAppStatus status = UnexpectedErrors.control(edited, new IllegalStateException("boom"), NOW, requeue)
                .getResource().orElseThrow().getStatus();
        assertThat(status.getConditions()).extracting(Condition::type).containsExactly(Type.SYNCED, Type.READY);
        assertThat(condition(status, Type.READY).reason()).isEqualTo(Reason.RECONCILE_ERROR.toString());
    }

    @Test
    void aRunawayMessageIsCutToWhatTheConditionHolds() {
        String huge = "x".repeat(100_000);
        ScimAppStatus status = UnexpectedErrors.control(app(new ScimAppSpec()), new IllegalArgumentException(huge),
                NOW, requeue).getResource().orElseThrow().getStatus();
        assertThat(condition(status, Type.SYNCED).message()).hasSizeLessThan(1_000).contains("x".repeat(500) + "...");

        assertThat(StatusConditions.bounded(huge)).hasSize(Condition.MESSAGE_MAX_LENGTH)
                .endsWith(" ... (100000 characters, cut)");
        assertThat(StatusConditions.bounded("short")).isEqualTo("short");
    }
}
