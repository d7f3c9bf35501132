package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The incremental plan agrees with the full one. From a random account brought to its random
 * declaration (the full plan applied, so nothing stands), random edits of users, memberships,
 * groups and their roles give a new declaration; {@link DeclarationDiff} names the users they
 * touch, and the plan over those users alone must be the full plan, change for change, hold for
 * hold, problem for problem. This is the condition under which the operator plans scoped
 * ({@code AppSync}): the last plan left nothing standing and only its own writes changed the account.
 */
class IncrementalPlanPropertyTest {

    private static final List<String> POOL = PlannerPropertyTest.POOL;
    private static final List<String> ROLES = PlannerPropertyTest.ROLES;
    private static final List<String> GROUPS = PlannerPropertyTest.GROUPS;
    private static final PlanPolicy POLICY = PlanPolicy.defaults().withDeprovisionLimit(1000);
    private static final int SEEDS = 1500;

    @ParameterizedTest
    @EnumSource(DesiredState.Model.class)
    void aPlanOverTheUsersAnEditTouchesIsTheFullPlan(DesiredState.Model model) {
        int scoped = 0;
        int withChanges = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            DesiredState before = PlannerPropertyTest.randomDesired(random, ROLES, model);
            RemoteState start = PlannerPropertyTest.withOwner(
                    PlannerPropertyTest.randomRemote(random, ROLES, before, "Billing"), model).build();
            RemoteState converged = Fixture.simulate(Planner.plan(before, start, POLICY), start);
            assertThat(Planner.plan(before, converged, POLICY).isEmpty()).as("seed %d converges", seed).isTrue();

            DesiredState after = edit(random, before);
            PlanScope scope = DeclarationDiff.touched(before, after);
            if (scope.isAll()) {
                continue;
            }
            scoped++;
            Plan full = Planner.plan(after, converged, POLICY);
            Plan incremental = Planner.plan(after, converged, POLICY, null, Owner.NONE, scope);
            assertThat(Fixture.lines(incremental)).as("seed %d, scope %s", seed, scope).isEqualTo(Fixture.lines(full));
            assertThat(incremental.problems()).as("seed %d", seed).isEqualTo(full.problems());
            if (!full.changes().isEmpty()) {
                withChanges++;
            }
        }
        // The property is worth something only if most samples planned scoped, and had something to plan.
        assertThat(scoped).isGreaterThan(SEEDS * 3 / 4);
        assertThat(withChanges).isGreaterThan(SEEDS / 2);
    }

    @Test
    void whatBearsOnEveryUserAsksForTheFullPlan() {
        DesiredState before = Fixture.desired().user("ann@example.com", "DNS").build();
        assertThat(DeclarationDiff.touched(null, before).isAll()).isTrue();
        DesiredState held = new DesiredState(before.accountId(), before.users(), before.roles(), before.problems(),
                before.model(), before.groups(), before.declaredGroupNames(), new DeclarationHolds(Map.of(),
                List.of(new PlanProblem(Reason.MISSING_REFERENCE, "ScimApp/app", "names ScimUser 'gone'")), Map.of()));
        assertThat(DeclarationDiff.touched(before, held).isAll()).isTrue();
        DesiredState otherModel = new DesiredState(before.accountId(), before.users(), before.roles(), before.problems(),
                DesiredState.Model.USER_GROUPS, before.groups(), before.declaredGroupNames());
        assertThat(DeclarationDiff.touched(before, otherModel).isAll()).isTrue();
        assertThat(DeclarationDiff.touched(before, before).keys()).isEmpty();
    }

    /** One to three random edits, as a user's kubectl apply would make them through PlanInputs. */
    private static DesiredState edit(Random random, DesiredState desired) {
        boolean virtual = desired.model() == DesiredState.Model.VIRTUAL_GROUPS;
        Map<String, DesiredUser> users = new LinkedHashMap<>(desired.users());
        Map<String, Set<String>> roles = new TreeMap<>();
        desired.roles().forEach((role, keys) -> roles.put(role, new TreeSet<>(keys)));
        Map<String, DesiredGroup> groups = new TreeMap<>(desired.groups());
        Set<String> declaredGroups = new TreeSet<>(desired.declaredGroupNames());
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            List<String> keys = new ArrayList<>(users.keySet());
            String key = keys.isEmpty() ? null : keys.get(random.nextInt(keys.size()));
            DesiredUser user = key == null ? null : users.get(key);
            int kind = random.nextInt(virtual ? 6 : 8);
            if (user == null && kind != 3 && kind < 6) {
                kind = 3;
            }
            switch (kind) {
                case 0 -> users.put(key, new DesiredUser(user.userName(), user.givenName(), user.familyName(),
                        user.externalId(), !user.active(), user.assigned(), user.resource()));
                case 1 -> users.put(key, new DesiredUser(user.userName(), user.givenName(), user.familyName(),
                        user.externalId(), user.active(), !user.assigned(), user.resource()));
                case 2 -> users.put(key, new DesiredUser(user.userName(), "Given" + random.nextInt(3),
                        user.familyName(), user.externalId(), user.active(), user.assigned(), user.resource()));
                case 3 -> {
                    String email = POOL.get(random.nextInt(POOL.size()));
                    users.putIfAbsent(DesiredUser.key(email), new DesiredUser(email, null, null, null, true, true, email));
                }
                case 4 -> {
                    users.remove(key);
                    roles.values().forEach(members -> members.remove(key));
                    groups.replaceAll((name, g) -> new DesiredGroup(g.displayName(), without(g.memberKeys(), key),
                            g.roles(), g.knownId()));
                }
                case 5 -> {
                    if (virtual) {
                        toggle(roles.computeIfAbsent(ROLES.get(random.nextInt(ROLES.size())), r -> new TreeSet<>()), key);
                    } else if (!groups.isEmpty()) {
                        DesiredGroup g = pick(random, groups);
                        Set<String> members = new TreeSet<>(g.memberKeys());
                        toggle(members, key);
                        groups.put(g.displayName(), new DesiredGroup(g.displayName(), members, g.roles(), g.knownId()));
                    }
                }
                case 6 -> {
                    if (!groups.isEmpty()) {
                        DesiredGroup g = pick(random, groups);
                        Set<String> groupRoles = new TreeSet<>(g.roles());
                        toggle(groupRoles, ROLES.get(random.nextInt(ROLES.size())));
                        groups.put(g.displayName(), new DesiredGroup(g.displayName(), g.memberKeys(), groupRoles, g.knownId()));
                    }
                }
                default -> {
                    String name = GROUPS.get(random.nextInt(GROUPS.size()));
                    if (groups.remove(name) == null) {
                        Set<String> members = new TreeSet<>();
                        users.keySet().stream().filter(k -> random.nextBoolean()).forEach(members::add);
                        groups.put(name, new DesiredGroup(name, members, Set.of(ROLES.get(random.nextInt(ROLES.size())))));
                        declaredGroups.add(name);
                    }
                }
            }
        }
        if (!virtual) {
            // As PlanInputs builds it: a bound group's roles are its members' declared roles.
            roles.clear();
            groups.values().forEach(g -> g.roles().forEach(role ->
                    roles.computeIfAbsent(role, r -> new TreeSet<>()).addAll(g.memberKeys())));
        }
        return new DesiredState(desired.accountId(), users, roles, desired.problems(), desired.model(), groups,
                declaredGroups, desired.holds());
    }

    private static DesiredGroup pick(Random random, Map<String, DesiredGroup> groups) {
        return new ArrayList<>(groups.values()).get(random.nextInt(groups.size()));
    }

    private static <T> void toggle(Set<T> set, T element) {
        if (!set.remove(element)) {
            set.add(element);
        }
    }

    private static Set<String> without(Set<String> keys, String key) {
        Set<String> left = new HashSet<>(keys);
        left.remove(key);
        return left;
    }
}
