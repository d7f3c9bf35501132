package dev.cfscim.cli;

import dev.cfscim.api.DurationRange;
import dev.cfscim.controller.EndpointAllowList;
import dev.cfscim.controller.OperatorRuntime;
import dev.cfscim.controller.ReconcilerSettings;
import dev.cfscim.controller.SharedStrings;
import dev.cfscim.scim.TokenBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cfscim operator}: runs the controller against the cluster of the kubeconfig (or the
 * in-cluster service account), until stopped. The image's default command.
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Run the operator: reconcile ScimApps and their users, groups and bindings continuously.")
final class OperatorCommand extends TerminalCommand {

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

    @Option(names = "--ledger-namespace", description = "Namespace of the removal ledgers, one ConfigMap "
            + "cfscim-ledger-<accountId> per Cloudflare account (default: $POD_NAMESPACE, then the kubeconfig's namespace).")
    String ledgerNamespace;

    @Option(names = "--log-level", defaultValue = "info", description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--log-format", defaultValue = "text", description = "text, or json for one JSON object per line (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--default-resync-interval", defaultValue = "10m",
            description = "Full-scan interval of ScimApps that set no resyncInterval (default: ${DEFAULT-VALUE}).")
    String defaultResyncInterval;

    @Option(names = "--default-request-budget-requests", defaultValue = "1200",
            description = "Requests per window of ScimApps that set no requestBudget (default: ${DEFAULT-VALUE}).")
    int defaultBudgetRequests;

    @Option(names = "--default-request-budget-per", defaultValue = "5m",
            description = "The window of that default budget (default: ${DEFAULT-VALUE}).")
    String defaultBudgetPer;

    @Option(names = "--default-request-budget-headroom", defaultValue = "0.9",
            description = "The share of that budget the operator uses (default: ${DEFAULT-VALUE}).")
    double defaultBudgetHeadroom;

    @Option(names = "--allowed-endpoint-hosts", paramLabel = "HOSTS",
            description = "Hosts beside api.cloudflare.com that a ScimApp's spec.endpoint may name, comma-separated: "
                    + "host, host:port or *.domain (default: none; a ScimApp naming another host is EndpointNotAllowed "
                    + "and its token is never sent).")
    String allowedEndpointHosts;

    @Override
    int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        Logs.configure(logLevel, logFormat);
        KubernetesClient client = SharedStrings.clientBuilder().build();
        ReconcilerSettings settings = ReconcilerSettings.defaults().with(s -> {
            s.defaultResync = duration("--default-resync-interval", defaultResyncInterval, DurationRange.RESYNC);
            s.defaultBudget = budget();
            s.allowedEndpoints = allowedEndpoints();
        });
        String ledgers;
        try {
            // Resolved here ($POD_NAMESPACE, then the kubeconfig's), so that a missing one is a clear error.
            ledgers = OperatorRuntime.Options.defaults().with(o -> o.ledgerNamespace = ledgerNamespace)
                    .ledgerNamespace(client);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        OperatorRuntime.LeaderElection election = null;
        if (leaderElection) {
            String namespace = leaseNamespace != null ? leaseNamespace
                    : System.getenv("POD_NAMESPACE") != null ? System.getenv("POD_NAMESPACE") : client.getNamespace();
            if (namespace == null) {
                throw new UserError("leader election needs a namespace for its Lease: pass --lease-namespace");
            }
            election = OperatorRuntime.LeaderElection.of(leaseName, namespace);
        }
        OperatorRuntime.LeaderElection leadership = election;
        OperatorRuntime.Options started = OperatorRuntime.Options.defaults().with(o -> {
            o.httpPort = httpPort;
            o.namespaces = watched();
            o.settings = settings;
            o.ledgerNamespace = ledgers;
            o.leaderElection = leadership;
        });
        OperatorRuntime runtime = OperatorRuntime.start(client, started);
        CountDownLatch stopped = runtime.closeOnShutdown(client);
        out.println("cfscim operator: watching " + (started.namespaces().isEmpty() ? "all namespaces"
                : String.join(", ", started.namespaces())) + " at " + client.getMasterUrl()
                + "; removal ledgers in namespace " + started.ledgerNamespace()
                + (runtime.httpPort() > 0 ? "; probes and metrics on :" + runtime.httpPort() : ""));
        out.flush();
        stopped.await();
        return 0;
    }

    /** The flag's duration, within the bounds a ScimApp's own field has. */
    private static java.time.Duration duration(String option, String value, DurationRange range) {
        try {
            return range.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + " " + value + ": " + e.getMessage());
        }
    }

    private TokenBudget.Limit budget() {
        try {
            return new TokenBudget.Limit(defaultBudgetRequests, duration("--default-request-budget-per", defaultBudgetPer,
                    DurationRange.REQUEST_WINDOW), defaultBudgetHeadroom);
        } catch (IllegalArgumentException e) {
            throw new UserError("invalid default request budget: " + e.getMessage());
        }
    }

    private EndpointAllowList allowedEndpoints() {
        try {
            return EndpointAllowList.parse(allowedEndpointHosts);
        } catch (IllegalArgumentException e) {
            throw new UserError("--allowed-endpoint-hosts: " + e.getMessage());
        }
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
