package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import static dev.cfscim.plan.Fixture.SUPER;
import static dev.cfscim.plan.Fixture.desired;
import static dev.cfscim.plan.Fixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner in the user-groups model: pushed groups, their members, their policies, and the rails. */
class UserGroupsPlannerTest {

    static final PlanPolicy DEFAULTS = PlanPolicy.defaults();

    private static Fixture.Remote remote() {
        return Fixture.Remote.userGroups();
    }

    @Test
    void fromEmptyCreatesUsersThenGroupsThenTheirPoliciesThenTheirMembers() {
        Plan plan = Planner.plan(desired().user("alice@example.com").user("bob@example.com")
                .group("Platform Admins", List.of("alice@example.com", "bob@example.com"), "Administrator", "DNS")
                .buildUserGroups(), remote().member("owner@example.com").build(), DEFAULTS);

        // A member never joins a user group before it grants its roles: create, policy, then members.
        assertThat(lines(plan)).containsExactly(
                "+ create user alice@example.com",
                "+ create user bob@example.com",
                "+ create group \"Platform Admins\"",
                "+ set the roles of group \"Platform Admins\" to Administrator, DNS",
                "+ add alice@example.com, bob@example.com to group \"Platform Admins\"");
    }

    @Test
    void aSameNameUserGroupCfscimDidNotPushIsAdoptedThenConverged() {
        Plan plan = Planner.plan(desired().user("alice@example.com").user("bob@example.com")
                        .group("Platform Admins", List.of("alice@example.com", "bob@example.com"), "Administrator")
                        .buildUserGroups(),
                remote().member("alice@example.com").member("bob@example.com")
                        .handMadeGroup("g7", "platform admins", List.of("alice@example.com"), "Administrator").build(),
                DEFAULTS);

        assertThat(lines(plan)).containsExactly(
                "~ adopt group \"platform admins\"",
                "+ add bob@example.com to group \"platform admins\"");
        assertThat(plan.changes().get(0)).isEqualTo(new Change.AdoptGroup("g7", "platform admins",
                "a user group of this name exists that cfscim did not push"));
        assertThat(plan.changes()).noneMatch(c -> c instanceof Change.CreateGroup);
        RemoteState after = Fixture.simulate(plan, remote().member("alice@example.com").member("bob@example.com")
                .handMadeGroup("g7", "platform admins", List.of("alice@example.com"), "Administrator").build());
        assertThat(after.customGroupById("g7").orElseThrow().pushedByCfscim()).isTrue();
    }

    @Test
    void membersAndPoliciesConvergeOnAnExistingGroup() {
        Plan plan = Planner.plan(desired().user("alice@example.com").user("bob@example.com").user("carol@example.com")
                        .group("Platform Admins", List.of("alice@example.com", "carol@example.com"), "Administrator")
                        .buildUserGroups(),
                remote().member("alice@example.com").member("bob@example.com").member("carol@example.com")
                        .customGroup("g1", "Platform Admins", List.of("alice@example.com", "bob@example.com"),
                                "Administrator Read Only").build(), DEFAULTS);

        // Least privilege at every step: bob leaves before the new policy could reach him, and carol
        // joins only once the group no longer grants Administrator Read Only, which Git does not give her.
        assertThat(lines(plan)).containsExactly(
                "- remove bob@example.com from group \"Platform Admins\"",
                "~ set the roles of group \"Platform Admins\" to Administrator",
                "+ add carol@example.com to group \"Platform Admins\"");
    }

    @Test
    void aDeclaredGroupNoBindingUsesIsDeletedAndUndeclaredOnesAreLeftAlone() {
        Plan plan = Planner.plan(desired().user("alice@example.com").unboundGroup("Old Team").buildUserGroups(),
                remote().member("alice@example.com")
                        .customGroup("g1", "Old Team", List.of("alice@example.com"), "DNS")
                        .handMadeGroup("g2", "Made By Hand", List.of("alice@example.com"), "Billing").build(),
                DEFAULTS);

        assertThat(lines(plan)).containsExactly("- delete group \"Old Team\"");
    }

