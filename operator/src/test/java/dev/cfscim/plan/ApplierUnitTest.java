package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.scim.InMemoryCloudflareAccount.Operation;
import dev.cfscim.scim.InMemoryCloudflareAccount;
import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.ScimException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The applier over an in-memory Cloudflare: adoption on 409, lost answers, silent refusals, partial failures. */
class ApplierUnitTest extends InMemoryAccountTest {

    /** user1..user5@example.com, each with DNS. */
    private static DesiredState fiveNewUsersWithDns() {
        Fixture.Desired declared = Fixture.desired();
        for (int i = 1; i <= 5; i++) {
            declared.user("user" + i + "@example.com", "DNS");
        }
        return declared.build();
    }

    private static List<String> userNames(List<RemoteUser> users) {
        return users.stream().map(RemoteUser::userName).toList();
    }

    @Test
    void aCreateThatMeetsTheUserAlreadyThereAdoptsIt() {
        RemoteState remote = engine.scan(ACCOUNT);
        // Provisioned since the scan (by a run whose answer was lost, say): the create answers 409.
        String existing = cf.seedMember("alice@example.com");
        Plan plan = plan(Fixture.desired().user("alice@example.com", "DNS").build(), remote);

        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(result.complete()).isTrue();
        assertThat(result.applied()).hasSize(plan.changes().size());
        assertThat(userNames(cf.members())).containsExactly(OWNER, "alice@example.com");
        assertThat(remote.user("alice@example.com").orElseThrow().id()).isEqualTo(existing);
        assertThat(cf.rolesOf("alice@example.com")).containsExactly("DNS");
        assertThat(cf.calls(Operation.CREATE_USER)).isEqualTo(1);
        assertThat(cf.calls(Operation.FIND_USER)).isEqualTo(1);
    }

    /**
     * A member this app claims is tagged before it is given anything: when the claim fails, its
     * grants in the same run are not sent (untagged, it would not leave as a stray if its ScimUser
     * were deleted before its finalizer); the next run claims, then grants.
     */
    @Test
    void aMemberWhoseClaimFailsIsGivenNothingUntilTheClaimLands() {
        Engine owned = new Engine(cf, cf, new Owner(Owner.PREFIX + "cfscim/acme-prod"));
        cf.seedMember("alice@example.com");
        DesiredState desired = Fixture.desired().user("alice@example.com", "DNS").build();
        RemoteState remote = owned.scan(ACCOUNT);
        Plan plan = owned.plan(desired, remote, PlanPolicy.defaults(), null);
        cf.failOn(Operation.UPDATE_USER, 1, ScimException.Kind.PERMANENT);

        Applier.Result failed = owned.apply(plan, remote, Applier.Listener.NONE);

        assertThat(cf.calls(Operation.UPDATE_USER)).as("the claim was sent").isEqualTo(1);
        assertThat(cf.rolesOf("alice@example.com")).as("no grant to an unclaimed member").isEmpty();
        assertThat(failed.failed()).extracting(f -> f.message()).anySatisfy(m -> assertThat(m).contains("was not claimed"));

        RemoteState again = owned.scan(ACCOUNT);
        Applier.Result retried = owned.apply(owned.plan(desired, again, PlanPolicy.defaults(), null), again,
                Applier.Listener.NONE);

        assertThat(retried.complete()).isTrue();
        assertThat(cf.member("alice@example.com").orElseThrow().externalId()).isEqualTo("cfscim:cfscim/acme-prod");
        assertThat(cf.rolesOf("alice@example.com")).containsExactly("DNS");
    }

    @Test
    void aCreateThatMeetsADeprovisionedUserReactivatesIt() {
        cf.keepDeprovisionedVisible();
        RemoteState remote = engine.scan(ACCOUNT);
        String bob = cf.seedMember("bob@example.com");
        cf.setActive(bob, false);
        Plan plan = plan(Fixture.desired().user("bob@example.com", "DNS").build(), remote);

        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(result.complete()).isTrue();
        assertThat(cf.member("bob@example.com").orElseThrow().active()).isTrue();
        assertThat(remote.user("bob@example.com").orElseThrow().id()).isEqualTo(bob);
        assertThat(userNames(cf.members())).containsExactly(OWNER, "bob@example.com");
        assertThat(cf.rolesOf("bob@example.com")).containsExactly("DNS");
        assertThat(cf.calls(Operation.SET_ACTIVE)).as("the deprovision above, then the reactivation").isEqualTo(2);
    }

