package dev.cfscim.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.api.ScimApp;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JOSDK series the dashboard and the docs query are the ones JOSDK 5.2.3's MicrometerMetrics
 * (low-cardinality, as OperatorRuntime configures it) really exposes on /metrics. Drives the
 * metrics object as JOSDK's controller does for a ScimApp reconcile that succeeds and one that throws.
 */
class JosdkMetricNamesTest {

    private static final String CONTROLLER = "scimapp";

    @Test
    void dashboardSeriesExistInJosdksScrape() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetrics metrics = MicrometerMetrics.withoutPerResourceMetrics(registry);
        registerController(metrics);
        ScimApp app = new ScimApp();
        app.getMetadata().setName("acme-prod");
        app.getMetadata().setNamespace("cfscim");
        Map<String, Object> metadata = Map.of("josdk.resource.gvk", GroupVersionKind.gvkFor(ScimApp.class),
                "controller.name", CONTROLLER);

        metrics.reconcileCustomResource(app, null, metadata);
        metrics.reconciliationExecutionStarted(app, metadata);
        metrics.timeControllerExecution(execution(app, metadata, false));
        metrics.reconciliationExecutionFinished(app, metadata);
        metrics.finishedReconciliation(app, metadata);

        metrics.reconcileCustomResource(app, null, metadata);
        assertThatThrownBy(() -> metrics.timeControllerExecution(execution(app, metadata, true)))
                .hasMessageContaining("boom");
        metrics.failedReconciliation(app, new IllegalStateException("boom"), metadata);

        Set<String> series = registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.replaceAll("[{ ].*", "")).collect(Collectors.toSet());
        assertThat(series).containsAll(GrafanaDashboardTest.JOSDK);
        // Documented in docs/operations.md as well.
        assertThat(series).contains("operator_sdk_reconciliations_queue_size_" + CONTROLLER,
                "operator_sdk_reconciliations_executions_" + CONTROLLER,
                "operator_sdk_controllers_execution_reconcile_success_total");
        // Low cardinality: no series names the resource.
        assertThat(registry.scrape()).doesNotContain("acme-prod");
    }

    /** What controllerRegistered(Controller) sets up, without building a whole Controller. */
    @SuppressWarnings("unchecked")
    private static void registerController(MicrometerMetrics metrics) throws ReflectiveOperationException {
        Field gauges = MicrometerMetrics.class.getDeclaredField("gauges");
        gauges.setAccessible(true);
        Map<String, AtomicInteger> map = (Map<String, AtomicInteger>) gauges.get(metrics);
        Field registryField = MicrometerMetrics.class.getDeclaredField("registry");
        registryField.setAccessible(true);
        var registry = (io.micrometer.core.instrument.MeterRegistry) registryField.get(metrics);
        for (String name : new String[] {"operator.sdk.reconciliations.executions." + CONTROLLER,
                "operator.sdk.reconciliations.queue.size." + CONTROLLER}) {
            map.put(name, registry.gauge(name, new AtomicInteger(0)));
        }
    }

    private static Metrics.ControllerExecution<String> execution(ScimApp app, Map<String, Object> metadata,
                                                                 boolean fail) {
        return new Metrics.ControllerExecution<>() {
            @Override
            public String name() {
                return "reconcile";
            }

            @Override
            public String controllerName() {
                return CONTROLLER;
            }

            @Override
            public String successTypeName(String result) {
                return "status";
            }

            @Override
            public ResourceID resourceID() {
                return ResourceID.fromResource(app);
            }

            @Override
            public Map<String, Object> metadata() {
                return metadata;
            }

            @Override
            public String execute() {
                if (fail) {
                    throw new IllegalStateException("boom");
                }
                return "done";
            }
        };
    }
}
