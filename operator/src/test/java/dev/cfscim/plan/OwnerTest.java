package dev.cfscim.plan;

import static dev.cfscim.plan.Fixture.SUPER;
import static dev.cfscim.plan.Fixture.desired;
import static dev.cfscim.plan.Fixture.lines;
import static dev.cfscim.plan.Fixture.remote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.scim.RemoteUser;
import org.junit.jupiter.api.Test;

/**
 * Two writers on one account: creates carry their owner's tag, and unmanagedUsers: Deprovision
 * spares other owners' members.
 */
class OwnerTest extends InMemoryAccountTest {

    private static final Owner TEAM_A = new Owner("cfscim:team-a/cloudflare");
    private static final PlanPolicy DEPROVISION_UNMANAGED = PlanPolicy.defaults().withDeprovisionUnmanaged(true);

    private static RemoteState withExternalId(RemoteState state, String userName, String externalId) {
        RemoteUser u = state.user(userName).orElseThrow();
        state.putUser(new RemoteUser(u.id(), u.userName(), u.givenName(), u.familyName(), externalId, u.active(),
                u.groupIds()));
        return state;
    }

    @Test
    void unmanagedMembersAnotherOwnerClaimsAreLeftAloneWithOneWarning() {
        RemoteState state = remote().member("owner@example.com", SUPER).member("alice@example.com")
                .member("bob@example.com").member("carol@example.com").member("dave@example.com")
                .member("erin@example.com").build();
        withExternalId(state, "bob@example.com", "cfscim:team-b/cloudflare");
        withExternalId(state, "carol@example.com", "00u1abcdEFGH5678");
        withExternalId(state, "dave@example.com", TEAM_A.tag());
        withExternalId(state, "erin@example.com", "");

        Plan plan = Planner.plan(desired().user("alice@example.com").build(), state, DEPROVISION_UNMANAGED, null,
                TEAM_A);

        assertThat(lines(plan)).as("ours (tagged or untagged) leave; another ScimApp's and Okta's stay; the declared "
                        + "member is claimed")
                .containsExactly(
                        "~ update user alice@example.com",
                        "- deactivate user dave@example.com",
                        "- deactivate user erin@example.com",
                        "! deactivate user owner@example.com [LastSuperAdministrator]");
        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(Reason.OWNED_ELSEWHERE);
            assertThat(p.message()).startsWith("2 member(s)")
                    .contains("bob@example.com (externalId \"cfscim:team-b/cloudflare\")",
                            "carol@example.com (externalId \"00u1abcdEFGH5678\")");
        });
    }

    @Test
    void aDeclaredUserWithNoExternalIdShowsNoDriftAgainstItsOwnersTag() {
        RemoteState state = withExternalId(remote().member("alice@example.com").build(), "alice@example.com",
                TEAM_A.tag());

        Plan plan = Planner.plan(desired().user("alice@example.com").build(), state, PlanPolicy.defaults(), null,
                TEAM_A);

        assertThat(plan.changes()).isEmpty();
        assertThat(ProfileDiff.of(new DesiredUser("alice@example.com", null, null, null, true, true, "alice"),
                state.user("alice@example.com").orElseThrow(), TEAM_A)).isEmpty();
    }

    @Test
    void createsCarryTheOwnersTagWithTheDeclaredExternalIdAfterIt() {
        Engine tagged = new Engine(cf, cf, TEAM_A);
        RemoteState remote = tagged.scan(ACCOUNT);
        DesiredState declared = desired().user("alice@example.com")
                .put(new DesiredUser("bob@example.com", null, null, "okta-123", true, true, "bob")).build();

        Applier.Result result = tagged.apply(tagged.plan(declared, remote, PlanPolicy.defaults(), null), remote,
                Applier.Listener.NONE);

        assertThat(result.complete()).isTrue();
        assertThat(cf.member("alice@example.com").orElseThrow().externalId()).isEqualTo("cfscim:team-a/cloudflare");
        assertThat(cf.member("bob@example.com").orElseThrow().externalId())
                .isEqualTo("cfscim:team-a/cloudflare#okta-123");
        assertThat(Owner.declaredPart("cfscim:team-a/cloudflare#okta-123")).isEqualTo("okta-123");
        assertThat(Owner.declaredPart("cfscim:team-a/cloudflare")).isNull();
        assertThat(Owner.declaredPart("00u1okta")).isEqualTo("00u1okta");
        assertThat(tagged.plan(declared, tagged.scan(ACCOUNT), PlanPolicy.defaults(), null).changes())
                .as("a fresh scan sees no drift in the tag").isEmpty();
    }

    @Test
    void twoOwnersOnOneAccountKeepEachOthersMembers() {
        Engine a = new Engine(cf, cf, TEAM_A);
        Engine b = new Engine(cf, cf, new Owner("cfscim:team-b/cloudflare"));
        DesiredState declaredA = desired().user("alice@example.com").build();
        DesiredState declaredB = desired().user("bob@example.com").build();
        RemoteState seenByA = a.scan(ACCOUNT);
        a.apply(a.plan(declaredA, seenByA, DEPROVISION_UNMANAGED, null), seenByA, Applier.Listener.NONE);
        RemoteState seenByB = b.scan(ACCOUNT);
        b.apply(b.plan(declaredB, seenByB, DEPROVISION_UNMANAGED, null), seenByB, Applier.Listener.NONE);

        Plan againA = a.plan(declaredA, a.scan(ACCOUNT), DEPROVISION_UNMANAGED, null);
        Plan againB = b.plan(declaredB, b.scan(ACCOUNT), DEPROVISION_UNMANAGED, null);

        assertThat(againA.changes()).noneMatch(Change::deprovisions);
        assertThat(againB.changes()).noneMatch(Change::deprovisions);
        assertThat(cf.members()).extracting(RemoteUser::userName)
                .contains("alice@example.com", "bob@example.com");
    }
}