    @Test
    void aCreateWhoseAnswerIsLostStopsTheRunAndTheRetryAdoptsIt() {
        RemoteState remote = engine.scan(ACCOUNT);
        Plan plan = plan(Fixture.desired().user("alice@example.com", "DNS").build(), remote);
        cf.loseAnswer(Operation.CREATE_USER, 1);

        Applier.Result lost = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(lost.aborted()).isNotNull().satisfies(e -> assertThat(e.kind()).isEqualTo(ScimException.Kind.TRANSIENT));
        assertThat(lost.applied()).isEmpty();
        assertThat(lost.failed()).extracting(Applier.Failure::change).containsExactly(plan.changes().get(0));
        assertThat(lost.stale()).isTrue();
        assertThat(cf.member("alice@example.com")).as("the write landed").isPresent();

        Applier.Result retried = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(retried.complete()).isTrue();
        assertThat(userNames(cf.members())).containsExactly(OWNER, "alice@example.com");
        assertThat(cf.rolesOf("alice@example.com")).containsExactly("DNS");
        assertThat(cf.calls(Operation.CREATE_USER)).isEqualTo(2);
    }

    @Test
    void aGroupCreateWhoseAnswerIsLostIsAdoptedWithItsMembers() {
        String alice = cf.seedMember("alice@example.com");
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);
        DesiredState desired = Fixture.desired().user("alice@example.com")
                .group("Operators", List.of("alice@example.com"), "DNS").buildUserGroups();
        Plan plan = plan(desired, remote);
        assertThat(plan.changes()).hasAtLeastOneElementOfType(Change.CreateGroup.class);
        cf.loseAnswer(Operation.CREATE_GROUP, 1);

