package dev.cfscim.bench;

import dev.cfscim.api.ScimApp;
import dev.cfscim.cli.EmbeddedCluster;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.RateLimit;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The operator's memory, measured in a JVM of its own: the operator's runtime in a child process
 * ({@link OperatorProcess}) with the Helm chart's JVM options in the chart's 512Mi container ({@code -XX:MaxRAM=512m}, as the
 * JVM reads a container's limit), against the mock API server and the emulator in this process. It
 * converges the workload, takes edits, goes quiet; then its resident set (now, and the most it ever
 * had) and the objects alive on its heap after a full collection are its own, with none of the
 * mock's, the emulator's or the bench's in them.
 */
final class OperatorFootprint {

    /** The chart's limit, and the options its Deployment gives the JVM (values.yaml javaToolOptions). */
    static final long LIMIT_MIB = 512;
    static final List<String> CHART_JVM = List.of("-XX:MaxRAM=" + LIMIT_MIB + "m", "-XX:MaxRAMPercentage=55.0",
            "-XX:+ExitOnOutOfMemoryError");
    /** The child's client names itself, so that its writes are told from the bench's in the mock's log. */
    private static final String AGENT = "cfscim-operator-child";

    /**
     * What the run found: {@code exitedEarly} the child's exit code had it died before the end (an
     * out-of-memory exit, say), else null; memory in MiB, -1 where unknown.
     */
    record Result(GroupModel model, int users, double convergeSeconds, List<Double> editMillis, double liveHeapMib,
                  double rssMib, double peakRssMib, Integer exitedEarly) {

        Result {
            editMillis = List.copyOf(editMillis);
        }
    }

    private OperatorFootprint() {
    }

    /**
     * {@code edits} back-to-back edits after converging; the child's output is in a temporary folder,
     * deleted after a run that went well and named in the progress when it did not.
     */
    static Result run(GroupModel model, Workload workload, int edits, long seed, Progress progress) {
        Path dir = ChildJvm.workDir("cfscim-operator-bench-");
        try (CloudflareEmulator cf = CloudflareEmulator.builder().profile(model.profile())
                .account(OperatorScenario.ACCOUNT, OperatorScenario.TOKEN).rateLimit(RateLimit.OFF)
                .superAdmin(OperatorScenario.OWNER).build().start();
             EmbeddedCluster cluster = EmbeddedCluster.start()) {
            KubernetesClient kube = cluster.client();
            OperatorScenario.declare(kube, workload, progress);
            cluster.takeRequests();
            int n = workload.users().size();
            ChildJvm.Running operator = ChildJvm.start(dir, "operator-" + model.name().toLowerCase() + "-" + n,
                    jvmOptions(kube), OperatorProcess.class.getName(), OperatorScenario.NAMESPACE);
            try {
                long start = System.nanoTime();
                kube.resource(OperatorScenario.app(cf, model, edits)).create();
                OperatorScenario.Poll.until("the operator in its own JVM provisions " + n + " users",
                        Duration.ofMinutes(30), () -> {
                            ScimApp app = kube.resources(ScimApp.class).inNamespace(OperatorScenario.NAMESPACE)
                                    .withName(OperatorScenario.APP).get();
                            return !operator.alive() || app != null && app.getStatus() != null
                                    && app.getStatus().getProvisioned() != null && app.getStatus().getProvisioned() == n
                                    && Convergence.holds(cf.account(), model, workload, true);
                        });
                if (!operator.alive()) {
                    return died(model, n, operator, dir, progress);
                }
                double convergeSeconds = (System.nanoTime() - start) / 1e9;
                quiesce(cluster, operator);
                // Back to back: the spaced edits' timing reads the in-process operator's metrics.
                List<Double> editMillis = new ArrayList<>();
                new OperatorEdits(kube, cf, null, model, workload,
                                none -> "the operator in its own JVM; its log ends:\n" + operator.errTail()).run(edits, new Random(seed), false)
                        .forEach(t -> editMillis.add(t.millis()));
                quiesce(cluster, operator);
                if (!operator.alive()) {
                    return died(model, n, operator, dir, progress);
                }
                double peak = mib(operator.peakRssKb());
                double rss = mib(operator.rssKb());
                long live = operator.liveHeapBytes();
                Result result = new Result(model, n, convergeSeconds, editMillis, live < 0 ? -1 : live / 1048576.0,
                        rss, peak, null);
                progress.say("%s operator in its own JVM at %d users: converged in %.1f s; live heap %.0f MiB, "
                        + "RSS %.0f MiB (peak %.0f MiB) under -XX:MaxRAM=%dm", model.label(), n, convergeSeconds,
                        result.liveHeapMib(), rss, peak, LIMIT_MIB);
                operator.stop();
                ChildJvm.delete(dir);
                return result;
            } finally {
                operator.stop();
            }
        }
    }

    private static Result died(GroupModel model, int users, ChildJvm.Running operator, Path dir, Progress progress) {
        int exit = operator.process().exitValue();
        progress.say("%s operator in its own JVM at %d users exited %d before the end (its output: %s):%n%s",
                model.label(), users, exit, dir, operator.errTail());
        return new Result(model, users, -1, List.of(), -1, -1, -1, exit);
    }

    private static double mib(long kb) {
        return kb < 0 ? -1 : kb / 1024.0;
    }

    /** The chart's options, and the mock API server as the child's cluster (no kubeconfig, no service account). */
    private static List<String> jvmOptions(KubernetesClient kube) {
        List<String> options = new ArrayList<>(CHART_JVM);
        options.add("-Dkubernetes.master=" + kube.getMasterUrl());
        options.add("-Dkubernetes.auth.tryKubeConfig=false");
        options.add("-Dkubernetes.auth.tryServiceAccount=false");
        options.add("-Dkubernetes.namespace=" + OperatorScenario.NAMESPACE);
        options.add("-Dkubernetes.user.agent=" + AGENT);
        return options;
    }

    /**
     * Waits until the child has written nothing to the API server for two seconds (its status
     * writes follow the convergence and each edit); its reconcile metrics are in another process.
     */
    private static void quiesce(EmbeddedCluster cluster, ChildJvm.Running operator) {
        long[] lastWrite = {System.nanoTime()};
        OperatorScenario.Poll.until("the operator in its own JVM goes quiet", Duration.ofMinutes(5), () -> {
            boolean wrote = cluster.takeRequests().stream()
                    .anyMatch(r -> AGENT.equals(r.userAgent()) && !r.method().equals("GET"));
            long now = System.nanoTime();
            if (wrote) {
                lastWrite[0] = now;
            }
            return !operator.alive() || now - lastWrite[0] > 2_000_000_000L;
        });
    }
}
