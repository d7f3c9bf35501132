package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.scim.InMemoryCloudflareAccount.Operation;
import dev.cfscim.scim.InMemoryCloudflareAccount;
import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.ScimException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine over an in-memory Cloudflare: what a scan reads, and when a plan reads members' direct roles. */
class EngineUnitTest extends InMemoryAccountTest {

    @Test
    void aVirtualGroupsScanReadsTheUsersAndTheGroupListOnly() {
        String alice = cf.seedMember("alice@example.com", "DNS", "Administrator");

        RemoteState remote = engine.scan(ACCOUNT);

        assertThat(remote.rolesOf(alice)).containsExactlyInAnyOrder("DNS", "Administrator");
        assertThat(remote.roleGroups()).hasSize(InMemoryCloudflareAccount.ROLES.size());
        assertThat(cf.calls(Operation.LIST_USERS)).isEqualTo(1);
        assertThat(cf.calls(Operation.LIST_GROUPS)).isEqualTo(1);
        assertThat(cf.calls(Operation.LIST_USER_GROUPS)).isZero();
        assertThat(cf.calls(Operation.PERMISSION_GROUPS)).isZero();
        assertThat(cf.calls(Operation.ACCOUNT_MEMBERS)).isZero();
        assertThat(remote.outsideRolesKnown()).isFalse();
    }

    @Test
    void aUserGroupsScanAlsoReadsWhatEachGroupGrantsAndThePermissionGroups() {
        String alice = cf.seedMember("alice@example.com");
        String operators = cf.seedCustomGroup("Operators", Set.of("DNS"), "alice@example.com");

        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);

