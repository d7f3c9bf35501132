package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.RemovalLedger;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.cli.EmbeddedCluster;
import dev.cfscim.plan.Applier;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.ScimException;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reserve, send, settle, on an API server: a plan's removals are in the ledger before the apply
 * runs; what the apply provably did not make is given back after it, and what may have landed stays.
 */
class RemovalReservationTest {

    private static final String NAMESPACE = "cfscim-system";
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:30Z");
    private static final DesiredState NOTHING_DECLARED = new DesiredState(ACCOUNT, Map.of(), Map.of(), List.of());

    private EmbeddedCluster cluster;
    private RemovalLedgers ledgers;
    private AppSession session;

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start();
        ledgers = new RemovalLedgers(cluster.client(), NAMESPACE);
        session = new AppSession(new AppSession.Connection("https://example.com", "fp", 1200, 300_000, 0.1), null, null);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static ScimApp app(int deprovisionLimit) {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("acme-prod").withNamespace("cfscim").build());
        app.setSpec(new ScimAppSpec());
        app.getSpec().setAccountId(ACCOUNT);
        app.getSpec().setDeprovisionLimit(deprovisionLimit);
        return app;
    }

    private static Change deactivate(String name) {
        return new Change.DeactivateUser("id-" + name, name + "@example.com", "declared inactive");
    }

    private static Plan plan(Change... changes) {
        return new Plan(ACCOUNT, List.of(changes), List.of(), List.of());
    }

    /** Deprovisions counted in the account's durable ledger, as a fresh reconcile reads it. */
    private int counted() {
        RemovalLedgers.Snapshot read = ledgers.read(ACCOUNT, AccountLedger.EMPTY);
        return read.ledger().deprovisions().slots().stream().mapToInt(RemovalLedger.Slot::count).sum();
    }

    private static ScimException answered(ScimException.Kind kind, int status) {
        return new ScimException(kind, status, null, "PATCH /Users/{id}: " + status, null, null);
    }

    @Test
    void everyRemovalIsCountedBeforeTheApplyAndWhatProvablyMadeNothingIsGivenBack() {
        Change applied = deactivate("applied");
        Change refusedByCloudflare = deactivate("refused");
        Change refusedByAnswer = deactivate("answered-400");
        Change skipped = deactivate("skipped");
        Change lostAnswer = deactivate("timed-out");
        Change neverReached = deactivate("never-reached");
        RemovalReservation reservation = RemovalReservation.open(ledgers, app(10), session, NOW);

        Plan reserved = reservation.reserve(plan(applied, refusedByCloudflare, refusedByAnswer, skipped, lostAnswer,
                neverReached), NOTHING_DECLARED, new RemoteState(ACCOUNT));
        assertThat(reserved.changes()).hasSize(6);
        assertThat(counted()).as("all six, before a request is sent").isEqualTo(6);

        ScimException timeout = answered(ScimException.Kind.TRANSIENT, 0);
        reservation.settle(new Applier.Result(List.of(applied),
                List.of(new HeldChange(refusedByCloudflare, Reason.LAST_SUPER_ADMINISTRATOR, "kept active")),
                List.of(new Applier.Failure(refusedByAnswer, "400", answered(ScimException.Kind.PERMANENT, 400)),
                        new Applier.Failure(skipped, "not attempted", null),
                        new Applier.Failure(lostAnswer, "timeout", timeout)),
                timeout, true, false));

        assertThat(counted()).as("the one made, and the one whose answer was lost").isEqualTo(2);
        assertThat(session.ledgers().deprovisions().inWindow()).as("the status mirrors it").isEqualTo(2);
    }

    @Test
    void aSuccessWhoseAnswerCouldNotBeReadStaysCounted() {
        Change unreadable = deactivate("html");
        RemovalReservation reservation = RemovalReservation.open(ledgers, app(10), session, NOW);
        reservation.reserve(plan(unreadable), NOTHING_DECLARED, new RemoteState(ACCOUNT));

        reservation.settle(new Applier.Result(List.of(), List.of(),
                List.of(new Applier.Failure(unreadable, "an HTML page", answered(ScimException.Kind.PERMANENT, 200))),
                null, true, false));
        assertThat(counted()).isEqualTo(1);
    }

    @Test
    void aPlanThatRemovesNothingWritesNothing() {
        RemovalReservation reservation = RemovalReservation.open(ledgers, app(10), session, NOW);
        Plan plan = plan(new Change.RenameGroup("g1", "Old", "New", "renamed"));
        int before = cluster.requestCount();

        assertThat(reservation.reserve(plan, NOTHING_DECLARED, new RemoteState(ACCOUNT))).isSameAs(plan);
        reservation.settle(new Applier.Result(plan.changes(), List.of(), List.of(), null, false, false));
        assertThat(cluster.requestCount()).isEqualTo(before);
    }

    @Test
    void removalsCountedByAnotherAppMeanwhileAreHeldUntilTheNextPlan() {
        RemovalReservation mine = RemovalReservation.open(ledgers, app(2), session, NOW);
        // Another ScimApp of the account reserves first, on the same ledger.
        ScimApp other = app(5);
        other.getMetadata().setName("acme-other");
        RemovalReservation theirs = RemovalReservation.open(ledgers,  other,
                new AppSession(new AppSession.Connection("https://example.com", "fp2", 1200, 300_000, 0.1), null, null), NOW);
        theirs.reserve(plan(deactivate("x")), NOTHING_DECLARED, new RemoteState(ACCOUNT));

        Plan reserved = mine.reserve(plan(deactivate("a"), deactivate("b")), NOTHING_DECLARED, new RemoteState(ACCOUNT));
        assertThat(reserved.changes()).isEmpty();
        assertThat(reserved.held()).hasSize(2).allSatisfy(h -> {
            assertThat(h.reason()).isEqualTo(Reason.DEPROVISION_LIMIT_EXCEEDED);
            assertThat(h.message()).contains("counted other removals while this plan was made");
        });
        assertThat(counted()).isEqualTo(1);
    }

    @Test
    void aLedgerThatCannotBeWrittenHoldsTheRemovalsAndLetsTheRestGo() {
        cluster.refuse("POST", "/api/v1/namespaces/" + NAMESPACE + "/configmaps");
        Change rename = new Change.RenameGroup("g1", "Old", "New", "renamed");
        RemovalReservation reservation = RemovalReservation.open(ledgers, app(10), session, NOW);

        Plan reserved = reservation.reserve(plan(rename, deactivate("a")), NOTHING_DECLARED, new RemoteState(ACCOUNT));
        assertThat(reserved.changes()).containsExactly(rename);
        assertThat(reserved.held()).singleElement().satisfies(h -> {
            assertThat(h.reason()).isEqualTo(Reason.LEDGER_UNAVAILABLE);
            assertThat(h.bySafetyRail()).isTrue();
            assertThat(h.message()).contains("HTTP 403").contains("none is sent until it can be");
        });
    }
}
