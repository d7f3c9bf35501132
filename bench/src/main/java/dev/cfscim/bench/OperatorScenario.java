package dev.cfscim.bench;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.GroupRoleBindingSpec;
import dev.cfscim.api.PersonName;
import dev.cfscim.api.RequestBudget;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.cli.EmbeddedCluster;
import dev.cfscim.controller.OperatorRuntime;
import dev.cfscim.controller.ReconcilerSettings;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.RequestCounts;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The operator end to end, as in production less the real API server: fabric8's CRUD mock with
 * the CRDs, the JOSDK controller, and the emulator. It declares the workload as ScimUsers,
 * ScimGroups and GroupRoleBindings, lets the operator converge, measures its memory holding them,
 * then edits ScimGroup members and times each edit until its PATCH has reached the emulator.
 */
final class OperatorScenario {

    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String TOKEN = "bench-token";
    static final String NAMESPACE = "bench";
    static final String APP = "bench";
    static final String OWNER = "owner@example.com";
    /** The operator's client's User-Agent, by which its writes are counted. */
    static final String OPERATOR_AGENT = "cfscim-operator";
    /** Unmeasured edits first: the JIT, not the operator, is what the first ones would time. */
    static final int WARM_UP = 40;

    /**
     * What the run found. {@code convergeRoutes}: what the emulator received while the operator
     * converged, by route, beside {@code floor}. {@code heapBeforeMb}/{@code rssBeforeMb}: the mock
     * and emulator holding the account, before the operator started. {@code converge}/{@code edit}:
     * where the time of the convergence and of the edits went.
     */
    record Result(GroupModel model, int users, long convergeRequests, Map<String, Long> convergeRoutes, Floor floor,
                  double convergeSeconds, List<Double> editMillis, double requestsPerEdit, long idleRequests,
                  double idleSeconds, double heapBeforeMb, double heapAfterMb, double rssBeforeMb, double rssAfterMb,
                  TimeSpent converge, TimeSpent edit, Scale scale) {

        Result {
            convergeRoutes = Map.copyOf(convergeRoutes);
        }
    }

    /**
     * What grows with the size: {@code firstRequestSeconds} from the ScimApp's creation to the first
     * request Cloudflare received; {@code firstSyncWrites} the operator's writes to the API server until
     * it was quiet after converging (finalizers, statuses, events, its ledger); the spaced edits' times
     * end to end and from the watch event ({@link OperatorEdits}); reconciles and writes per back-to-back edit;
     * {@code retainedMb} the heap the operator held after the edits: the heap after a full collection with it
     * running, less the same once it stopped and nothing referred to it (the mock and emulator unchanged between).
     */
    record Scale(double firstRequestSeconds, long firstSyncWrites, List<Double> spacedMillis,
                 List<Double> fromEventMillis, double reconcilesPerEdit, double writesPerEdit, double retainedMb) {

        Scale {
            spacedMillis = List.copyOf(spacedMillis);
            fromEventMillis = List.copyOf(fromEventMillis);
        }
    }

    /**
     * Time the operator's reconciles took (JOSDK's reconcile timer: count and total) and the CPU
     * time of the CRUD mock's event loop, which serves every request to the in-process API.
     */
    record TimeSpent(long reconciles, double reconcileSeconds, double mockCpuSeconds) {

        static TimeSpent now(OperatorRuntime operator) {
            var timers = operator.registry().find("operator.sdk.controllers.execution.reconcile").timers();
            long count = timers.stream().mapToLong(Timer::count).sum();
            double seconds = timers.stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
            return new TimeSpent(count, seconds, mockEventLoopCpuSeconds());
        }

        TimeSpent since(TimeSpent earlier) {
            return new TimeSpent(reconciles - earlier.reconciles, reconcileSeconds - earlier.reconcileSeconds,
                    mockCpuSeconds - earlier.mockCpuSeconds);
        }

        double meanReconcileMillis() {
            return reconciles == 0 ? 0 : reconcileSeconds * 1000 / reconciles;
        }

