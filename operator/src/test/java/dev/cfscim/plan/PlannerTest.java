package dev.cfscim.plan;

import static dev.cfscim.plan.Fixture.SUPER;
import static dev.cfscim.plan.Fixture.desired;
import static dev.cfscim.plan.Fixture.lines;
import static dev.cfscim.plan.Fixture.remote;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner, row by row: the seed's lifecycle table (docs/testing.md, "The lifecycle table") and every rule and rail
 * of sections 5 and 6. Each row is a desired state, a remote state, a policy and the plan's lines.
 */
class PlannerTest {

    static final PlanPolicy DEFAULTS = PlanPolicy.defaults();

    record Row(String name, Fixture.Desired desired, Fixture.Remote remote, PlanPolicy policy, List<String> plan) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> lifecycle() {
        return Stream.of(
                new Row("member added: assigned user gets created, with Minimal Account Access only",
                        desired().user("alice@example.com"), remote().member("owner@example.com", SUPER), DEFAULTS,
                        List.of("+ create user alice@example.com")),
                new Row("member added with a role: create, then add to the role group",
                        desired().user("alice@example.com", "Administrator"), remote(), DEFAULTS,
                        List.of("+ create user alice@example.com",
                                "+ add alice@example.com to role \"Administrator\"")),
                new Row("role added to an existing member",
                        desired().user("alice@example.com", "Administrator", "DNS"),
                        remote().member("alice@example.com", "Administrator"), DEFAULTS,
                        List.of("+ add alice@example.com to role \"DNS\"")),
                new Row("role removed (left the group, or the binding deleted)",
                        desired().user("alice@example.com", "DNS"),
                        remote().member("alice@example.com", "Administrator", "DNS"), DEFAULTS,
                        List.of("- remove alice@example.com from role \"Administrator\"")),
                new Row("member kept with no permissions: every role removed, the member stays",
                        desired().user("alice@example.com"),
                        remote().member("alice@example.com", "Administrator", "DNS"), DEFAULTS,
                        List.of("- remove alice@example.com from role \"Administrator\"",
                                "- remove alice@example.com from role \"DNS\"")),
                new Row("member removed by unassigning: deactivated, no role removals (they go with it)",
                        desired().unassigned("alice@example.com", "Administrator"),
                        remote().member("owner@example.com", SUPER).member("alice@example.com", "Administrator"),
                        DEFAULTS, List.of("- deactivate user alice@example.com")),
                new Row("member removed by active: false",
                        desired().inactive("alice@example.com", "Administrator"),
                        remote().member("owner@example.com", SUPER).member("alice@example.com", "Administrator"),
                        DEFAULTS, List.of("- deactivate user alice@example.com")),
                new Row("converged: no changes",
                        desired().user("alice@example.com", "Administrator"),
                        remote().member("alice@example.com", "Administrator"), DEFAULTS, List.of()),
                new Row("userNames match case-insensitively, as in Cloudflare",
                        desired().user("Alice@Example.com", "Administrator"),
                        remote().member("alice@example.com", "Administrator"), DEFAULTS, List.of()),
                new Row("a deprovisioned member still shown inactive is reactivated",
                        desired().user("alice@example.com"), remote().inactive("alice@example.com"), DEFAULTS,
                        List.of("+ reactivate user alice@example.com")),
                new Row("an unassigned user that is not a member needs nothing",
                        desired().unassigned("alice@example.com", "Administrator"), remote(), DEFAULTS, List.of()),
                new Row("an inactive user that is not a member needs nothing",
                        desired().inactive("alice@example.com"), remote().inactive("alice@example.com"), DEFAULTS,
                        List.of()));
    }

    static Stream<Row> rules() {
        return Stream.of(
                new Row("members no ScimUser declares are left alone by default, roles included",
                        desired().user("alice@example.com"),
                        remote().member("alice@example.com").member("bob@example.com", "Administrator"), DEFAULTS,
                        List.of()),
                new Row("unmanagedUsers: Deprovision deactivates them",
                        desired().user("alice@example.com"),
                        remote().member("owner@example.com", SUPER).member("alice@example.com")
                                .member("bob@example.com", "Administrator"),
                        DEFAULTS.withDeprovisionUnmanaged(true),
                        List.of("- deactivate user bob@example.com",
                                "! deactivate user owner@example.com [LastSuperAdministrator]")),
                new Row("Observe holds every change",
                        desired().user("alice@example.com", "Administrator"),
                        remote().member("owner@example.com", SUPER).member("carol@example.com"),
                        DEFAULTS.withObserveOnly(true),
                        List.of("! create user alice@example.com [ManagementPolicyObserve]",
                                "! add alice@example.com to role \"Administrator\" [ManagementPolicyObserve]")),
                new Row("createUsers: false holds creates, and the role additions that need them",
                        desired().user("alice@example.com", "Administrator").user("bob@example.com", "Administrator"),
                        remote().member("bob@example.com"), DEFAULTS.withProvisioning(false, true, true),
                        List.of("+ add bob@example.com to role \"Administrator\"",
                                "! create user alice@example.com [ProvisioningDisabled]")),
                new Row("deactivateUsers: false holds deactivations",
                        desired().inactive("alice@example.com"),
                        remote().member("owner@example.com", SUPER).member("alice@example.com"),
                        DEFAULTS.withProvisioning(true, true, false),
                        List.of("! deactivate user alice@example.com [ProvisioningDisabled]")),
                new Row("a role the account has no group for is a problem, not a change",
                        desired().user("alice@example.com", "Cloudflare Images"),
                        remote().member("alice@example.com").withoutRoleGroup("Cloudflare Images"), DEFAULTS,
                        List.of()),
                new Row("Minimal Account Access is everyone's: never added or removed",
                        desired().user("alice@example.com", "Minimal Account Access"),
                        remote().member("alice@example.com"), DEFAULTS, List.of()));
    }

