package dev.cfscim.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

/**
 * The running operator: JOSDK with the ScimApp controller, leader election through a Lease when
 * asked, Prometheus metrics, and the probes' endpoints ({@code /healthz}, {@code /readyz},
 * {@code /metrics}) on one port.
 */
public final class OperatorRuntime implements AutoCloseable {

    /**
     * How to run: {@code namespaces} empty watches all; {@code serverSideApply} off only where the
     * API server cannot do it (fabric8's mock); {@code leaseNamespace} null runs without leader
     * election; {@code httpPort} -1 serves no probes or metrics.
     */
    public record Options(Set<String> namespaces, boolean serverSideApply, String leaseName, String leaseNamespace,
                          int httpPort, ScimAppReconciler.Settings settings) {

        public static Options defaults() {
            return new Options(Set.of(), true, null, null, 8080, ScimAppReconciler.Settings.defaults());
        }

        public Options withServerSideApply(boolean on) {
            return new Options(namespaces, on, leaseName, leaseNamespace, httpPort, settings);
        }

        public Options withHttpPort(int port) {
            return new Options(namespaces, serverSideApply, leaseName, leaseNamespace, port, settings);
        }

        public Options withNamespaces(Set<String> watched) {
            return new Options(watched, serverSideApply, leaseName, leaseNamespace, httpPort, settings);
        }

        public Options withLeaderElection(String lease, String namespace) {
            return new Options(namespaces, serverSideApply, lease, namespace, httpPort, settings);
        }

        public Options withSettings(ScimAppReconciler.Settings reconcilerSettings) {
            return new Options(namespaces, serverSideApply, leaseName, leaseNamespace, httpPort, reconcilerSettings);
        }
    }

    private final Operator operator;
    private final PrometheusMeterRegistry registry;
    private final HttpServer http;

    private OperatorRuntime(Operator operator, PrometheusMeterRegistry registry, HttpServer http) {
        this.operator = operator;
        this.registry = registry;
        this.http = http;
    }

    public static OperatorRuntime start(KubernetesClient client, Options options) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(options.serverSideApply())
                    // Low cardinality: no series per ScimApp name.
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            if (options.leaseNamespace() != null) {
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(options.leaseName(),
                        options.leaseNamespace()));
            }
        });
        operator.register(new ScimAppReconciler(options.settings(), Clock.systemUTC(), new OperatorMetrics(registry)),
                config -> {
            if (options.namespaces().isEmpty()) {
                config.watchingAllNamespaces();
            } else {
                config.settingNamespaces(options.namespaces());
            }
        });
        operator.start();
        HttpServer http = options.httpPort() < 0 ? null
                : probes(operator, registry, options.httpPort(), options.leaseNamespace() != null);
        return new OperatorRuntime(operator, registry, http);
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

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
        operator.stop();
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
            server.createContext("/metrics", exchange -> answer(exchange, 200, registry.scrape()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve probes and metrics on port " + port, e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
