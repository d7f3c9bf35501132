package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import static dev.cfscim.plan.Fixture.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Properties over random accounts, in both group models: applying a plan yields the desired state
 * and the next plan is empty; and whatever is declared, no plan leaves an account that had a Super
 * Administrator without one. User-groups accounts are either pushed-groups only or mid-migration
 * (Cloudflare's virtual role groups still there), with declared, retired and hand-made groups.
 */
class PlannerPropertyTest {

    static final List<String> POOL = List.of("ann@example.com", "ben@example.com", "cat@example.com",
            "dan@example.com", "eve@example.com", "fay@example.com", "gus@example.com", "hal@example.com");
    static final List<String> ROLES = List.of("Administrator", "Administrator Read Only", "DNS");
    static final List<String> GROUPS = List.of("Admins", "Readers", "On Call");
    private static final String OWNER = "owner@example.com";
    private static final PlanPolicy POLICY = PlanPolicy.defaults().withDeprovisionLimit(1000);

    @ParameterizedTest
    @EnumSource(DesiredState.Model.class)
    void applyingThePlanYieldsTheDesiredStateAndTheNextPlanIsEmpty(DesiredState.Model model) {
        forEverySeed(ROLES, model, (seed, random, desired) -> {
            // An undeclared Super Administrator keeps the rail out of the way of this property; the
            // hand-made group grants no role the property checks.
            Fixture.Remote remoteBuilder = withOwner(randomRemote(random, ROLES, desired, "Billing"), model);
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
                Set<String> actual = holders(after, role).stream()
                        .map(id -> DesiredUser.key(after.userById(id).orElseThrow().userName()))
                        .filter(desired.users()::containsKey)
                        .collect(Collectors.toCollection(TreeSet::new));
                assertThat(actual).as("seed %d: holders of %s", seed, role).isEqualTo(expected);
            }
            assertThat(Planner.plan(desired, after, POLICY).isEmpty()).as("seed %d: second plan is empty", seed)
                    .isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(DesiredState.Model.class)
    void noPlanLeavesTheAccountWithoutASuperAdministrator(DesiredState.Model model) {
        List<String> roles = List.of("Administrator", SUPER);
        forEverySeed(roles, model, (seed, random, desired) -> {
            RemoteState remote = randomRemote(random, roles, desired, SUPER).build();
            boolean hadOne = !remote.superAdministrators().isEmpty();

            Plan plan = Planner.plan(desired, remote, POLICY.withDeprovisionUnmanaged(random.nextBoolean()));
            RemoteState after = Fixture.simulate(plan, remote);

            if (hadOne) {
                assertThat(after.superAdministrators()).as("seed %d: %s", seed, Fixture.lines(plan)).isNotEmpty();
            }
            assertThat(plan.held()).allSatisfy(h -> assertThat(h.reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR));
        });
    }

    /**
     * Least privilege at every step: applied change by change, no plan makes a declared member hold,
     * between two requests, a role the declaration does not give them and they did not hold before.
     */
    @ParameterizedTest
    @EnumSource(DesiredState.Model.class)
    void atNoStepDoesADeclaredMemberHoldARoleTheDeclarationDoesNotGive(DesiredState.Model model) {
        forEverySeed(ROLES, model, (seed, random, desired) -> {
            RemoteState remote = withOwner(randomRemote(random, ROLES, desired, "Billing"), model).build();
            Map<String, Set<String>> before = new HashMap<>();
            desired.users().keySet().forEach(key -> before.put(key, rolesOf(remote, key)));

            Plan plan = Planner.plan(desired, remote, POLICY);
            RemoteState state = remote;
            int step = 0;
            for (Change change : plan.changes()) {
                step++;
                state = Fixture.simulate(new Plan(Fixture.ACCOUNT, List.of(change), List.of(), List.of()), state);
                for (DesiredUser user : desired.users().values()) {
                    Set<String> allowed = new TreeSet<>(before.get(user.key()));
                    if (user.shouldBeMember()) {
                        allowed.addAll(desired.rolesOf(user.key()));
                    }
                    assertThat(allowed).as("seed %d, after step %d (%s) of\n%s", seed, step, change.summary(),
                            String.join("\n", Fixture.lines(plan))).containsAll(rolesOf(state, user.key()));
                }
            }
        });
    }

    /** A property checked on one random account: the seed (for its messages), its Random, and its declaration. */
    @FunctionalInterface
    private interface SeededCase {
        void check(long seed, Random random, DesiredState desired);
    }

    /**
     * Checks {@code property} for seeds 0 to 499, each with a {@code Random} of its own from which the
     * declaration (over {@code roles}, in {@code model}) is drawn first and the property draws the rest.
     */
    private static void forEverySeed(List<String> roles, DesiredState.Model model, SeededCase property) {
        for (long seed = 0; seed < 500; seed++) {
            Random random = new Random(seed);
            property.check(seed, random, randomDesired(random, roles, model));
        }
    }

    /** The roles a member holds in the state (none when it is not an active member), from every group. */
    private static Set<String> rolesOf(RemoteState state, String key) {
        Set<String> roles = new TreeSet<>();
        state.user(key).filter(RemoteUser::active).ifPresent(u -> {
            roles.addAll(state.rolesOf(u.id()));
            state.customGroups().stream().filter(g -> state.customMembers(g.id()).contains(u.id()))
                    .forEach(g -> roles.addAll(g.roles()));
            state.systemMembers().forEach((role, ids) -> {
                if (ids.contains(u.id())) {
                    roles.add(role);
                }
            });
        });
        return roles;
    }

    /** The ids of the members holding a role: through its virtual role group, or through a pushed group. */
    private static Set<String> holders(RemoteState state, String role) {
        Set<String> ids = new TreeSet<>(state.members(role));
        state.customGroups().stream().filter(g -> g.roles().contains(role))
                .forEach(g -> ids.addAll(state.customMembers(g.id())));
        return ids;
    }

    /**
     * Random users (some unassigned or inactive) and, per model, their roles: declared on each user
     * in the virtual-groups model; in the user-groups model only through bound groups, as
     * PlanInputs builds them, with some groups declared but bound by nothing (to be deleted).
     */
    static DesiredState randomDesired(Random random, List<String> roles, DesiredState.Model model) {
        boolean virtual = model == DesiredState.Model.VIRTUAL_GROUPS;
        Fixture.Desired desired = Fixture.desired();
        List<String> declared = new ArrayList<>();
        for (String email : POOL) {
            int kind = random.nextInt(6);
            if (kind == 0) {
                continue;
            }
            declared.add(email);
            String[] held = virtual ? roles.stream().filter(r -> random.nextInt(3) == 0).toArray(String[]::new)
                    : new String[0];
            switch (kind) {
                case 1 -> desired.unassigned(email, held);
                case 2 -> desired.inactive(email, held);
                default -> desired.user(email, held);
            }
        }
        if (virtual) {
            return desired.build();
        }
        drawFates(random, GROUPS, desired::unboundGroup,
                group -> desired.group(group, someOf(random, declared), someOf(random, roles).toArray(String[]::new)));
        return desired.buildUserGroups();
    }

    /**
     * Random members of the account. In the user-groups model the account is either pushed-groups
     * only or mid-migration (members still in virtual role groups); some declared groups are
     * already pushed, with random members and policies, and one group made by hand grants
     * {@code handMadeRole}.
     */
    static Fixture.Remote randomRemote(Random random, List<String> roles, DesiredState desired,
                                               String handMadeRole) {
        boolean virtual = desired.model() == DesiredState.Model.VIRTUAL_GROUPS;
        boolean roleGroups = virtual || random.nextBoolean();
        Fixture.Remote remote = virtual ? Fixture.remote()
                : roleGroups ? Fixture.remote().withPermissionGroups() : Fixture.Remote.userGroups();
        List<String> active = new ArrayList<>();
        drawFates(random, POOL, remote::inactive, email -> {
            List<String> held = new ArrayList<>();
            roles.stream().filter(r -> random.nextInt(3) == 0).forEach(held::add);
            remote.member(email, roleGroups ? held.toArray(String[]::new) : new String[0]);
            active.add(email);
        });
        if (virtual) {
            return remote;
        }
        for (int i = 0; i < GROUPS.size(); i++) {
            String group = GROUPS.get(i);
            if (desired.declaredGroupNames().contains(group) && random.nextInt(3) != 0) {
                remote.customGroup("g" + i, group, someOf(random, active), someOf(random, roles).toArray(String[]::new));
            }
        }
        if (random.nextBoolean()) {
            // A team disbanded the GitOps way: cfscim pushed it, no ScimGroup declares it any more.
            remote.customGroup("g-gone", "Disbanded", someOf(random, active), someOf(random, roles).toArray(String[]::new));
        }
        return remote.handMadeGroup("g-hand", "Made By Hand", someOf(random, active), handMadeRole);
    }

    /** An undeclared Super Administrator, held the way each model's accounts grant it. */
    static Fixture.Remote withOwner(Fixture.Remote remote, DesiredState.Model model) {
        if (model == DesiredState.Model.VIRTUAL_GROUPS) {
            return remote.member(OWNER, SUPER);
        }
        return remote.member(OWNER).handMadeGroup("g-owner", "Break Glass", List.of(OWNER), SUPER);
    }

    /**
     * Draws each name's fate in turn: one time in four it is left out, one in four it takes the
     * {@code rare} path (an unbound group, an inactive member), otherwise the {@code usual} one.
     */
    private static void drawFates(Random random, List<String> names, Consumer<String> rare, Consumer<String> usual) {
        for (String name : names) {
            int fate = random.nextInt(4);
            if (fate == 1) {
                rare.accept(name);
            } else if (fate > 1) {
                usual.accept(name);
            }
        }
    }

    private static List<String> someOf(Random random, List<String> all) {
        return all.stream().filter(x -> random.nextBoolean()).toList();
    }
}