        private static double mockEventLoopCpuSeconds() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long nanos = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith("vert.x-eventloop")) {
                    nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return nanos / 1e9;
        }
    }

    private OperatorScenario() {
    }

    static Result run(GroupModel model, Workload workload, int edits, long seed, Progress progress) {
        AtomicLong firstRequest = new AtomicLong();
        try (CloudflareEmulator cf = CloudflareEmulator.builder().profile(model.profile())
                .account(ACCOUNT, TOKEN).rateLimit(RateLimit.OFF).superAdmin(OWNER)
                .onExchange(exchange -> firstRequest.compareAndSet(0, System.nanoTime())).build().start();
             EmbeddedCluster cluster = EmbeddedCluster.start()) {
            KubernetesClient kube = cluster.client();
            declare(kube, workload, progress);
            Floor floor = Floor.provisioning(model, workload, Floor.Found.in(cf.account()));
            // The mock keeps every request it answered until taken: its log is not the operator's memory.
            cluster.takeRequests();
            Memory before = Memory.measure();
            firstRequest.set(0);

            // The operator's own client names itself, so that its writes are told from the bench's.
            KubernetesClient operatorClient = cluster.client(OPERATOR_AGENT);
            boolean stopped = false;
            RecentLogs recentLogs = null;
            OperatorRuntime operator = OperatorRuntime.start(operatorClient, OperatorRuntime.Options.defaults()
                    .with(o -> {
                        o.serverSideApply = false;
                        o.httpPort = -1;
                        o.settings = ReconcilerSettings.loopback();
                    }));
            try {
                TimeSpent beforeConverging = TimeSpent.now(operator);
                long start = System.nanoTime();
                kube.resource(app(cf, model, edits)).create();
                int n = workload.users().size();
                Poll.until("the operator provisions " + n + " users", Duration.ofMinutes(30), () -> {
                    ScimApp app = kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName(APP).get();
                    return app != null && app.getStatus() != null && app.getStatus().getProvisioned() != null
                            && app.getStatus().getProvisioned() == n && Convergence.holds(cf.account(), model, workload,
                            true);
                });
                double convergeSeconds = (System.nanoTime() - start) / 1e9;
                double firstRequestSeconds = (firstRequest.get() - start) / 1e9;
                TimeSpent converge = TimeSpent.now(operator).since(beforeConverging);
                RequestCounts converged = cf.requests();
                progress.say("%s operator converged on %d users in %.1f s (first request to Cloudflare after %.2f s), "
                        + "%d requests (floor %d)", model.label(), n, convergeSeconds, firstRequestSeconds,
                        converged.total(), floor.total());
                // Status writes for every ScimUser follow the convergence: let them finish before measuring.
                quiesce(operator);
                long firstSyncWrites = operatorWrites(cluster);
                Memory after = Memory.measure();

                // Idle: nothing changes, nothing should be sent until the next scan (10m away).
                long idleFrom = cf.requests().total();
                long idleStart = System.nanoTime();
                Poll.until("an idle stretch", Duration.ofSeconds(10), () -> System.nanoTime() - idleStart > 3_000_000_000L);
                long idleRequests = cf.requests().total() - idleFrom;
                double idleSeconds = (System.nanoTime() - idleStart) / 1e9;

                // The operator's debug lines, kept in memory only, for the message of an edit that never arrives.
                // No local copy of the operator here: it would keep it reachable after it stopped, and
                // the operator's heap below (running less stopped) would read as nothing.
                recentLogs = RecentLogs.keep(2_000);
                RecentLogs kept = recentLogs;
                OperatorEdits editing = new OperatorEdits(kube, cf, operator, model, workload,
                        running -> operatorSide(running, kept));
                // Warm-up, not measured: a running operator has planned many times before an edit comes;
                // the first reconciles of a fresh JVM run interpreted code and would measure the JIT.
                editing.run(Math.min(edits, WARM_UP), new Random(seed - 1), false);
                quiesce(operator);
                cluster.takeRequests();
                TimeSpent beforeEdits = TimeSpent.now(operator);
                long editFrom = cf.requests().total();
                List<Double> backToBack = editing.run(edits, new Random(seed), false).stream()
                        .map(OperatorEdits.Timing::millis).toList();
                double perEdit = (cf.requests().total() - editFrom) / (double) edits;
                // The last edit's statuses and event are still being written: closing under them fails them.
                quiesce(operator);
                TimeSpent edit = TimeSpent.now(operator).since(beforeEdits);
                double writesPerEdit = operatorWrites(cluster) / (double) edits;
                List<OperatorEdits.Timing> spaced = editing.run(edits, new Random(seed + 1), true);
                quiesce(operator);
                double editReconciles = edit.reconciles() / (double) edits;
                // What the operator itself holds: the heap with it running less the heap once it has
                // stopped and nothing refers to it, the mock and the emulator as they were.
                cluster.takeRequests();
                Memory running = Memory.measure();
                operator.close();
                operatorClient.close();
                stopped = true;
                operator = null;
                editing = null;
                Memory alone = Memory.measure();
                Scale scale = new Scale(firstRequestSeconds, firstSyncWrites,
                        spaced.stream().map(OperatorEdits.Timing::millis).toList(),
                        spaced.stream().map(OperatorEdits.Timing::fromEventMillis).toList(),
                        editReconciles, writesPerEdit, running.heapMb() - alone.heapMb());
                progress.say("%s operator at %d users: spaced edit median %.1f ms (from the event %.1f ms), "
                        + "back to back %.1f ms; %.2f reconciles and %.1f Kubernetes writes per edit; %d writes on "
                        + "the first sync", model.label(), n, Results.percentile(scale.spacedMillis(), 0.5),
                        Results.percentile(scale.fromEventMillis(), 0.5), Results.percentile(backToBack, 0.5),
                        scale.reconcilesPerEdit(), writesPerEdit, firstSyncWrites);
                return new Result(model, n, converged.total(), converged.routes(), floor, convergeSeconds, backToBack,
                        perEdit, idleRequests, idleSeconds, before.heapMb(), after.heapMb(), before.rssMb(),
                        after.rssMb(), converge, edit, scale);
            } finally {
                if (recentLogs != null) {
                    recentLogs.close();
                }
                if (!stopped) {
                    operator.close();
                    operatorClient.close();
                }
            }
        }
    }

    /** The writes (anything but a read or a watch) the operator's client sent since the mock's log was last taken. */
    private static long operatorWrites(EmbeddedCluster cluster) {
        return cluster.takeRequests().stream()
                .filter(r -> OPERATOR_AGENT.equals(r.userAgent()))
                .filter(r -> !r.method().equals("GET"))
                .count();
    }

    /** The operator's counts of reconciles, plans and changes, and its last log lines. */
    private static String operatorSide(OperatorRuntime operator, RecentLogs logs) {
        StringBuilder out = new StringBuilder("operator: ");
        operator.registry().getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("cfscim_plans") || m.getId().getName().startsWith("cfscim_changes")
                        || m.getId().getName().startsWith("operator.sdk.reconciliations"))
                .forEach(m -> m.measure().forEach(sample -> out.append(m.getId().getName())
                        .append(m.getId().getTags()).append(' ').append(sample.getStatistic()).append('=')
                        .append(sample.getValue()).append("; ")));
        return out.append("\nits last log lines (debug):\n").append(logs.lines()).toString();
    }

    /** JOSDK's gauge of reconciles executing now, one per controller, summed. */
    static double reconcilesRunning(OperatorRuntime operator) {
        return operator.registry().getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("operator.sdk.reconciliations.executions"))
                .filter(Gauge.class::isInstance).mapToDouble(m -> ((Gauge) m).value()).sum();
    }

    /** Waits until the controller has been idle for a second and a half: no reconcile running or started meanwhile. */
    private static void quiesce(OperatorRuntime operator) {
        double[] last = {-1};
        long[] stableSince = {System.nanoTime()};
        Poll.until("the operator goes quiet", Duration.ofMinutes(5), () -> {
            double started = operator.registry().find("operator.sdk.reconciliations.started").counters().stream()
                    .mapToDouble(Counter::count).sum();
            double running = reconcilesRunning(operator);
            long now = System.nanoTime();
            if (started != last[0] || running > 0) {
                last[0] = started;
                stableSince[0] = now;
                return false;
            }
            return now - stableSince[0] > 1_500_000_000L;
        });
    }

    static void declare(KubernetesClient kube, Workload workload, Progress progress) {
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .create();
        kube.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .addToLabels(TokenSecretRef.LABEL, TokenSecretRef.LABEL_VALUE)
                .withName("cloudflare-scim-token").endMetadata().addToStringData("token", TOKEN).build()).create();
        long start = System.nanoTime();
        // The mock answers one request at a time per connection; a few writers fill it faster.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            List<String> users = workload.users();
            int slice = (users.size() + 3) / 4;
            for (int from = 0; from < users.size(); from += slice) {
                List<String> part = users.subList(from, Math.min(users.size(), from + slice));
                writes.add(pool.submit(() -> part.forEach(u -> kube.resource(user(u)).create())));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("declaring the ScimUsers failed", e);
        } finally {
            pool.shutdownNow();
        }
        workload.members().forEach((role, names) -> {
            ScimGroup group = new ScimGroup();
            group.setMetadata(new ObjectMetaBuilder().withName(groupName(workload, role)).withNamespace(NAMESPACE).build());
            group.setSpec(new ScimGroupSpec(Workload.groupDisplayName(role), new ArrayList<>(names.stream()
                    .map(OperatorScenario::resourceName).toList()), null));
            kube.resource(group).create();
            GroupRoleBinding binding = new GroupRoleBinding();
            binding.setMetadata(new ObjectMetaBuilder().withName(groupName(workload, role) + "-binding")
                    .withNamespace(NAMESPACE).build());
            binding.setSpec(new GroupRoleBindingSpec(APP, groupName(workload, role), role));
            kube.resource(binding).create();
        });
        progress.say("declared %d ScimUsers, %d ScimGroups and bindings in the mock in %.1f s", workload.users().size(),
                workload.members().size(), (System.nanoTime() - start) / 1e9);
    }

    private static ScimUser user(String userName) {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(resourceName(userName)).withNamespace(NAMESPACE)
                .addToLabels("bench.cfscim.dev/member", "true").build());
        String local = userName.substring(0, userName.indexOf('@'));
        user.setSpec(new ScimUserSpec(userName, new PersonName(local, "Example"), null, true));
        return user;
    }

    static ScimApp app(CloudflareEmulator cf, GroupModel model, int edits) {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName(APP).withNamespace(NAMESPACE).build());
        ScimAppSpec spec = new ScimAppSpec();
        spec.setAccountId(ACCOUNT);
        spec.setEndpoint(cf.scimBaseUrl());
        spec.setAllowInsecureEndpoint(true);
        spec.setTokenSecretRef(new TokenSecretRef("cloudflare-scim-token", "token"));
        // The account's profile is the model's: today's user groups, or the first model's role groups.
        spec.setGroupMode(model.groupMode());
        spec.setAssignments(new Assignments(List.of(), List.of(), new LabelSelectorBuilder()
                .addToMatchLabels("bench.cfscim.dev/member", "true").build()));
        spec.setResyncInterval("10m");
        // Half the edits take a role away (warm-up and measured): the rail's default, 50 an hour,
        // would rightly hold the 51st, and the edit would wait for the next window.
        spec.setRoleRemovalLimit(ScimAppSpec.DEFAULT_ROLE_REMOVAL_LIMIT + edits);
        // The emulator's limit is off here: the budget must not pace the convergence either.
        spec.setRequestBudget(new RequestBudget(Integer.MAX_VALUE, "1s", 1.0));
        app.setSpec(spec);
        return app;
    }

    static String resourceName(String userName) {
        return userName.substring(0, userName.indexOf('@'));
    }

    static String groupName(Workload workload, String role) {
        return "group-" + workload.roles().indexOf(role);
    }

    /** Heap after a full collection, and the process's resident set. */
    record Memory(double heapMb, double rssMb) {
        static Memory measure() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Memory(heap / 1048576.0, Machine.rssKb() / 1024.0);
        }
    }

    /** Polls a condition; used to wait for the system under test, never to time it. */
    static final class Poll {
        private Poll() {
        }

        static void until(String what, Duration timeout, BooleanSupplier condition) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("timed out waiting for " + what);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }
    }
}
