package dev.cfscim.plan;

import static dev.cfscim.plan.Fixture.SUPER;
import static dev.cfscim.plan.Fixture.desired;
import static dev.cfscim.plan.Fixture.lines;
import static dev.cfscim.plan.Fixture.remote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.RemovalLedger;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rate rails: deprovisions and role removals per window, with the removals already made in the
 * window and the time of the plan given as inputs, as the operator reads them from the app's status.
 */
class RemovalRateRailTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    private static PlanPolicy deprovisions(int limit, int allowance, RemovalWindow.Spent... spent) {
        return PlanPolicy.defaults().withDeprovisions(new RemovalWindow(limit, HOUR, allowance, 0, NOW, List.of(spent)));
    }

    private static RemovalWindow.Spent spent(Duration ago, int count) {
        return new RemovalWindow.Spent(NOW.minus(ago), count);
    }

    /** The owner stays (a Super Administrator), and each of {@code leaving} is declared inactive. */
    private static Plan leaving(PlanPolicy policy, String... leaving) {
        Fixture.Desired desired = desired().user("owner@example.com", SUPER);
        Fixture.Remote remote = remote().member("owner@example.com", SUPER);
        for (String userName : leaving) {
            desired.inactive(userName);
            remote.member(userName);
        }
        return Planner.plan(desired.build(), remote.build(), policy);
    }

    @Test
    void aFullWindowHoldsEvenOneDeprovisionAndSaysWhenTheNextFits() {
        Plan plan = leaving(deprovisions(10, 0, spent(Duration.ofMinutes(20), 10)), "a@example.com");

        assertThat(lines(plan)).containsExactly("! deactivate user a@example.com [DeprovisionLimitExceeded]");
        assertThat(plan.held().get(0).message())
                .contains("deprovisionLimit 10 per 1h: 10 deprovisions in the window, 0 more allowed now")
                .contains("the next fits at 2026-12-01T12:40:00Z");
    }

    @Test
    void theWindowLetsThroughWhatItStillAllowsInPlanOrderAndHoldsTheRest() {
        Plan plan = leaving(deprovisions(3, 0, spent(Duration.ofMinutes(10), 1)),
                "a@example.com", "b@example.com", "c@example.com");

        assertThat(lines(plan)).containsExactly("- deactivate user a@example.com", "- deactivate user b@example.com",
                "! deactivate user c@example.com [DeprovisionLimitExceeded]");
        assertThat(plan.held().get(0).message()).contains("3 deprovisions in the window with the 2 of this plan, "
                + "0 more allowed now; 1 change(s) held, the next fits at 2026-12-01T12:50:00Z");
    }

    @Test
    void aPlanLargerThanTheWholeWindowIsAMassEventAndHeldWhole() {
        Plan plan = leaving(deprovisions(3, 0), "a@example.com", "b@example.com", "c@example.com", "d@example.com");

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.held()).hasSize(4).allMatch(h -> h.reason() == Reason.DEPROVISION_LIMIT_EXCEEDED);
        assertThat(plan.held().get(0).message()).startsWith("4 deprovisions exceed deprovisionLimit 3 per 1h: "
                + "a plan this large is held whole");
    }

    @Test
    void removalsOlderThanTheWindowNoLongerCount() {
        Plan plan = leaving(deprovisions(1, 0, spent(Duration.ofMinutes(61), 5)), "a@example.com");

        assertThat(lines(plan)).containsExactly("- deactivate user a@example.com");
    }

    @Test
    void theOneOffAllowanceComesOnTopOfTheWindow() {
        PlanPolicy full = deprovisions(2, 0, spent(Duration.ofMinutes(5), 2));
        assertThat(leaving(full, "a@example.com", "b@example.com").changes()).isEmpty();

        Plan allowed = leaving(full.withAllowedDeprovisions(2), "a@example.com", "b@example.com");
        assertThat(lines(allowed)).containsExactly("- deactivate user a@example.com", "- deactivate user b@example.com");
    }

    @Test
    void anAllowanceIsSpentOnceNotEveryWindow() {
        ScimApp app = appAllowing("3");
        RemovalLedger full = new RemovalLedger(2, List.of(new RemovalLedger.Slot(NOW.minusSeconds(300).toString(), 2)),
                null);
        PlanPolicy policy = PlanInputs.policy(app, NOW, full, null).withDeprovisionLimit(2);

        Plan plan = leaving(policy, "a@example.com", "b@example.com");
        assertThat(lines(plan)).containsExactly("- deactivate user a@example.com", "- deactivate user b@example.com");
        RemovalLedger after = PlanInputs.ledger(policy.deprovisions(), 2);
        assertThat(after.allowance()).as("both were past the limit: the allowance paid")
                .isEqualTo(new RemovalLedger.Allowance(3, 2));
        assertThat(after.inWindow()).as("and the window does not count them again").isEqualTo(2);

        // Two hours on, the window is empty again, and the annotation was never taken back.
        PlanPolicy later = PlanInputs.policy(app, NOW.plus(Duration.ofHours(2)), after, null).withDeprovisionLimit(2);
        assertThat(later.deprovisions().left()).as("the limit, and the one left of the allowance").isEqualTo(3);
        Plan four = leaving(later, "a@example.com", "b@example.com", "c@example.com", "d@example.com");
        assertThat(four.changes()).isEmpty();
        assertThat(four.held().get(0).message()).startsWith("4 deprovisions exceed deprovisionLimit 2 per 1h and "
                + "the 1 left of the one-off allowance: a plan this large is held whole");
    }

    @Test
    void aUsedUpAllowanceLetsNothingMoreThroughAndSaysHowToGiveAnother() {
        RemovalLedger spentAll = new RemovalLedger(1, List.of(new RemovalLedger.Slot(NOW.minusSeconds(60).toString(), 1)),
                new RemovalLedger.Allowance(2, 2));

        PlanPolicy policy = PlanInputs.policy(appAllowing("2"), NOW, spentAll, null).withDeprovisionLimit(1);
        Plan plan = leaving(policy, "a@example.com");

        assertThat(lines(plan)).containsExactly("! deactivate user a@example.com [DeprovisionLimitExceeded]");
        assertThat(plan.held().get(0).message()).contains("1 deprovisions in the window, 2 of the one-off allowance "
                + "of 2 used, 0 more allowed now").endsWith("the one-off allowance of 2 is used up: give the annotation "
                + "another number to allow more");

        PlanPolicy another = PlanInputs.policy(appAllowing("3"), NOW, spentAll, null).withDeprovisionLimit(1);
        assertThat(lines(leaving(another, "a@example.com"))).as("a new value is a new allowance")
                .containsExactly("- deactivate user a@example.com");
    }

    @Test
    void withoutTheAnnotationTheLedgerForgetsTheAllowance() {
        RemovalLedger used = new RemovalLedger(0, List.of(), new RemovalLedger.Allowance(2, 2));

        PlanPolicy policy = PlanInputs.policy(appAllowing(null), NOW, used, null).withDeprovisionLimit(1);

        assertThat(policy.deprovisions().allowance()).isZero();
        assertThat(PlanInputs.ledger(policy.deprovisions(), 0)).as("nothing left to keep").isNull();
        assertThat(PlanInputs.ledger(PlanInputs.policy(appAllowing("5"), NOW, used, null).deprovisions(), 0))
                .as("an allowance is kept while given, even before it is used")
                .isEqualTo(new RemovalLedger(0, List.of(), new RemovalLedger.Allowance(5, 0)));
    }

    /** A ScimApp whose allow-deprovisions annotation is {@code value} (none when null). */
    private static ScimApp appAllowing(String value) {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("acme").withNamespace("cfscim")
                .withAnnotations(value == null ? Map.of() : Map.of(ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, value)).build());
        app.setSpec(new ScimAppSpec());
        return app;
    }

    @Test
    void theLedgerKeepsASlotPerSixtiethOfTheWindowAndDropsSlotsPastIt() {
        RemovalWindow window = new RemovalWindow(10, HOUR, 0, 0, NOW.plusSeconds(30),
                List.of(spent(Duration.ofMinutes(70), 3), new RemovalWindow.Spent(NOW.plusSeconds(60), 2)));

        // 12:00:30 falls in the slot that ends at 12:01: the two removals already there and these four share it.
        assertThat(window.record(4)).containsExactly(new RemovalWindow.Spent(NOW.plusSeconds(60), 6));
        assertThat(window.used()).isEqualTo(2);
        assertThat(window.nextFit(8, 1)).contains(NOW.plusSeconds(60).plus(HOUR));
        assertThat(window.nextFit(0, 11)).as("more than the window ever takes").isEmpty();
    }

    @Test
    void aWindowLongerThanAnyClockHoldsWhatIsPastItsLimitAndNeverOverflows() {
        // Validation refuses such a window first; if one still gets here, it holds rather than throws.
        Duration beyondAnyClock = Duration.ofSeconds(Long.MAX_VALUE);
        RemovalWindow window = new RemovalWindow(1, beyondAnyClock, 0, 0, NOW, List.of(spent(Duration.ofDays(400), 1)));

        assertThat(window.used()).as("still in the window").isEqualTo(1);
        assertThat(window.left()).isZero();
        assertThat(window.nextFit(0, 1)).contains(Instant.MAX);
        assertThat(window.record(0)).hasSize(1);
        assertThat(RemovalWindow.fresh(1, beyondAnyClock).at(NOW, List.of()).record(1)).hasSize(1);
        assertThat(lines(leaving(PlanPolicy.defaults().withDeprovisions(window), "a@example.com")))
                .containsExactly("! deactivate user a@example.com [DeprovisionLimitExceeded]");
    }

    // ---- role removals ----------------------------------------------------------------------------

    @Test
    void anEmptiedBindingsFileIsHeldWholeByTheRoleRemovalLimit() {
        Fixture.Desired desired = desired().user("owner@example.com", SUPER);
        Fixture.Remote remote = remote().member("owner@example.com", SUPER);
        for (int i = 0; i < 26; i++) {
            desired.user("user" + i + "@example.com");
            remote.member("user" + i + "@example.com", "Administrator", "DNS");
        }

        Plan plan = Planner.plan(desired.build(), remote.build(), PlanPolicy.defaults());

        assertThat(plan.changes()).isEmpty();
        assertThat(lines(plan)).containsExactly(
                "! remove user0@example.com, user10@example.com, user11@example.com and 23 more from role \"Administrator\""
                        + " [RoleRemovalLimitExceeded]",
                "! remove user0@example.com, user10@example.com, user11@example.com and 23 more from role \"DNS\""
                        + " [RoleRemovalLimitExceeded]");
        assertThat(plan.held().get(0).message()).startsWith("52 role removals exceed roleRemovalLimit 50 per 1h");
        assertThat(plan.held().get(0).bySafetyRail()).isTrue();
    }

    @Test
    void roleRemovalsWithinTheWindowGoAndOnePastItWaits() {
        PlanPolicy policy = PlanPolicy.defaults().withRoleRemovals(new RemovalWindow(3, HOUR, 0, 0, NOW,
                List.of(spent(Duration.ofMinutes(30), 1))));
        Plan plan = Planner.plan(desired().user("a@example.com").user("b@example.com").build(),
                remote().member("a@example.com", "Administrator", "DNS").member("b@example.com", "DNS").build(), policy);

        assertThat(lines(plan)).containsExactly("- remove a@example.com from role \"Administrator\"",
                "! remove a@example.com, b@example.com from role \"DNS\" [RoleRemovalLimitExceeded]");
        // The held change takes two: it fits once the removal of 11:30 leaves the window.
        assertThat(plan.held().get(0).message()).contains("2 role removals in the window with the 1 of this plan, "
                + "1 more allowed now").contains("the next fits at 2026-12-01T12:30:00Z");
    }

    @Test
    void aDeprovisionIsNotARoleRemoval() {
        Plan plan = Planner.plan(desired().user("owner@example.com", SUPER).inactive("a@example.com").build(),
                remote().member("owner@example.com", SUPER).member("a@example.com", "Administrator").build(),
                PlanPolicy.defaults().withRoleRemovalLimit(0));

        assertThat(lines(plan)).containsExactly("- deactivate user a@example.com");
    }

    @Test
    void aDeletedUserGroupCountsEachMemberItStrips() {
        Plan plan = Planner.plan(desired().user("a@example.com").user("b@example.com").user("c@example.com")
                        .unboundGroup("Old Team").buildUserGroups(),
                Fixture.Remote.userGroups().member("a@example.com").member("b@example.com").member("c@example.com")
                        .customGroup("g1", "Old Team", List.of("a@example.com", "b@example.com", "c@example.com"), "DNS")
                        .build(), PlanPolicy.defaults().withRoleRemovalLimit(2));

        assertThat(lines(plan)).containsExactly("! delete group \"Old Team\" [RoleRemovalLimitExceeded]");
        assertThat(plan.held().get(0).message()).startsWith("3 role removals exceed roleRemovalLimit 2");
    }

    @Test
    void aGroupLosingARoleCountsEachMemberForEachRole() {
        RemoteState remote = Fixture.Remote.userGroups().member("a@example.com").member("b@example.com")
                .customGroup("g1", "Ops", List.of("a@example.com", "b@example.com"), "DNS", "Administrator").build();
        Change narrowed = new Change.SetGroupRoles("g1", "Ops", Set.of("DNS"), Set.of("DNS", "Administrator"), "test");

        assertThat(RoleRemovals.of(narrowed, desired().buildUserGroups(), remote)).isEqualTo(2);
    }

    @Test
    void leavingTheVirtualGroupsForUserGroupsThatGrantTheSameRolesIsNoRoleRemoval() {
        Plan plan = Planner.plan(desired().user("a@example.com")
                        .group("Admins", List.of("a@example.com"), "Administrator").buildUserGroups(),
                remote().member("a@example.com", "Administrator").withPermissionGroups()
                        .customGroup("g1", "Admins", List.of("a@example.com"), "Administrator").build(),
                PlanPolicy.defaults().withRoleRemovalLimit(0));

        assertThat(lines(plan)).containsExactly("- remove a@example.com from role \"Administrator\"");
    }
}