        assertThat(engine.apply(plan, remote, Applier.Listener.NONE).aborted()).isNotNull();
        Applier.Result retried = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(retried.complete()).isTrue();
        assertThat(cf.calls(Operation.CREATE_GROUP)).isEqualTo(2);
        assertThat(cf.calls(Operation.FIND_GROUP)).isEqualTo(1);
        String adopted = cf.group("Operators").orElseThrow().id();
        assertThat(remote.customGroup("Operators").orElseThrow().id()).isEqualTo(adopted);
        assertThat(remote.customMembers(adopted)).containsExactly(alice);
        assertThat(cf.group("Operators").orElseThrow().memberIds()).containsExactly(alice);
        assertThat(cf.rolesOf("alice@example.com")).containsExactly("DNS");
    }

    @Test
    void nobodyJoinsANewGroupWhosePolicyFailed() {
        cf.seedMember("alice@example.com");
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);
        Plan plan = plan(Fixture.desired().user("alice@example.com")
                .group("Operators", List.of("alice@example.com"), "DNS").buildUserGroups(), remote);
        cf.failOn(Operation.SET_POLICIES, 1, ScimException.Kind.PERMANENT);

        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(result.applied()).extracting(Change::action).containsExactly(Change.Action.CREATE_GROUP);
        assertThat(result.failed()).extracting(f -> f.change().action())
                .containsExactly(Change.Action.SET_GROUP_ROLES, Change.Action.ADD_GROUP_MEMBERS);
        assertThat(result.failed().get(1).message()).contains("does not grant its roles yet");
        assertThat(cf.group("Operators").orElseThrow().memberIds()).as("alice never sits in a group granting nothing")
                .isEmpty();
        assertThat(cf.calls(Operation.ADD_MEMBERS)).isZero();
    }

    @Test
    void aRemovalWhoseNamesResolveToNothingIsNotCountedAsApplied() {
        cf.seedMember("alice@example.com", "DNS");
        RemoteState remote = engine.scan(ACCOUNT);
        String groupId = remote.roleGroup("DNS").orElseThrow().id();
        List<Change> told = new java.util.ArrayList<>();
        // Planned from a state in which these were members; gone since (another writer, say).
        Plan plan = new Plan(ACCOUNT, List.of(
                new Change.RemoveMembers("DNS", groupId, List.of("gone@example.com", "left@example.com"), "no binding"),
                new Change.RemoveMembers("DNS", groupId, List.of("alice@example.com", "gone@example.com"), "no binding")),
                List.of(), List.of());

        Applier.Result result = engine.apply(plan, remote, new Applier.Listener() {
            @Override
            public void applied(Change change) {
                told.add(change);
            }
        });

        assertThat(result.applied()).as("only what was sent, with only the names it was sent for")
                .containsExactly(new Change.RemoveMembers("DNS", groupId, List.of("alice@example.com"), "no binding"));
        assertThat(told).isEqualTo(result.applied());
        assertThat(result.failed()).extracting(Applier.Failure::message).containsExactly(
                "gone@example.com is not a member of the account", "left@example.com is not a member of the account",
                "gone@example.com is not a member of the account");
        assertThat(cf.calls(Operation.REMOVE_MEMBERS)).isEqualTo(1);
        assertThat(cf.rolesOf("alice@example.com")).isEmpty();
    }

    @Test
    void theOnlySuperAdministratorsDeprovisionAnsweredAsSuccessIsReportedAsHeld() {
        InMemoryCloudflareAccount alone = new InMemoryCloudflareAccount(ACCOUNT);
        String owner = alone.seedMember(OWNER, SUPER);
        Engine blindEngine = new Engine(alone, alone);
        RemoteState remote = blindEngine.scan(ACCOUNT);
        // What a planner blind to the rail would send.
        Plan blind = new Plan(ACCOUNT, List.of(new Change.DeactivateUser(owner, OWNER, "active: false")), List.of(),
                List.of());

        Applier.Result result = blindEngine.apply(blind, remote, Applier.Listener.NONE);

        assertThat(result.applied()).isEmpty();
        assertThat(result.failed()).isEmpty();
        assertThat(result.held()).singleElement().satisfies(h -> {
            assertThat(h.reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR);
            assertThat(h.message()).contains("answered success but kept " + OWNER + " active");
        });
        assertThat(remote.user(OWNER).orElseThrow().active()).isTrue();
        assertThat(alone.member(OWNER).orElseThrow().active()).isTrue();
        assertThat(alone.calls(Operation.SET_ACTIVE)).isEqualTo(1);
    }

    @Test
    void aDeprovisionRefusedSilentlyOrWithAnErrorIsHeldAndTheRestApplies() {
        cf.seedMember("bob@example.com", "DNS");
        cf.seedMember("carol@example.com", "DNS");
        RemoteState remote = engine.scan(ACCOUNT);
        Plan plan = plan(Fixture.desired().inactive("bob@example.com").inactive("carol@example.com")
                .user("dave@example.com").build(), remote);
        cf.refuseSilently(Operation.SET_ACTIVE, 1);
        cf.failOn(Operation.SET_ACTIVE, 2, ScimException.Kind.PERMANENT);

        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(result.held()).hasSize(2).allSatisfy(h -> {
            assertThat(h.reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR);
            assertThat(h.change()).isInstanceOf(Change.DeactivateUser.class);
        });
        assertThat(result.held().get(1).message()).startsWith("Cloudflare refused to deprovision");
        assertThat(result.failed()).isEmpty();
        assertThat(result.applied()).singleElement().isInstanceOf(Change.CreateUser.class);
        assertThat(cf.member("bob@example.com").orElseThrow().active()).isTrue();
        assertThat(cf.member("carol@example.com").orElseThrow().active()).isTrue();
        assertThat(remote.user("bob@example.com").orElseThrow().active()).isTrue();
    }

    @Test
    void aRefusedCreateFailsAloneAndTheNextRunAppliesOnlyWhatIsLeft() {
        RemoteState remote = engine.scan(ACCOUNT);
        DesiredState desired = fiveNewUsersWithDns();
        Plan plan = plan(desired, remote);
        cf.failOn(Operation.CREATE_USER, 3, ScimException.Kind.PERMANENT);

        Applier.Result first = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(first.aborted()).isNull();
        assertThat(first.failed()).extracting(f -> f.change().summary())
                .anySatisfy(s -> assertThat(s).contains("user3@example.com"));
        assertThat(first.applied()).filteredOn(c -> c instanceof Change.CreateUser).hasSize(4);
        assertThat(cf.member("user3@example.com")).isEmpty();
        assertThat(cf.rolesOf("user4@example.com")).containsExactly("DNS");

        Plan rest = plan(desired, remote);
        Applier.Result second = engine.apply(rest, remote, Applier.Listener.NONE);

        assertThat(rest.changes()).allSatisfy(c -> assertThat(c.summary()).contains("user3@example.com"));
        assertThat(second.complete()).isTrue();
        assertThat(cf.calls(Operation.CREATE_USER)).as("each user created once, the refused one retried").isEqualTo(6);
        assertThat(cf.members()).hasSize(6);
        for (int i = 1; i <= 5; i++) {
            assertThat(cf.rolesOf("user" + i + "@example.com")).containsExactly("DNS");
        }
    }

    @Test
    void anOutageOnTheNthCreateStopsTheRunAndAFreshRunFinishesWithoutRepeating() {
        RemoteState remote = engine.scan(ACCOUNT);
        DesiredState desired = fiveNewUsersWithDns();
        cf.failOn(Operation.CREATE_USER, 3, ScimException.Kind.TRANSIENT);

        Applier.Result stopped = engine.apply(plan(desired, remote), remote, Applier.Listener.NONE);

        assertThat(stopped.aborted()).isNotNull();
        assertThat(stopped.stale()).isTrue();
        assertThat(stopped.applied()).hasSize(2).allSatisfy(c -> assertThat(c).isInstanceOf(Change.CreateUser.class));
        assertThat(stopped.failed()).hasSize(1);
        assertThat(cf.calls(Operation.CREATE_USER)).as("nothing attempted after the outage").isEqualTo(3);
        assertThat(cf.calls(Operation.ADD_MEMBERS)).isZero();

        RemoteState rescanned = engine.scan(ACCOUNT);
        Applier.Result resumed = engine.apply(plan(desired, rescanned), rescanned, Applier.Listener.NONE);

        assertThat(resumed.complete()).isTrue();
        assertThat(resumed.applied()).filteredOn(c -> c instanceof Change.CreateUser).hasSize(3);
        assertThat(cf.calls(Operation.CREATE_USER)).isEqualTo(6);
        assertThat(cf.members()).hasSize(6);
        assertThat(plan(desired, engine.scan(ACCOUNT)).changes()).isEmpty();
    }
}
