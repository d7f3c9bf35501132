package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.RemovalLedger;
import dev.cfscim.cli.EmbeddedCluster;
import dev.cfscim.controller.AccountLedger.Kind;
import dev.cfscim.controller.AccountLedger.Removals;
import dev.cfscim.plan.RemovalWindow;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's store on an API server: created on the first write with its labels, written with the
 * resourceVersion it read (a concurrent write is redone on what is there, never lost), and a ledger
 * that cannot be read or written says why.
 */
class RemovalLedgersTest {

    private static final String NAMESPACE = "cfscim-system";
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String APP = "cfscim/acme-prod";
    private static final RemovalWindow TEN_PER_HOUR = new RemovalWindow(10, Duration.ofHours(1), 0, 0,
            Instant.parse("2026-12-01T12:00:30Z"), List.of());

    private EmbeddedCluster cluster;
    private RemovalLedgers ledgers;

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start();
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        ledgers = new RemovalLedgers(cluster.client(), NAMESPACE);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Adds {@code count} deprovisions by {@link #APP}. */
    private static RemovalLedgers.Step<Boolean> deprovisions(AccountLedger ledger, int count) {
        return ledger.deprovisions().take(APP, TEN_PER_HOUR, count)
                .map(added -> new RemovalLedgers.Step<>(ledger.with(Kind.DEPROVISIONS, added.after()), true))
                .orElse(new RemovalLedgers.Step<>(null, false));
    }

    private ConfigMap stored() {
        return cluster.client().configMaps().inNamespace(NAMESPACE).withName("cfscim-ledger-" + ACCOUNT).get();
    }

    private int counted(AccountLedger ledger) {
        return ledger.deprovisions().slots().stream().mapToInt(RemovalLedger.Slot::count).sum();
    }

    @Test
    void theFirstWriteCreatesTheAccountsConfigMapAndTheNextUpdatesIt() {
        RemovalLedgers.Snapshot none = ledgers.read(ACCOUNT, AccountLedger.EMPTY);
        assertThat(none.usable()).isTrue();
        assertThat(none.map()).isNull();

        RemovalLedgers.Written<Boolean> first = ledgers.update(none, AccountLedger.EMPTY, l -> deprovisions(l, 2));
        assertThat(first.ok()).isTrue();
        ConfigMap map = stored();
        assertThat(map.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "cfscim")
                .containsEntry("scim.cfscim.dev/account", ACCOUNT);
        assertThat(map.getMetadata().getOwnerReferences()).as("it outlives every ScimApp").isNullOrEmpty();

        RemovalLedgers.Written<Boolean> second = ledgers.update(first.snapshot(), AccountLedger.EMPTY,
                l -> deprovisions(l, 3));
        assertThat(second.ok()).isTrue();
        assertThat(counted(ledgers.read(ACCOUNT, AccountLedger.EMPTY).ledger())).isEqualTo(5);
    }

    @Test
    void aWriteSinceTheReadIsReadAgainAndCountedNotOverwritten() {
        RemovalLedgers.Snapshot created = ledgers.update(ledgers.read(ACCOUNT, AccountLedger.EMPTY), AccountLedger.EMPTY,
                l -> deprovisions(l, 1)).snapshot();
        // Another operator (or app) writes after our read.
        ledgers.update(created, AccountLedger.EMPTY, l -> deprovisions(l, 4));

        AtomicInteger attempts = new AtomicInteger();
        RemovalLedgers.Written<Boolean> ours = ledgers.update(created, AccountLedger.EMPTY, l -> {
            attempts.incrementAndGet();
            return deprovisions(l, 2);
        });
        assertThat(ours.ok()).isTrue();
        assertThat(attempts).as("refused once as stale, then redone").hasValue(2);
        assertThat(counted(ledgers.read(ACCOUNT, AccountLedger.EMPTY).ledger())).isEqualTo(7);
    }

    @Test
    void twoFirstWritesAtOnceBothCount() {
        RemovalLedgers.Snapshot mine = ledgers.read(ACCOUNT, AccountLedger.EMPTY);
        RemovalLedgers.Snapshot theirs = ledgers.read(ACCOUNT, AccountLedger.EMPTY);
        assertThat(ledgers.update(theirs, AccountLedger.EMPTY, l -> deprovisions(l, 6)).ok()).isTrue();

        RemovalLedgers.Written<Boolean> written = ledgers.update(mine, AccountLedger.EMPTY, l -> deprovisions(l, 5));
        assertThat(written.ok()).as("6 counted meanwhile: 5 more no longer fit 10 per hour").isTrue();
        assertThat(written.told()).isFalse();
        assertThat(counted(ledgers.read(ACCOUNT, AccountLedger.EMPTY).ledger())).isEqualTo(6);
    }

    @Test
    void withNoConfigMapTheSeedStandsForItAndIsWrittenWithTheFirstReservation() {
        AccountLedger seed = AccountLedger.EMPTY.with(Kind.DEPROVISIONS, new Removals("1h",
                List.of(new RemovalLedger.Slot("2026-12-01T11:59:00Z", 8)), Map.of()));
        RemovalLedgers.Snapshot read = ledgers.read(ACCOUNT, seed);
        assertThat(read.ledger()).isEqualTo(seed);

        RemovalLedgers.Written<Boolean> written = ledgers.update(read, seed, l -> deprovisions(l, 3));
        assertThat(written.told()).as("8 + 3 > 10").isFalse();
        assertThat(stored()).as("nothing to write").isNull();
        assertThat(ledgers.update(read, seed, l -> deprovisions(l, 2)).ok()).isTrue();
        assertThat(counted(ledgers.read(ACCOUNT, AccountLedger.EMPTY).ledger())).isEqualTo(10);
    }

    @Test
    void aRefusedWriteSaysWhyAndWritesNothing() {
        cluster.refuse("POST", "/api/v1/namespaces/" + NAMESPACE + "/configmaps");
        RemovalLedgers.Written<Boolean> written = ledgers.update(ledgers.read(ACCOUNT, AccountLedger.EMPTY),
                AccountLedger.EMPTY, l -> deprovisions(l, 1));

        assertThat(written.ok()).isFalse();
        assertThat(written.problem()).startsWith("cannot write ConfigMap " + NAMESPACE + "/cfscim-ledger-" + ACCOUNT
                + ": HTTP 403");
        assertThat(stored()).isNull();
    }

    @Test
    void aConfigMapThatHoldsNoLedgerIsRefusedNeverReadAsEmpty() {
        cluster.client().configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("cfscim-ledger-" + ACCOUNT).endMetadata().addToData("deprovisions", "lots").build()).create();

        RemovalLedgers.Snapshot read = ledgers.read(ACCOUNT, AccountLedger.EMPTY);
        assertThat(read.usable()).isFalse();
        assertThat(read.problem()).contains("does not hold a ledger: key deprovisions").contains("delete it");
        RemovalLedgers.Written<Boolean> written = ledgers.update(read, AccountLedger.EMPTY, l -> deprovisions(l, 1));
        assertThat(written.ok()).isFalse();
        assertThat(stored().getData()).containsEntry("deprovisions", "lots");
    }

    @Test
    void aClosedClientIsAProblemNotAnException() {
        RemovalLedgers.Snapshot read = ledgers.read(ACCOUNT, AccountLedger.EMPTY);
        var closed = cluster.client("closed");
        closed.close();
        RemovalLedgers dead = new RemovalLedgers(closed, NAMESPACE);

        assertThat(dead.read(ACCOUNT, AccountLedger.EMPTY).usable()).isFalse();
        assertThat(dead.update(read, AccountLedger.EMPTY, l -> deprovisions(l, 1)).ok()).isFalse();
        assertThat(stored()).isNull();
    }
}