    /** A team disbanded the GitOps way: its ScimGroup and binding deleted. What cfscim pushed, it takes back. */
    @Test
    void aGroupThisAppPushedThatNoScimGroupDeclaresAnyMoreIsDeletedAndHandMadeOnesStay() {
        RemoteState remote = remote().member("alice@example.com").member("bob@example.com")
                .customGroup("g1", "DNS Team", List.of("alice@example.com", "bob@example.com"), "DNS")
                .handMadeGroup("g2", "Made By Hand", List.of("alice@example.com"), "Billing").build();

        Plan plan = Planner.plan(desired().user("alice@example.com").user("bob@example.com").buildUserGroups(), remote,
                DEFAULTS);

        assertThat(lines(plan)).containsExactly("- delete group \"DNS Team\"");
        assertThat(plan.changes()).singleElement().extracting(Change::reason)
                .isEqualTo("pushed by this app; no ScimGroup declares it any more");
        RemoteState after = Fixture.simulate(plan, remote);
        assertThat(after.customGroup("DNS Team")).isEmpty();
        assertThat(after.customGroup("Made By Hand")).isPresent();
    }

    @Test
    void deletingAPushedGroupGoesThroughTheRoleRemovalBrake() {
        RemoteState remote = remote().member("alice@example.com").member("bob@example.com").member("carol@example.com")
                .customGroup("g1", "DNS Team", List.of("alice@example.com", "bob@example.com", "carol@example.com"),
                        "DNS").build();

        Plan plan = Planner.plan(desired().user("alice@example.com").user("bob@example.com").user("carol@example.com")
                .buildUserGroups(), remote, DEFAULTS.withRoleRemovalLimit(2));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.held()).singleElement().satisfies(h -> {
            assertThat(h.change()).isInstanceOf(Change.DeleteGroup.class);
            assertThat(h.reason()).isEqualTo(Reason.ROLE_REMOVAL_LIMIT_EXCEEDED);
        });
    }

    @Test
    void anotherAppsGroupOfADeclaredNameIsNeitherJoinedNorChangedNorDeleted() {
        RemoteState remote = remote().member("alice@example.com").member("bob@example.com")
                .customGroup("g1", "SRE", List.of("bob@example.com"), "DNS").build();
        remote.putCustomGroup(remote.customGroupById("g1").orElseThrow().withExternalId("cfscim:team-b/cloudflare"));

        Plan plan = Planner.plan(desired().user("alice@example.com").user("bob@example.com")
                        .group("SRE", List.of("alice@example.com"), "Administrator").buildUserGroups(), remote,
                DEFAULTS, null, new Owner("cfscim:team-a/cloudflare"));

        assertThat(plan.changes()).as("no change names the group: ~ claim user lines only")
                .allMatch(c -> c.pushedGroup() == null);
        assertThat(plan.problems()).anySatisfy(p -> {
            assertThat(p.reason()).isEqualTo(Reason.OWNED_ELSEWHERE);
            assertThat(p.message()).contains("'SRE'", "team-b/cloudflare");
        });
    }

    @Test
    void aRenamedScimGroupIsFoundByItsStoredIdAndRenamedNotPushedAgain() {
        DesiredState declared = new DesiredState(Fixture.ACCOUNT,
                desired().user("alice@example.com").build().users(), java.util.Map.of(), List.of(),
                DesiredState.Model.USER_GROUPS, java.util.Map.of("SRE", new DesiredGroup("SRE",
                        Set.of("alice@example.com"), Set.of("Administrator"), "g1")), Set.of("SRE"));

        Plan plan = Planner.plan(declared, remote().member("alice@example.com")
                .customGroup("g1", "Platform Admins", List.of("alice@example.com"), "Administrator").build(), DEFAULTS);

        assertThat(lines(plan)).containsExactly("~ rename group \"Platform Admins\" to \"SRE\"");
    }

    @Test
    void aRoleTheAccountCannotGrantIsAProblemNotAPolicy() {
        Plan plan = Planner.plan(desired().user("alice@example.com")
                .group("Imagers", List.of("alice@example.com"), "Cloudflare Imagez", "DNS").buildUserGroups(),
                remote().member("alice@example.com").build(), DEFAULTS);

        assertThat(lines(plan)).containsExactly("+ create group \"Imagers\"",
                "+ set the roles of group \"Imagers\" to DNS", "+ add alice@example.com to group \"Imagers\"");
        assertThat(plan.problems()).extracting(p -> p.reason().toString()).containsExactly("UnknownRole");
    }

    @Test
    void aGroupNameCloudflareKeepsIsAProblemAndAMigrationLeavesItsMembersTheirVirtualRole() {
        // Mid-migration: alice still holds Administrator through Cloudflare's virtual group.
        Fixture.Remote transition = Fixture.remote().withPermissionGroups().member("alice@example.com", "Administrator");

        Plan plan = Planner.plan(desired().user("alice@example.com")
                .group("CF Admins", List.of("alice@example.com"), "Administrator").buildUserGroups(),
                transition.build(), DEFAULTS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(Reason.RESERVED_GROUP_NAME);
            assertThat(p.subject()).isEqualTo("CF Admins");
            assertThat(p.message()).contains("begins with CF").contains("spec.displayName");
        });
        assertThat(plan.held()).singleElement().satisfies(h -> {
            assertThat(h.reason()).isEqualTo(Reason.ROLE_NOT_YET_GRANTED);
            assertThat(h.change().summary()).contains("alice@example.com").contains("Administrator");
        });
    }

    @Test
    void theOnlySuperAdministratorThroughAGroupKeepsItsMembershipAndThePolicy() {
        Fixture.Remote account = remote().member("owner@example.com")
                .customGroup("g1", "Break Glass", List.of("owner@example.com"), SUPER);

        Plan removal = Planner.plan(desired().user("owner@example.com").group("Break Glass", List.of(), SUPER)
                .buildUserGroups(), account.build(), DEFAULTS);
        Plan policy = Planner.plan(desired().user("owner@example.com")
                .group("Break Glass", List.of("owner@example.com"), "Administrator").buildUserGroups(),
                account.build(), DEFAULTS);
        Plan deletion = Planner.plan(desired().user("owner@example.com").unboundGroup("Break Glass")
                .buildUserGroups(), account.build(), DEFAULTS);
        Plan deprovision = Planner.plan(desired().inactive("owner@example.com")
                .group("Break Glass", List.of("owner@example.com"), SUPER).buildUserGroups(), account.build(), DEFAULTS);

        assertThat(lines(removal)).containsExactly(
                "! remove owner@example.com from group \"Break Glass\" [LastSuperAdministrator]");
        assertThat(lines(policy)).containsExactly(
                "! set the roles of group \"Break Glass\" to Administrator [LastSuperAdministrator]");
        assertThat(lines(deletion)).containsExactly("! delete group \"Break Glass\" [LastSuperAdministrator]");
        assertThat(lines(deprovision)).containsExactly(
                "! deactivate user owner@example.com [LastSuperAdministrator]");
    }

    @Test
    void aSecondSuperAdministratorGrantedInTheSamePlanLetsTheFirstGo() {
        Plan plan = Planner.plan(desired().user("owner@example.com").user("deputy@example.com")
                        .group("Break Glass", List.of("deputy@example.com"), SUPER).buildUserGroups(),
                remote().member("owner@example.com").member("deputy@example.com")
                        .customGroup("g1", "Break Glass", List.of("owner@example.com"), SUPER).build(), DEFAULTS);

        assertThat(lines(plan)).containsExactly("+ add deputy@example.com to group \"Break Glass\"",
                "- remove owner@example.com from group \"Break Glass\"");
    }

    @Test
    void applyingThePlanYieldsTheDeclaredGroupsAndTheNextPlanIsEmpty() {
        DesiredState declared = desired().user("a@example.com").user("b@example.com").user("c@example.com")
                .inactive("d@example.com")
                .group("Admins", List.of("a@example.com", "d@example.com"), "Administrator")
                .group("Readers", List.of("b@example.com", "c@example.com"), "Administrator Read Only", "DNS")
                .unboundGroup("Retired").buildUserGroups();
        RemoteState account = remote().member("owner@example.com", SUPER).member("b@example.com")
                .member("d@example.com")
                .customGroup("g1", "Readers", List.of("b@example.com", "d@example.com"), "DNS")
                .customGroup("g2", "Retired", List.of("b@example.com"), "Billing").build();

        Plan plan = Planner.plan(declared, account, DEFAULTS);
        RemoteState after = Fixture.simulate(plan, account);

        assertThat(after.customGroup("Admins").map(CustomGroup::roles)).contains(Set.of("Administrator"));
        assertThat(after.customGroup("Readers").map(CustomGroup::roles))
                .contains(Set.of("Administrator Read Only", "DNS"));
        assertThat(after.customGroup("Retired")).isEmpty();
        assertThat(after.user("d@example.com").orElseThrow().active()).isFalse();
        assertThat(Planner.plan(declared, after, DEFAULTS).isEmpty()).isTrue();
    }

    @Test
    void aVirtualGroupsAppOnAnAccountWithoutThemIsToldPlainly() {
        Plan plan = Planner.plan(desired().user("alice@example.com", "Administrator").build(),
                remote().member("alice@example.com").build(), DEFAULTS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.blockingProblem()).hasValueSatisfying(p -> {
            assertThat(p.reason()).hasToString("VirtualGroupsUnavailable");
            assertThat(p.message()).contains("2 December 2025").contains("groupMode: UserGroups");
        });
    }
}
