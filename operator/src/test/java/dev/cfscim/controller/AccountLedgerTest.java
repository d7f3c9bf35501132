package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.api.RemovalLedger;
import dev.cfscim.controller.AccountLedger.Added;
import dev.cfscim.controller.AccountLedger.Removals;
import dev.cfscim.plan.RemovalWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The durable ledger's arithmetic: reserving, giving back, sharing between apps, keeping it small, its JSON. */
class AccountLedgerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:30Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final String A = "team-a/acme-prod";
    private static final String B = "team-b/acme-staging";

    /** An app's window at {@code now}: {@code limit} per {@code per}, with an allowance of {@code granted}. */
    private static RemovalWindow window(int limit, Duration per, int granted, Instant now) {
        return new RemovalWindow(limit, per, granted, 0, now, List.of());
    }

    private static Added take(Removals removals, String app, RemovalWindow window, int count) {
        return removals.take(app, window, count).orElseThrow(() -> new AssertionError("did not fit"));
    }

    private static int inWindow(Removals removals, String app, RemovalWindow window) {
        return dev.cfscim.plan.PlanInputs.windowAfter(window, removals.seenBy(app)).used();
    }

    @Test
    void aReservationCountsInTheCurrentSlotAndTheNextMustFitWhatIsLeft() {
        RemovalWindow tenPerHour = window(10, HOUR, 0, NOW);
        Added first = take(Removals.NONE, A, tenPerHour, 7);

        assertThat(first.after().slots()).containsExactly(new RemovalLedger.Slot("2026-12-01T12:01:00Z", 7));
        assertThat(first.taken()).isEqualTo(new AccountLedger.Taken(7, 0, Instant.parse("2026-12-01T12:01:00Z"), 0));
        assertThat(first.after().retention()).isEqualTo("1h");
        assertThat(first.after().take(A, tenPerHour, 4)).as("3 left, 4 asked").isEmpty();
        Added second = take(first.after(), A, tenPerHour, 3);
        assertThat(second.after().slots()).containsExactly(new RemovalLedger.Slot("2026-12-01T12:01:00Z", 10));
        assertThat(inWindow(second.after(), A, tenPerHour)).isEqualTo(10);
    }

    @Test
    void appsOfOneAccountShareTheCountEachUnderItsOwnLimit() {
        Added byA = take(Removals.NONE, A, window(10, HOUR, 0, NOW), 4);

        assertThat(byA.after().take(B, window(5, HOUR, 0, NOW), 2)).as("4 by A, 5 per hour for B").isEmpty();
        Added byB = take(byA.after(), B, window(5, HOUR, 0, NOW), 1);
        assertThat(inWindow(byB.after(), A, window(10, HOUR, 0, NOW))).isEqualTo(5);
    }

    @Test
    void giveBackReturnsWhatWasNotMadeFromTheAllowanceFirst() {
        // 2 per hour, 1 already in the window, an allowance of 3: 4 reserved = 1 in the window + 3 from the allowance.
        RemovalWindow window = window(2, HOUR, 3, NOW);
        Removals one = take(Removals.NONE, A, window, 1).after();
        Added four = take(one, A, window, 4);
        assertThat(four.taken().inWindow()).isEqualTo(1);
        assertThat(four.taken().fromAllowance()).isEqualTo(3);
        assertThat(four.after().allowances()).containsEntry(A, new RemovalLedger.Allowance(3, 3));

        Removals twoMade = four.after().giveBack(A, four.taken(), 2);
        assertThat(twoMade.allowances()).as("the allowance gets back what it paid for").containsEntry(A,
                new RemovalLedger.Allowance(3, 1));
        assertThat(twoMade.slots()).containsExactly(new RemovalLedger.Slot("2026-12-01T12:01:00Z", 2));

        Removals noneMade = four.after().giveBack(A, four.taken(), 4);
        assertThat(noneMade.allowances()).containsEntry(A, new RemovalLedger.Allowance(3, 0));
        assertThat(noneMade.slots()).as("as before the reservation").isEqualTo(one.slots());
        assertThat(four.after().giveBack(A, four.taken(), 0)).isEqualTo(four.after());
    }

    @Test
    void givingBackAWholeSlotDropsIt() {
        Added taken = take(Removals.NONE, A, window(10, HOUR, 0, NOW), 3);
        assertThat(taken.after().giveBack(A, taken.taken(), 3).slots()).isEmpty();
        assertThat(taken.after().giveBack(A, taken.taken(), 99).slots()).as("never more than was taken").isEmpty();
    }

    @Test
    void eachAppKeepsItsOwnAllowanceAndAnAppWithoutOneForgetsOnlyItsOwn() {
        Removals byA = take(Removals.NONE, A, window(0, HOUR, 2, NOW), 2).after();
        assertThat(byA.allowances()).containsEntry(A, new RemovalLedger.Allowance(2, 2));
        assertThat(byA.take(A, window(0, HOUR, 2, NOW), 1)).as("used up").isEmpty();

        // B's annotation, of another value, is B's: it does not give A a fresh allowance.
        Removals byB = take(byA, B, window(0, HOUR, 5, NOW), 1).after();
        assertThat(byB.allowances()).containsEntry(A, new RemovalLedger.Allowance(2, 2))
                .containsEntry(B, new RemovalLedger.Allowance(5, 1));
        assertThat(byB.take(A, window(0, HOUR, 2, NOW), 1)).isEmpty();

        // A new value is a new allowance; an app without the annotation forgets its own, nobody else's.
        assertThat(take(byB, A, window(0, HOUR, 3, NOW), 3).after().allowances()).containsEntry(A,
                new RemovalLedger.Allowance(3, 3));
        Removals withoutB = take(byB, B, window(1, HOUR, 0, NOW), 1).after();
        assertThat(withoutB.allowances()).containsOnlyKeys(A);
    }

    @Test
    void slotsStayForTheLongestWindowOfTheAccountsApps() {
        Instant dayStart = NOW.minus(Duration.ofHours(5));
        Removals daily = take(Removals.NONE, A, window(1, Duration.ofHours(24), 0, dayStart), 1).after();
        // B counts per hour: A's removal five hours ago is out of B's window, and still in A's.
        Removals hourly = take(daily, B, window(3, HOUR, 0, NOW), 1).after();
        assertThat(hourly.retention()).isEqualTo("24h");
        assertThat(hourly.slots()).hasSize(2);
        assertThat(hourly.take(A, window(1, Duration.ofHours(24), 0, NOW), 1)).as("A's daily limit holds").isEmpty();
        assertThat(inWindow(hourly, B, window(3, HOUR, 0, NOW))).isEqualTo(1);

        // Once past every window, a slot goes.
        Instant later = NOW.plus(Duration.ofHours(25));
        assertThat(take(hourly, B, window(3, HOUR, 0, later), 1).after().slots()).hasSize(1);
    }

    @Test
    void aLedgerOfManySlotsMergesTheOldestIntoTheNextAndLosesNoCount() {
        // A daily app keeps slots for 24h; an hourly one writes a slot a minute: far more than the cap.
        Removals removals = take(Removals.NONE, A, window(1000, Duration.ofHours(24), 0, NOW), 1).after();
        Instant t = NOW;
        for (int i = 0; i < 300; i++) {
            t = t.plus(Duration.ofMinutes(1));
            removals = take(removals, B, window(1000, HOUR, 0, t), 1).after();
        }
        assertThat(removals.slots()).hasSize(AccountLedger.MAX_SLOTS);
        assertThat(removals.slots().stream().mapToInt(RemovalLedger.Slot::count).sum()).isEqualTo(301);
        List<Instant> times = removals.slots().stream().map(s -> Instant.parse(s.at())).toList();
        assertThat(times).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theDataRoundTripsAsJsonAndAHandEditThatIsNotALedgerIsRefused() {
        Removals deprovisions = take(Removals.NONE, A, window(1, HOUR, 2, NOW), 3).after();
        AccountLedger ledger = AccountLedger.EMPTY.with(AccountLedger.Kind.DEPROVISIONS, deprovisions);
        Map<String, String> data = ledger.data();

        assertThat(data.get("deprovisions")).isEqualTo("{\"retention\":\"1h\",\"slots\":[{\"at\":\"2026-12-01T12:01:00Z\","
                + "\"count\":1}],\"allowances\":{\"team-a/acme-prod\":{\"granted\":2,\"used\":2}}}");
        assertThat(data.get("roleRemovals")).isEqualTo("{}");
        assertThat(AccountLedger.parse(data)).isEqualTo(ledger);
        assertThat(AccountLedger.parse(Map.of())).isEqualTo(AccountLedger.EMPTY);

        assertThatThrownBy(() -> AccountLedger.parse(Map.of("deprovisions", "three")))
                .hasMessageStartingWith("key deprovisions does not hold a removal ledger");
        assertThatThrownBy(() -> AccountLedger.parse(Map.of("roleRemovals", "{\"slots\":[{\"at\":\"noon\",\"count\":1}]}")))
                .hasMessageStartingWith("key roleRemovals does not hold a removal ledger");
    }

    @Test
    void aStatusLedgerSeedsTheAccountsFirstOne() {
        RemovalLedger status = new RemovalLedger(2, List.of(new RemovalLedger.Slot("2026-12-01T11:59:00Z", 2),
                new RemovalLedger.Slot("garbled", 5)), new RemovalLedger.Allowance(1, 1));
        AccountLedger seed = AccountLedger.seed(A, status, HOUR, null, HOUR);

        assertThat(seed.deprovisions().slots()).containsExactly(new RemovalLedger.Slot("2026-12-01T11:59:00Z", 2));
        assertThat(seed.deprovisions().allowances()).containsEntry(A, new RemovalLedger.Allowance(1, 1));
        assertThat(seed.roleRemovals()).isEqualTo(Removals.NONE);
        assertThat(inWindow(seed.deprovisions(), A, window(2, HOUR, 0, NOW))).isEqualTo(2);
    }

    @Test
    void anAllowanceGivenBackIsOnlyForTheSameGrant() {
        Added taken = take(Removals.NONE, A, window(0, HOUR, 2, NOW), 2);
        // Meanwhile the annotation changed and a new allowance was recorded: the old grant's return is not its.
        Removals renewed = new Removals(taken.after().retention(), new ArrayList<>(taken.after().slots()),
                Map.of(A, new RemovalLedger.Allowance(4, 1)));
        assertThat(renewed.giveBack(A, taken.taken(), 2).allowances()).containsEntry(A, new RemovalLedger.Allowance(4, 1));
    }
}
