package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Condition;
import dev.cfscim.api.ScimApp;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A running operator's /metrics, scraped over HTTP as Prometheus does, passes what
 * {@code promtool check metrics} checks ({@link ExpositionFormat}, always; promtool itself too where
 * it is installed), carries the JVM's and the process's metrics, and names each ScimApp's conditions
 * in {@code cfscim_app_condition} for as long as the app exists.
 */
@ExtendWith(PublishedSchemaCheck.class)
class MetricsScrapeTest {

    private static final String CONDITION = AppConditionMetrics.NAME;

    @AutoClose
    private OperatorHarness h;

    @Test
    void theScrapePassesTheLintersCarriesTheJvmAndNamesEachAppsConditions() throws Exception {
        h = new OperatorHarness();
        int port = h.startServingHttpWithExamplesConverged();

        HttpResponse<String> response = scrape(port);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        ExpositionFormat.Scrape scrape = ExpositionFormat.read(response.body());
        assertThat(scrape.problems()).as("problems in the scrape:\n%s", response.body()).isEmpty();
        assertThat(promtool(response.body())).as("promtool check metrics, where installed").isEmpty();

        // JOSDK's meters have a HELP of their own now, not the generic one.
        assertThat(scrape.families().get("operator_sdk_reconciliations_started_total").help())
                .isEqualTo("Reconciles started (JOSDK)");
        assertThat(scrape.families().values()).allSatisfy(f -> assertThat(f.help()).as(f.name())
                .doesNotContain("registered without a description"));
        // The JVM and the process, as Micrometer's binders name them.
        assertThat(scrape.families()).containsKeys("jvm_memory_used_bytes",
                "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage",
                "process_files_open_files", "process_uptime_seconds", "process_start_time_seconds", "process_cpu_seconds_total",
                "system_available_processors");
        // jvm_gc_pause_seconds appears with the first collection after the operator started, which a
        // short run may not have had; the GC binder's other series are there from the start.
        assertThat(scrape.families()).containsKeys("jvm_gc_memory_allocated_bytes_total", "jvm_gc_live_data_size_bytes");

        // Each condition of the app: 1 for its status, 0 for the two others, as kube-state-metrics.
        ScimApp app = h.app();
        List<Condition> conditions = app.getStatus().getConditions();
        assertThat(conditions).extracting(Condition::type).contains("Ready", "Synced", "Drifted", "DeprovisionBlocked");
        assertThat(value(scrape, "Ready", "true")).contains(1.0);
        assertThat(value(scrape, "Ready", "false")).contains(0.0);
        assertThat(value(scrape, "Ready", "unknown")).contains(0.0);
        assertThat(scrape.samples(CONDITION)).hasSize(conditions.size() * 3);

        // The app goes wrong: the gauge says so, naming it.
        h.setToken("not a token");
        eventually().until(() -> value(ExpositionFormat.read(scrape(port).body()), "Ready", "false")
                .equals(Optional.of(1.0)));
        assertThat(OperatorHarness.condition(h.app(), "Ready").map(Condition::status)).contains(Condition.FALSE);
        ExpositionFormat.Scrape failing = ExpositionFormat.read(scrape(port).body());
        assertThat(value(failing, "Ready", "true")).contains(0.0);
        assertThat(failing.problems()).isEmpty();

        // The app is deleted: its series go with it.
        h.kube.resources(ScimApp.class).inNamespace(OperatorHarness.NAMESPACE).withName("acme-prod").delete();
        eventually().until(() -> h.app() == null);
        eventually().until(() -> ExpositionFormat.read(scrape(port).body()).samples(CONDITION).isEmpty());
        ExpositionFormat.Scrape after = ExpositionFormat.read(scrape(port).body());
        assertThat(after.problems()).isEmpty();
        assertThat(after.families()).doesNotContainKey(CONDITION);
    }

    private static Optional<Double> value(ExpositionFormat.Scrape scrape, String type, String status) {
        Map<String, String> labels = Map.of("namespace", OperatorHarness.NAMESPACE, "name", "acme-prod", "type", type,
                "status", status);
        return scrape.samples(CONDITION).stream().filter(s -> s.labels().equals(labels))
                .map(ExpositionFormat.Sample::value).findFirst();
    }

    private static HttpResponse<String> scrape(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * What {@code promtool check metrics} says of the scrape (nothing when it passes); nothing where
     * promtool is not installed (CI's machines: Debian's {@code prometheus} package has it).
     */
    static String promtool(String scrape) throws IOException, InterruptedException {
        Optional<Path> promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        if (promtool.isEmpty()) {
            return "";
        }
        Process process = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
        return process.exitValue() == 0 ? output.strip() : "exit " + process.exitValue() + ": " + output;
    }
}