        assertThat(remote.customGroup("Operators").orElseThrow().roles()).containsExactly("DNS");
        assertThat(remote.customMembers(operators)).containsExactly(alice);
        assertThat(remote.permissionGroupId("DNS")).isPresent();
        assertThat(cf.calls(Operation.LIST_USER_GROUPS)).isEqualTo(1);
        assertThat(cf.calls(Operation.PERMISSION_GROUPS)).isEqualTo(1);
        assertThat(cf.calls(Operation.ACCOUNT_MEMBERS)).isZero();
    }

    @Test
    void aPlanThatOnlyGivesNeverReadsDirectRoles() {
        cf.seedMember("alice@example.com", "DNS");
        RemoteState remote = engine.scan(ACCOUNT);

        Plan plan = plan(Fixture.desired().user("alice@example.com", "DNS", "Administrator")
                .user("bob@example.com", "DNS").build(), remote);

        assertThat(plan.changes()).isNotEmpty().noneMatch(Change::deprovisions);
        assertThat(cf.calls(Operation.ACCOUNT_MEMBERS)).isZero();
        assertThat(remote.outsideRolesKnown()).isFalse();
    }

    @Test
    void aPlanThatDeprovisionsReadsDirectRolesOnceAndThenKnowsThem() {
        cf.seedMember("alice@example.com", "DNS");
        RemoteState remote = engine.scan(ACCOUNT);
        DesiredState desired = Fixture.desired().inactive("alice@example.com").build();

        Plan plan = plan(desired, remote);
        Plan again = plan(desired, remote);

        assertThat(plan.changes()).anyMatch(Change::deprovisions);
        assertThat(again.changes()).isEqualTo(plan.changes());
        assertThat(cf.calls(Operation.ACCOUNT_MEMBERS)).isEqualTo(1);
        assertThat(remote.outsideRolesKnown()).isTrue();
    }

    @Test
    void takingSuperAdministratorAwayGoesAheadOnceTheOwnerIsKnownToHoldItOutsideScim() {
        cf.seedMember("alice@example.com", SUPER);
        RemoteState remote = engine.scan(ACCOUNT);

        Plan plan = plan(Fixture.desired().user("alice@example.com", "DNS").build(), remote);

        assertThat(cf.calls(Operation.ACCOUNT_MEMBERS)).isEqualTo(1);
        assertThat(plan.held()).isEmpty();
        assertThat(plan.changes()).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(Change.RemoveMembers.class,
                remove -> assertThat(remove.role()).isEqualTo(SUPER)));

        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(result.complete()).isTrue();
        assertThat(cf.rolesOf("alice@example.com")).containsExactly("DNS");
        assertThat(cf.rolesOf(OWNER)).containsExactly(SUPER);
    }

    @Test
    void aUserGroupsPlanThatStopsAGroupGrantingSuperAdministratorReadsTheOwnerOutsideScimFirst() {
        cf.seedMember("alice@example.com");
        cf.seedCustomGroup("Admins", Set.of(SUPER), "alice@example.com");
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);

        // The group keeps alice but grants DNS instead: SetGroupRoles takes Super Administrator
        // away from its only member in SCIM, while the owner still holds it directly.
        Plan plan = plan(Fixture.desired().user("alice@example.com", "DNS")
                .group("Admins", List.of("alice@example.com"), "DNS").buildUserGroups(), remote);

        assertThat(cf.calls(Operation.ACCOUNT_MEMBERS)).isEqualTo(1);
        assertThat(plan.held()).as("the owner outside SCIM keeps the role").isEmpty();
        assertThat(plan.changes()).anySatisfy(c -> assertThat(c).isInstanceOf(Change.SetGroupRoles.class));
    }

    @Test
    void aUserGroupsPlanThatEmptiesAGroupGrantingSuperAdministratorReadsTheOwnerOutsideScimFirst() {
        cf.seedMember("alice@example.com");
        cf.seedCustomGroup("Admins", Set.of(SUPER), "alice@example.com");
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);

        Plan plan = plan(Fixture.desired().user("alice@example.com")
                .group("Admins", List.of(), SUPER).buildUserGroups(), remote);

        assertThat(cf.calls(Operation.ACCOUNT_MEMBERS)).isEqualTo(1);
        assertThat(plan.held()).isEmpty();
        assertThat(plan.changes()).anySatisfy(c -> assertThat(c).isInstanceOf(Change.RemoveGroupMembers.class));
    }

    @Test
    void directRolesTheTokenMayNotReadLeaveTheLastSuperAdministratorInScimHeld() {
        cf.seedMember("alice@example.com", SUPER);
        RemoteState remote = engine.scan(ACCOUNT);
        cf.failOn(Operation.ACCOUNT_MEMBERS, 1, ScimException.Kind.INVALID_CREDENTIALS);

        Plan plan = plan(Fixture.desired().user("alice@example.com", "DNS").build(), remote);

        assertThat(remote.outsideRolesKnown()).isTrue();
        assertThat(plan.held()).singleElement().satisfies(h ->
                assertThat(h.reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR));
        assertThat(cf.calls(Operation.ACCOUNT_MEMBERS)).isEqualTo(1);
    }

    @Test
    void anOutageReadingDirectRolesFailsThePlan() {
        cf.seedMember("alice@example.com", "DNS");
        RemoteState remote = engine.scan(ACCOUNT);
        cf.failOn(Operation.ACCOUNT_MEMBERS, 1, ScimException.Kind.TRANSIENT);

        assertThatThrownBy(() -> plan(Fixture.desired().inactive("alice@example.com").build(), remote))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.kind())
                        .isEqualTo(ScimException.Kind.TRANSIENT));
        assertThat(remote.outsideRolesKnown()).isFalse();
    }

    @Test
    void anAppliedPlanLeavesNothingForTheNextScanToDo() {
        cf.seedMember("carol@example.com", "Administrator");
        DesiredState desired = Fixture.desired().user("alice@example.com", "DNS", "Administrator")
                .user("bob@example.com", "Administrator Read Only").inactive("carol@example.com").build();
        RemoteState remote = engine.scan(ACCOUNT);

        Applier.Result result = engine.apply(plan(desired, remote), remote, Applier.Listener.NONE);

        assertThat(result.complete()).isTrue();
        assertThat(plan(desired, remote).changes()).as("the state the applier kept current").isEmpty();
        assertThat(plan(desired, engine.scan(ACCOUNT)).changes()).as("a fresh scan agrees").isEmpty();
        assertThat(cf.member("carol@example.com")).isEmpty();
        assertThat(cf.members()).extracting(RemoteUser::userName)
                .containsExactlyInAnyOrder(OWNER, "alice@example.com", "bob@example.com");
        assertThat(List.of(cf.rolesOf("alice@example.com"), cf.rolesOf("bob@example.com")))
                .containsExactly(Set.of("Administrator", "DNS"), Set.of("Administrator Read Only"));
    }
}
