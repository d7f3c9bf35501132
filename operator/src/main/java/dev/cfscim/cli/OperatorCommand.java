package dev.cfscim.cli;

import dev.cfscim.controller.OperatorRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cfscim operator}: runs the controller against the cluster of the kubeconfig (or the
 * in-cluster service account), until stopped. The image's default command.
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Run the operator: reconcile ScimApps and their users, groups and bindings continuously.")
final class OperatorCommand implements Callable<Integer> {

    @Option(names = "--namespaces", split = ",", paramLabel = "NS",
            description = "Namespaces to watch, comma-separated (default: all). Also $WATCH_NAMESPACES.")
    List<String> namespaces;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port of /healthz, /readyz and /metrics; -1 for none (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--leader-election", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Elect a leader through a Lease, so that only one replica works (on when running more than one).")
    boolean leaderElection;

    @Option(names = "--lease-name", defaultValue = "cloudflare-scim-operator", description = "Name of the Lease (default: ${DEFAULT-VALUE}).")
    String leaseName;

    @Option(names = "--lease-namespace", description = "Namespace of the Lease (default: $POD_NAMESPACE, then the kubeconfig's namespace).")
    String leaseNamespace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        KubernetesClient client = new KubernetesClientBuilder().build();
        OperatorRuntime.Options options = OperatorRuntime.Options.defaults().withHttpPort(httpPort)
                .withNamespaces(watched());
        if (leaderElection) {
            String namespace = leaseNamespace != null ? leaseNamespace
                    : System.getenv("POD_NAMESPACE") != null ? System.getenv("POD_NAMESPACE") : client.getNamespace();
            if (namespace == null) {
                throw new UserError("leader election needs a namespace for its Lease: pass --lease-namespace");
            }
            options = options.withLeaderElection(leaseName, namespace);
        }
        OperatorRuntime runtime = OperatorRuntime.start(client, options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            client.close();
            stopped.countDown();
        }, "cfscim-shutdown"));
        out.println("cfscim operator: watching " + (options.namespaces().isEmpty() ? "all namespaces"
                : String.join(", ", options.namespaces())) + " at " + client.getMasterUrl()
                + (runtime.httpPort() > 0 ? "; probes and metrics on :" + runtime.httpPort() : ""));
        out.flush();
        stopped.await();
        return 0;
    }

    private Set<String> watched() {
        Set<String> watched = new LinkedHashSet<>();
        if (namespaces != null) {
            namespaces.stream().map(String::strip).filter(ns -> !ns.isEmpty()).forEach(watched::add);
        } else if (System.getenv("WATCH_NAMESPACES") != null) {
            for (String ns : System.getenv("WATCH_NAMESPACES").split(",")) {
                if (!ns.isBlank()) {
                    watched.add(ns.strip());
                }
            }
        }
        return watched;
    }
}