    static Stream<Row> rails() {
        return Stream.of(
                new Row("the only Super Administrator is never deprovisioned",
                        desired().inactive("owner@example.com", SUPER),
                        remote().member("owner@example.com", SUPER), DEFAULTS,
                        List.of("! deactivate user owner@example.com [LastSuperAdministrator]")),
                new Row("nor stripped of the role",
                        desired().user("owner@example.com"),
                        remote().member("owner@example.com", SUPER), DEFAULTS,
                        List.of("! remove owner@example.com from role \"" + SUPER + "\" [LastSuperAdministrator]")),
                new Row("with a second Super Administrator, the first can go",
                        desired().inactive("owner@example.com", SUPER).user("deputy@example.com", SUPER),
                        remote().member("owner@example.com", SUPER).member("deputy@example.com", SUPER), DEFAULTS,
                        List.of("- deactivate user owner@example.com")),
                new Row("a Super Administrator added in the same plan counts: the addition goes first",
                        desired().user("owner@example.com").user("deputy@example.com", SUPER),
                        remote().member("owner@example.com", SUPER), DEFAULTS,
                        List.of("+ create user deputy@example.com",
                                "+ add deputy@example.com to role \"" + SUPER + "\"",
                                "- remove owner@example.com from role \"" + SUPER + "\"")),
                new Row("of two Super Administrators both leaving, the last one is held",
                        desired().inactive("a@example.com", SUPER).inactive("b@example.com", SUPER),
                        remote().member("a@example.com", SUPER).member("b@example.com", SUPER), DEFAULTS,
                        List.of("- deactivate user a@example.com",
                                "! deactivate user b@example.com [LastSuperAdministrator]")),
                new Row("a Super Administrator outside SCIM (known) keeps the account safe",
                        desired().user("alice@example.com"),
                        remote().member("owner@example.com").member("alice@example.com", SUPER)
                                .superAdminsOutsideScim("owner@example.com"), DEFAULTS,
                        List.of("- remove alice@example.com from role \"" + SUPER + "\"")),
                new Row("the only Super Administrator, holding it outside SCIM, is not deprovisioned",
                        desired().inactive("owner@example.com"),
                        remote().member("owner@example.com").superAdminsOutsideScim("owner@example.com"), DEFAULTS,
                        List.of("! deactivate user owner@example.com [LastSuperAdministrator]")),
                new Row("removing someone from the role group who also holds it outside SCIM is safe",
                        desired().user("owner@example.com"),
                        remote().member("owner@example.com", SUPER).superAdminsOutsideScim("owner@example.com"),
                        DEFAULTS, List.of("- remove owner@example.com from role \"" + SUPER + "\"")),
                new Row("more deprovisions than the limit hold them all",
                        desired().inactive("a@example.com").inactive("b@example.com").inactive("c@example.com"),
                        remote().member("owner@example.com", SUPER).member("a@example.com").member("b@example.com")
                                .member("c@example.com"), DEFAULTS.withDeprovisionLimit(2),
                        List.of("! deactivate user a@example.com [DeprovisionLimitExceeded]",
                                "! deactivate user b@example.com [DeprovisionLimitExceeded]",
                                "! deactivate user c@example.com [DeprovisionLimitExceeded]")),
                new Row("up to the limit they proceed",
                        desired().inactive("a@example.com").inactive("b@example.com"),
                        remote().member("owner@example.com", SUPER).member("a@example.com").member("b@example.com"),
                        DEFAULTS.withDeprovisionLimit(2),
                        List.of("- deactivate user a@example.com", "- deactivate user b@example.com")),
                new Row("a one-off allowance lets one larger plan through",
                        desired().inactive("a@example.com").inactive("b@example.com").inactive("c@example.com"),
                        remote().member("owner@example.com", SUPER).member("a@example.com").member("b@example.com")
                                .member("c@example.com"), DEFAULTS.withDeprovisionLimit(2).withAllowedDeprovisions(3),
                        List.of("- deactivate user a@example.com", "- deactivate user b@example.com",
                                "- deactivate user c@example.com")),
                new Row("deprovisionLimit 0 holds even one",
                        desired().inactive("a@example.com"),
                        remote().member("owner@example.com", SUPER).member("a@example.com"),
                        DEFAULTS.withDeprovisionLimit(0),
                        List.of("! deactivate user a@example.com [DeprovisionLimitExceeded]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"lifecycle", "rules", "rails"})
    void plans(Row row) {
        Plan plan = Planner.plan(row.desired().build(), row.remote().build(), row.policy());
        assertThat(lines(plan)).containsExactlyElementsOf(row.plan());
    }

    @Test
    void aRoleWithNoGroupIsReportedAsUnknownRole() {
        Plan plan = Planner.plan(desired().user("alice@example.com", "Cloudflare Images").build(),
                remote().member("alice@example.com").withoutRoleGroup("Cloudflare Images").build(), DEFAULTS);
        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).hasToString("UnknownRole");
            assertThat(p.message()).contains("CF-" + Fixture.ACCOUNT + " - Cloudflare Images");
        });
    }

    /** alice@example.com declared with givenName "Alice", externalId "alice" and no familyName. */
    private static DesiredState aliceDeclaredAsAlice() {
        return desired().put(new DesiredUser("alice@example.com", "Alice", null, null, true, true, "alice")).build();
    }

    /** The account with alice@example.com as a member under these profile names. */
    private static RemoteState aliceInTheAccountAs(String givenName, String familyName) {
        return remote().member("alice@example.com").profile("alice@example.com", givenName, familyName).build();
    }

    @Test
    void profileChangesUpdateOnlyWhatTheDeclarationStates() {
        Plan plan = Planner.plan(aliceDeclaredAsAlice(), aliceInTheAccountAs("Ally", "Liddell"), DEFAULTS);
        assertThat(plan.changes()).singleElement().isInstanceOfSatisfying(Change.UpdateUser.class, u -> {
            assertThat(u.update().givenName()).isEqualTo("Alice");
            assertThat(u.update().familyName()).isNull();
            assertThat(u.reason()).isEqualTo("givenName \"Ally\" -> \"Alice\"");
        });
    }

    @Test
    void updateUsersFalseLeavesProfilesAlone() {
        Plan plan = Planner.plan(aliceDeclaredAsAlice(), aliceInTheAccountAs("Ally", null),
                DEFAULTS.withProvisioning(true, false, true));
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void summaryCountsLikeTerraform() {
        Plan plan = Planner.plan(desired().user("a@example.com", "DNS").inactive("b@example.com").build(),
                remote().member("owner@example.com", SUPER).member("b@example.com").build(), DEFAULTS);
        assertThat(plan.summary()).isEqualTo("Plan: 2 to add, 0 to change, 1 to remove, 0 held.");
        assertThat(Planner.plan(desired().build(), remote().build(), DEFAULTS).summary()).isEqualTo("No changes.");
    }

    @Test
    void theSamePlanFromTheSameInputs() {
        Fixture.Desired d = desired().user("b@example.com", "DNS").user("a@example.com", "Administrator", "DNS");
        Plan first = Planner.plan(d.build(), remote().member("c@example.com", "DNS").build(), DEFAULTS);
        Plan second = Planner.plan(d.build(), remote().member("c@example.com", "DNS").build(), DEFAULTS);
        assertThat(first).isEqualTo(second);
        assertThat(lines(first)).containsExactly("+ create user a@example.com", "+ create user b@example.com",
                "+ add a@example.com to role \"Administrator\"", "+ add a@example.com, b@example.com to role \"DNS\"");
    }

    @Test
    void driftIsCorrectedByDefault() {
        DesiredState baseline = desired().user("alice@example.com", "Administrator").build();
        Plan plan = Planner.plan(baseline, remote().member("alice@example.com").build(), DEFAULTS, baseline);
        assertThat(lines(plan)).containsExactly("+ add alice@example.com to role \"Administrator\"");
    }

    @Test
    void driftIsOnlyReportedWithDriftPolicyReport() {
        // Applied before: alice had Administrator; someone removed it in the dashboard, and added DNS.
        DesiredState baseline = desired().user("alice@example.com", "Administrator").build();
        Plan plan = Planner.plan(baseline, remote().member("alice@example.com", "DNS").build(),
                DEFAULTS.withCorrectDrift(false), baseline);
        assertThat(lines(plan)).containsExactly(
                "! add alice@example.com to role \"Administrator\" [DriftReported]",
                "! remove alice@example.com from role \"DNS\" [DriftReported]");
    }

    @Test
    void declaredChangesProceedUnderDriftPolicyReport() {
        DesiredState baseline = desired().user("alice@example.com", "Administrator").build();
        DesiredState now = desired().user("alice@example.com", "Administrator").user("bob@example.com", "DNS").build();
        Plan plan = Planner.plan(now, remote().member("alice@example.com").build(), DEFAULTS.withCorrectDrift(false),
                baseline);
        assertThat(lines(plan)).containsExactly("+ create user bob@example.com",
                "+ add bob@example.com to role \"DNS\"",
                "! add alice@example.com to role \"Administrator\" [DriftReported]");
    }
}
