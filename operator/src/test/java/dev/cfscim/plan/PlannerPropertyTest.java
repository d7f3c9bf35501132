package dev.cfscim.plan;

import static dev.cfscim.plan.Fixture.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Properties over random accounts: applying a plan yields the desired state and the next plan is
 * empty; and whatever is declared, no plan leaves an account that had a Super Administrator
 * without one.
 */
class PlannerPropertyTest {

    private static final List<String> POOL = List.of("ann@example.com", "ben@example.com", "cat@example.com",
            "dan@example.com", "eve@example.com", "fay@example.com", "gus@example.com", "hal@example.com");
    private static final List<String> ROLES = List.of("Administrator", "Administrator Read Only", "DNS");
    private static final PlanPolicy POLICY = PlanPolicy.defaults().withDeprovisionLimit(1000);

    @Test
    void applyingThePlanYieldsTheDesiredStateAndTheNextPlanIsEmpty() {
        for (long seed = 0; seed < 500; seed++) {
            Random random = new Random(seed);
            DesiredState desired = randomDesired(random, ROLES);
            // An undeclared Super Administrator keeps the rail out of the way of this property.
            Fixture.Remote remoteBuilder = randomRemote(random, ROLES).member("owner@example.com", SUPER);
            RemoteState remote = remoteBuilder.build();

            Plan plan = Planner.plan(desired, remote, POLICY);
            assertThat(plan.held()).as("seed %d", seed).isEmpty();
            RemoteState after = Fixture.simulate(plan, remote);

            for (DesiredUser user : desired.users().values()) {
                boolean member = after.user(user.userName()).map(RemoteUser::active).orElse(false);
                assertThat(member).as("seed %d: %s is a member", seed, user.userName()).isEqualTo(user.shouldBeMember());
            }
            for (String role : ROLES) {
                Set<String> expected = desired.roles().getOrDefault(role, Set.of()).stream()
                        .filter(k -> desired.users().get(k).shouldBeMember())
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> actual = after.members(role).stream()
                        .map(id -> DesiredUser.key(after.userById(id).orElseThrow().userName()))
                        .filter(desired.users()::containsKey)
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(actual).as("seed %d: holders of %s", seed, role).isEqualTo(expected);
            }
            assertThat(Planner.plan(desired, after, POLICY).isEmpty()).as("seed %d: second plan is empty", seed)
                    .isTrue();
        }
    }

    @Test
    void noPlanLeavesTheAccountWithoutASuperAdministrator() {
        List<String> roles = List.of("Administrator", SUPER);
        for (long seed = 0; seed < 500; seed++) {
            Random random = new Random(seed);
            DesiredState desired = randomDesired(random, roles);
            RemoteState remote = randomRemote(random, roles).build();
            boolean hadOne = !remote.superAdministrators().isEmpty();

            Plan plan = Planner.plan(desired, remote, POLICY.withDeprovisionUnmanaged(random.nextBoolean()));
            RemoteState after = Fixture.simulate(plan, remote);

            if (hadOne) {
                assertThat(after.superAdministrators()).as("seed %d: %s", seed, Fixture.lines(plan)).isNotEmpty();
            }
            assertThat(plan.held()).allSatisfy(h -> assertThat(h.reason()).isEqualTo(HeldChange.LAST_SUPER_ADMINISTRATOR));
        }
    }

    private static DesiredState randomDesired(Random random, List<String> roles) {
        Fixture.Desired desired = Fixture.desired();
        for (String email : POOL) {
            int kind = random.nextInt(6);
            if (kind == 0) {
                continue;
            }
            String[] held = roles.stream().filter(r -> random.nextInt(3) == 0).toArray(String[]::new);
            switch (kind) {
                case 1 -> desired.unassigned(email, held);
                case 2 -> desired.inactive(email, held);
                default -> desired.user(email, held);
            }
        }
        return desired.build();
    }

    private static Fixture.Remote randomRemote(Random random, List<String> roles) {
        Fixture.Remote remote = Fixture.remote();
        for (String email : POOL) {
            int kind = random.nextInt(4);
            if (kind == 0) {
                continue;
            }
            if (kind == 1) {
                remote.inactive(email);
                continue;
            }
            List<String> held = new ArrayList<>();
            roles.stream().filter(r -> random.nextInt(3) == 0).forEach(held::add);
            remote.member(email, held.toArray(String[]::new));
        }
        return remote;
    }
}
