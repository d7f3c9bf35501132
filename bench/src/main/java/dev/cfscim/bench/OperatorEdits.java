package dev.cfscim.bench;

import dev.cfscim.api.ScimGroup;
import dev.cfscim.controller.OperatorMetrics;
import dev.cfscim.controller.OperatorRuntime;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.GroupView;
import dev.cfscim.retry.RetryPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * ScimGroup member edits in a converged account, each timed from the edit being sent to its PATCH
 * recorded by the emulator (end to end: the mock API server's write, the watch, the operator) and,
 * spaced, also from the watch event reaching the operator to the end of its Cloudflare work (the
 * operator's {@value OperatorMetrics#CHANGE_TO_SYNC}: its own share, which a real API server does
 * not slow down as the mock does when it holds many objects).
 */
final class OperatorEdits {

    /** An edit the operator's status write beat (a 409) is made again on what is there now. */
    private static final String PATCH = "PATCH /Groups/{id}";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final RetryPolicy<KubernetesClientException> EDIT_CONFLICTS = new RetryPolicy<>(10,
            RetryPolicy.Backoff.NONE, KubernetesClientException.class, e -> e.getCode() == 409);

    /** One edit's times; {@code fromEventMillis} is NaN for back-to-back edits (another may be running). */
    record Timing(double millis, double fromEventMillis) {
    }

    private final KubernetesClient kube;
    private final CloudflareEmulator cf;
    private final OperatorRuntime operator;
    private final GroupModel model;
    private final Workload workload;
    private final EditDiagnosis diagnosis;

    /**
     * {@code operatorSide}: what the operator (given {@code operator}, null when it runs in another
     * process) says of itself, for the message of an edit that never arrives.
     */
    OperatorEdits(KubernetesClient kube, CloudflareEmulator cf, OperatorRuntime operator, GroupModel model,
                  Workload workload, Function<OperatorRuntime, String> operatorSide) {
        this.kube = kube;
        this.cf = cf;
        this.operator = operator;
        this.model = model;
        this.workload = workload;
        this.diagnosis = new EditDiagnosis(kube, cf, () -> operatorSide.apply(this.operator));
    }

    /**
     * {@code count} edits, alternately adding a user to a role's group and taking it out again.
     * Spaced: each waits until the operator has timed the one before and finished its reconcile
     * (status writes included). Back to back: each is sent as soon as the one before reached Cloudflare.
     */
    List<Timing> run(int count, Random random, boolean spaced) {
        List<Timing> timings = new ArrayList<>();
        List<String> roles = workload.roles();
        for (int i = 0; i < count; i += 2) {
            String role = roles.get(random.nextInt(roles.size()));
            String userName = outsider(workload, role, random);
            timings.add(once(role, userName, true, spaced));
            if (i + 1 < count) {
                timings.add(once(role, userName, false, spaced));
            }
        }
        return timings;
    }

    /** A user the role's group does not have yet. */
    static String outsider(Workload workload, String role, Random random) {
        List<String> members = workload.members().get(role);
        while (true) {
            String candidate = workload.users().get(random.nextInt(workload.users().size()));
            if (!members.contains(candidate)) {
                return candidate;
            }
        }
    }

    private Timing once(String role, String userName, boolean add, boolean spaced) {
        String group = OperatorScenario.groupName(workload, role);
        String member = OperatorScenario.resourceName(userName);
        String userId = cf.account().member(userName).orElseThrow().id();
        String groupId = Convergence.groupId(cf.account(), model, role);
        long patchesBefore = cf.requestsTo(PATCH);
        // Back to back, the operator may be another process: only its Cloudflare request is watched.
        Synced before = spaced ? synced() : null;
        long start = System.nanoTime();
        edit(group, g -> {
            if (add) {
                g.getSpec().getMembers().add(member);
            } else {
                g.getSpec().getMembers().remove(member);
            }
            return g;
        });
        // Measuring, not synchronising: watch the emulator's PATCH count every 20 µs. Not a spin: on
        // two cores a spinning watcher takes one from the operator it times.
        while (cf.requestsTo(PATCH) == patchesBefore) {
            LockSupport.parkNanos(20_000);
            if (System.nanoTime() - start > TIMEOUT.toNanos()) {
                throw new IllegalStateException(notArrived(group, member, userId, groupId, add, patchesBefore));
            }
        }
        double millis = (System.nanoTime() - start) / 1e6;
        boolean joined = cf.account().groups().stream().filter(g -> g.id().equals(groupId)).findFirst()
                .map(GroupView::memberIds).orElseThrow().contains(userId);
        if (joined != add) {
            throw new IllegalStateException("the PATCH that reached the emulator did not " + (add ? "add " : "remove ")
                    + userName + (add ? " to " : " from ") + role);
        }
        if (!spaced) {
            return new Timing(millis, Double.NaN);
        }
        OperatorScenario.Poll.until("the operator to time the edit", Duration.ofMinutes(2),
                () -> synced().count() > before.count() && OperatorScenario.reconcilesRunning(operator) == 0);
        Synced after = synced();
        return new Timing(millis, (after.seconds() - before.seconds()) * 1000 / (after.count() - before.count()));
    }

    private record Synced(long count, double seconds) {
    }

    /**
     * The message for an edit that did not reach Cloudflare in {@link #TIMEOUT}: where it stopped,
     * and whether it came later (slow) or not at all (an edit never planned: a broken promise).
     */
    private String notArrived(String group, String member, String userId, String groupId, boolean add, long patchesBefore) {
        String state = diagnosis.of(group, member, userId, groupId, add);
        long waitedMore = System.nanoTime();
        boolean late = false;
        while (!late && System.nanoTime() - waitedMore < TIMEOUT.toNanos()) {
            LockSupport.parkNanos(100_000_000L);
            late = cf.requestsTo(PATCH) != patchesBefore;
        }
        return "an edit of " + group + " (" + (add ? "adding " : "removing ") + member + ") did not reach the emulator in "
                + TIMEOUT.toSeconds() + " s; " + (late ? "it did " + Math.round((System.nanoTime() - waitedMore) / 1e9)
                + " s later" : "nor in " + TIMEOUT.toSeconds() + " s more") + ". Then:\n" + state;
    }

    private Synced synced() {
        Timer timer = operator.registry().find(OperatorMetrics.CHANGE_TO_SYNC).timer();
        return timer == null ? new Synced(0, 0) : new Synced(timer.count(), timer.totalTime(TimeUnit.SECONDS));
    }

    /** Edits as kubectl edit does, again on a conflict: the operator writes statuses meanwhile. */
    private void edit(String name, UnaryOperator<ScimGroup> change) {
        EDIT_CONFLICTS.run(() -> kube.resources(ScimGroup.class).inNamespace(OperatorScenario.NAMESPACE).withName(name)
                .edit(change));
    }
}
