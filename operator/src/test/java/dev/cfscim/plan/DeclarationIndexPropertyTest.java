package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.GroupRoleBindingSpec;
import dev.cfscim.api.GroupRoleBindingStatus;
import dev.cfscim.api.PersonName;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.ResourceSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An index kept across edits builds exactly the desired state a fresh build does. A random
 * namespace (users with labels, duplicate and departing userNames; groups by list and by selector;
 * bindings, some naming groups that do not exist, some with a remote id in status; an app
 * assigning by name, group and selector) goes through random edits of every kind a desired state
 * reads, and copies of unchanged objects as the operator's own status writes make them; after
 * each, the kept index's build must equal a fresh one's, field for field.
 */
class DeclarationIndexPropertyTest {

    private static final String NS = "ns";
    private static final int SEEDS = 300;
    private static final int EDITS = 40;
    private static final List<String> ROLES = List.of("Administrator", "Billing", "DNS");
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @ParameterizedTest
    @EnumSource(GroupMode.class)
    void anIndexKeptAcrossEditsBuildsWhatAFreshOneBuilds(GroupMode mode) {
        int reused = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            List<HasMetadata> world = world(random, mode);
            DeclarationIndex kept = new DeclarationIndex();
            DesiredState last = null;
            for (int step = 0; step < EDITS; step++) {
                String edit = edit(random, world, mode);
                ResourceSet set = ResourceSet.of(world.toArray(HasMetadata[]::new));
                ScimApp app = set.apps().get(0);
                DesiredState incremental = PlanInputs.desiredState(set, app, kept);
                DesiredState fresh = PlanInputs.desiredState(set, app);
                assertThat(incremental).as("seed %d step %d after %s", seed, step, edit).isEqualTo(fresh);
                if (last != null && reusedAny(last, incremental)) {
                    reused++;
                }
                last = incremental;
            }
        }
        // Not a test of speed, but the index must have been used: parts were carried over.
        assertThat(reused).as("builds that reused a role's holders").isGreaterThan(SEEDS * EDITS / 4);
    }

    /** Whether some role's holders are the very set the last build had: a part the index carried over. */
    private static boolean reusedAny(DesiredState before, DesiredState after) {
        return after.roles().values().stream().anyMatch(keys -> before.roles().values().stream().anyMatch(b -> b == keys));
    }

    private static List<HasMetadata> world(Random random, GroupMode mode) {
        List<HasMetadata> world = new ArrayList<>();
        world.add(app(random, mode));
        for (int i = 0; i < 8; i++) {
            world.add(user("u" + i, userName(random), labels(random), false));
        }
        for (int i = 0; i < 3; i++) {
            world.add(group("g" + i, random));
        }
        for (int i = 0; i < 4; i++) {
            world.add(binding("b" + i, random));
        }
        return world;
    }

    /** One random edit of {@code world}, in place; returns what it did, for the failure's message. */
    private static String edit(Random random, List<HasMetadata> world, GroupMode mode) {
        int at = random.nextInt(world.size());
        HasMetadata target = world.get(at);
        switch (random.nextInt(10)) {
            case 0, 1 -> {
                // The operator's status write: an equal copy, a new object.
                world.set(at, JSON.clone(target));
                return "a copy of " + target.getMetadata().getName();
            }
            case 2 -> {
                ScimGroup group = group("g" + random.nextInt(4), random);
                replaceOrAdd(world, group);
                return "group " + group.getMetadata().getName() + " edited or added";
            }
            case 3 -> {
                ScimUser user = user("u" + random.nextInt(10), userName(random), labels(random), random.nextInt(6) == 0);
                replaceOrAdd(world, user);
                return "user " + user.getMetadata().getName() + " edited or added";
            }
            case 4 -> {
                if (target instanceof ScimUser user) {
                    ScimUser copy = JSON.clone(user);
                    copy.getMetadata().setLabels(labels(random));
                    world.set(at, copy);
                    return "labels of " + user.getMetadata().getName();
                }
                return "nothing";
            }
            case 5 -> {
                GroupRoleBinding binding = binding("b" + random.nextInt(5), random);
                replaceOrAdd(world, binding);
                return "binding " + binding.getMetadata().getName();
            }
            case 6 -> {
                if (target instanceof GroupRoleBinding binding) {
                    GroupRoleBinding copy = JSON.clone(binding);
                    GroupRoleBindingStatus status = new GroupRoleBindingStatus();
                    status.setRemoteGroupId(random.nextBoolean() ? null : "remote-" + random.nextInt(3));
                    copy.setStatus(status);
                    world.set(at, copy);
                    return "status of " + binding.getMetadata().getName();
                }
                return "nothing";
            }
            case 7 -> {
                if (!(target instanceof ScimApp)) {
                    world.remove(at);
                    return "removed " + target.getMetadata().getName();
                }
                return "nothing";
            }
            case 8 -> {
                world.set(indexOfApp(world), app(random, mode));
                return "app's assignments";
            }
            default -> {
                if (target instanceof ScimUser user) {
                    world.set(at, user(user.getMetadata().getName(), user.getSpec().getUserName(),
                            user.getMetadata().getLabels(), true));
                    return "deleting " + user.getMetadata().getName();
                }
                return "nothing";
            }
        }
    }

    private static void replaceOrAdd(List<HasMetadata> world, HasMetadata replacement) {
        UnaryOperator<HasMetadata> same = other -> other.getKind().equals(replacement.getKind())
                && other.getMetadata().getName().equals(replacement.getMetadata().getName()) ? replacement : other;
        boolean found = world.stream().anyMatch(o -> same.apply(o) == replacement);
        if (found) {
            world.replaceAll(same);
        } else {
            world.add(replacement);
        }
    }

    private static int indexOfApp(List<HasMetadata> world) {
        for (int i = 0; i < world.size(); i++) {
            if (world.get(i) instanceof ScimApp) {
                return i;
            }
        }
        throw new IllegalStateException("no app");
    }

    private static ScimApp app(Random random, GroupMode mode) {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace(NS).withUid("uid-app").build());
        ScimAppSpec spec = new ScimAppSpec();
        spec.setAccountId("0123456789abcdef0123456789abcdef");
        spec.setTokenSecretRef(new TokenSecretRef("token", "token"));
        spec.setGroupMode(mode);
        List<String> users = random.nextBoolean() ? List.of("u" + random.nextInt(10)) : List.of();
        List<String> groups = random.nextInt(3) == 0 ? List.of("g" + random.nextInt(4)) : List.of();
        spec.setAssignments(new Assignments(new ArrayList<>(users), new ArrayList<>(groups), random.nextInt(4) == 0
                ? null : new LabelSelectorBuilder().addToMatchLabels("team", random.nextBoolean() ? "a" : "b").build()));
        app.setSpec(spec);
        return app;
    }

    private static ScimUser user(String name, String userName, Map<String, String> labels, boolean departing) {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withLabels(labels)
                .withDeletionTimestamp(departing ? "2026-12-07T00:00:00Z" : null).build());
        user.setSpec(new ScimUserSpec(userName, new PersonName("Given", name), null, !name.endsWith("7")));
        return user;
    }

    private static String userName(Random random) {
        // Few enough that two ScimUsers sometimes declare one userName, in another case too.
        int n = random.nextInt(9);
        return (n % 3 == 0 ? "User" : "user") + n + "@acme.example.com";
    }

    private static Map<String, String> labels(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Map.of("team", "a");
            case 1 -> Map.of("team", "b");
            default -> Map.of();
        };
    }

    private static ScimGroup group(String name, Random random) {
        ScimGroup group = new ScimGroup();
        group.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (random.nextInt(3) == 0) {
                members.add("u" + i);
            }
        }
        group.setSpec(new ScimGroupSpec(random.nextInt(5) == 0 ? "Shared team" : name + " team", members,
                random.nextInt(3) == 0 ? new LabelSelectorBuilder().addToMatchLabels("team", "a").build() : null));
        return group;
    }

    private static GroupRoleBinding binding(String name, Random random) {
        GroupRoleBinding binding = new GroupRoleBinding();
        binding.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        binding.setSpec(new GroupRoleBindingSpec("app", "g" + random.nextInt(4), ROLES.get(random.nextInt(ROLES.size()))));
        return binding;
    }
}
