package dev.cfscim.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cfscim.settings.RecordEdit;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: JOSDK with the ScimApp controller, leader election through a Lease when
 * asked, Prometheus metrics, and the probes' endpoints ({@code /healthz}, {@code /readyz},
 * {@code /metrics}) on one port.
 */
public final class OperatorRuntime implements AutoCloseable {

    /**
     * How to run: {@code namespaces} empty watches all; {@code serverSideApply} off only where the
     * API server cannot do it (fabric8's mock); {@code leaderElection} null runs without it;
     * {@code httpPort} -1 serves no probes or metrics; {@code ledgerNamespace}, the operator's own
     * namespace, keeps the accounts' removal ledgers (null: {@code $POD_NAMESPACE}, then the client's
     * namespace); {@code clock} the reconciles' time (the system's, UTC; a test moves its own to let a
     * removal window pass).
     */
    public record Options(Set<String> namespaces, boolean serverSideApply, LeaderElection leaderElection,
                          int httpPort, ReconcilerSettings settings, String ledgerNamespace, Clock clock) {

        /** Production's: every namespace, server-side apply, no leader election, probes on 8080. */
        public static Options defaults() {
            return new Options(Set.of(), true, null, 8080, ReconcilerSettings.defaults(), null, Clock.systemUTC());
        }

        /** A copy with what {@code edit} changes: {@code options.with(o -> o.httpPort = -1)}. */
        public Options with(Consumer<Builder> edit) {
            return RecordEdit.copy(this, new Builder(), edit);
        }

        /** The fields of a copy being made, filled from the record it copies. */
        public static final class Builder {
            /** The namespaces watched; empty watches all. */
            public Set<String> namespaces;
            public boolean serverSideApply;
            public LeaderElection leaderElection;
            public int httpPort;
            public ReconcilerSettings settings;
            public String ledgerNamespace;
            public Clock clock;

            private Builder() {
            }
        }

        /** The namespace of the removal ledgers: the one given, else {@code $POD_NAMESPACE}, else the client's. */
        public String ledgerNamespace(KubernetesClient client) {
            String namespace = ledgerNamespace != null ? ledgerNamespace
                    : System.getenv("POD_NAMESPACE") != null ? System.getenv("POD_NAMESPACE") : client.getNamespace();
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException("the removal ledgers need a namespace (the operator's own): "
                        + "pass --ledger-namespace or set $POD_NAMESPACE");
            }
            return namespace;
        }
    }

    /**
     * Leader election through the Lease {@code namespace/leaseName}. {@code identity} null is the
     * pod's name ($HOSTNAME). {@code onLoss} runs when leadership is lost while this replica is not
     * stopping: JOSDK does not stop reconciling then, so a replica that goes on would be a second
     * writer beside the new leader; in production it exits and Kubernetes restarts it as a standby.
     */
    public record LeaderElection(String leaseName, String namespace, String identity, Duration leaseDuration,
                                 Duration renewDeadline, Duration retryPeriod, Runnable onLoss) {

        /** Exits the process, from a thread of its own: the elector's thread may hold locks exit needs. */
        public static final Runnable EXIT = () -> new Thread(() -> System.exit(1), "cfscim-lost-lease").start();

        /** JOSDK's timings (15 s lease, 10 s renew deadline, 2 s retry), exiting on loss. */
        public static LeaderElection of(String leaseName, String namespace) {
            return new LeaderElection(leaseName, namespace, null, LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                    LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                    LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, EXIT);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

    private final Operator operator;
    private final PrometheusMeterRegistry registry;
    private final OperatorMetrics metrics;
    private final JvmMetrics jvm;
    private final HttpServer http;
    private final Leadership leadership;

    private OperatorRuntime(Operator operator, PrometheusMeterRegistry registry, OperatorMetrics metrics,
                            JvmMetrics jvm, HttpServer http, Leadership leadership) {
        this.operator = operator;
        this.registry = registry;
        this.metrics = metrics;
        this.jvm = jvm;
        this.http = http;
        this.leadership = leadership;
    }

    public static OperatorRuntime start(KubernetesClient client, Options options) {
        String ledgerNamespace = options.ledgerNamespace(client);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Before any meter registers: the filter applies at registration.
        registry.config().meterFilter(new MeterHelp());
        JvmMetrics jvm = new JvmMetrics(registry);
        Leadership leadership = new Leadership(options.leaderElection());
        Gauge.builder("cfscim_leader", leadership, l -> l.leading() ? 1 : 0)
                .description("1 while this replica does the work: it holds the Lease, or runs without leader election")
                .strongReference(true).register(registry);
        // An info metric straight on the Prometheus registry: Micrometer's gauge would lose the
        // _info suffix, which Prometheus's client keeps for info metrics alone.
        Info.builder().name("cfscim_build_info")
                .help("Always 1; its labels say which build and Java runtime this replica runs")
                .labelNames("version", "java_version")
                .register(registry.getPrometheusRegistry())
                .addLabelValues(BuildInfo.current().version(), Runtime.version().toString());
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(options.serverSideApply())
                    // Low cardinality: no series per ScimApp name.
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            if (options.leaderElection() != null) {
                o.withLeaderElectionConfiguration(leadership.configuration());
            }
        });
        OperatorMetrics metrics = new OperatorMetrics(registry);
        operator.register(new ScimAppReconciler(options.settings(), options.clock(), metrics, client,
                        ledgerNamespace),
                config -> {
            if (options.namespaces().isEmpty()) {
                config.watchingAllNamespaces();
            } else {
                config.settingNamespaces(options.namespaces());
            }
        });
        operator.start();
        HttpServer http = options.httpPort() < 0 ? null
                : probes(operator, registry, options.httpPort(), options.leaderElection() != null);
        return new OperatorRuntime(operator, registry, metrics, jvm, http, leadership);
    }

    public int httpPort() {
        return http == null ? -1 : http.getAddress().getPort();
    }

    public boolean ready() {
        return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Whether this replica does the work: it holds the Lease, or runs without leader election. */
    public boolean leading() {
        return leadership.leading();
    }

    @Override
    public void close() {
        // Before the operator stops: stopping ends the leadership, and that is no loss to act on.
        leadership.stopping();
        if (http != null) {
            http.stop(0);
        }
        operator.stop();
        metrics.close();
        jvm.close();
    }

    /**
     * When the JVM is asked to stop (SIGTERM from the kubelet, Ctrl-C), closes this runtime and its
     * {@code client}, in that order, from a shutdown hook; the latch opens once both are closed. For
     * a process whose whole job is the operator (the command, the benchmark's child): its main
     * thread awaits the latch.
     */
    public CountDownLatch closeOnShutdown(KubernetesClient client) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            client.close();
            stopped.countDown();
        }, "cfscim-shutdown"));
        return stopped;
    }

    /**
     * This replica's part in the election, seen through the elector's callbacks. JOSDK's own reaction
     * to a loss (exit) is off: it would also fire while stopping, and System.exit from a shutdown
     * hook blocks for ever, hanging the pod until it is killed.
     */
    private static final class Leadership {
        private final LeaderElection election;
        private final AtomicBoolean leading;
        private final AtomicBoolean stopping = new AtomicBoolean();

        Leadership(LeaderElection election) {
            this.election = election;
            this.leading = new AtomicBoolean(election == null);
        }

        boolean leading() {
            return leading.get();
        }

        void stopping() {
            stopping.set(true);
        }

        LeaderElectionConfiguration configuration() {
            var builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.leaseName())
                    .withLeaseNamespace(election.namespace())
                    .withLeaseDuration(election.leaseDuration())
                    .withRenewDeadline(election.renewDeadline())
                    .withRetryPeriod(election.retryPeriod())
                    .withExitOnStopLeading(false)
                    .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader));
            if (election.identity() != null) {
                builder.withIdentity(election.identity());
            }
            return builder.build();
        }

        private void started() {
            leading.set(true);
            LOG.info("Leading: this replica holds the Lease {}/{} and reconciles", election.namespace(),
                    election.leaseName());
        }

        private void stopped() {
            leading.set(false);
            if (stopping.get()) {
                LOG.info("Stopped leading: this replica is stopping");
                return;
            }
            LOG.error("Lost the Lease {}/{}: stopping this replica so that only the new leader writes",
                    election.namespace(), election.leaseName());
            election.onLoss().run();
        }

        private void newLeader(String identity) {
            LOG.info("The leader is now {}", identity);
        }
    }

    /**
     * Readiness is the informers' health; a standby replica under leader election has none running
     * and is ready as soon as it started: it is there to take over, and a rollout must not wait on it.
     */
    private static HttpServer probes(Operator operator, PrometheusMeterRegistry registry, int port,
                                     boolean leaderElection) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
            server.createContext("/healthz", exchange -> answer(exchange, 200, "ok"));
            server.createContext("/readyz", exchange -> {
                boolean ready = operator.getRuntimeInfo().isStarted()
                        && (leaderElection || operator.getRuntimeInfo().allEventSourcesAreHealthy());
                answer(exchange, ready ? 200 : 503, ready ? "ready" : "not ready: "
                        + operator.getRuntimeInfo().unhealthyEventSources().keySet());
            });
            server.createContext("/metrics", exchange -> answer(exchange, 200, registry.scrape(), TEXT_FORMAT));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve probes and metrics on port " + port, e);
        }
    }

    /** What registry.scrape() writes: Prometheus's text exposition format, version 0.0.4. */
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        answer(exchange, status, body, "text/plain; charset=utf-8");
    }

    private static void answer(HttpExchange exchange, int status, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
