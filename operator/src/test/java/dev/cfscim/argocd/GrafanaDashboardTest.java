package dev.cfscim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard (helm/cloudflare-scim-operator/files/grafana-dashboard.json, also for
 * import by hand): datasource and namespace variables, and every
 * PromQL expression uses only metrics the operator exposes (as Prometheus names the series) and
 * labels they carry.
 */
public class GrafanaDashboardTest {

    /** The operator's own metrics (OperatorMetrics), as exposed on /metrics. */
    public static final Set<String> CFSCIM = Set.of(
            "cfscim_scim_requests_total",
            "cfscim_scim_request_seconds_count", "cfscim_scim_request_seconds_sum", "cfscim_scim_request_seconds_max",
            "cfscim_scim_request_seconds_bucket",
            "cfscim_build_info",
            "cfscim_request_budget_remaining",
            "cfscim_rate_limited_total",
            "cfscim_changes_applied_total",
            "cfscim_changes_held_total",
            "cfscim_apps_drifted",
            "cfscim_apps_blocked",
            "cfscim_leader");

    /** JOSDK 5.2.3's MicrometerMetrics, as exposed on /metrics (checked by JosdkMetricNamesTest). */
    public static final Set<String> JOSDK = Set.of(
            "operator_sdk_reconciliations_started_total",
            "operator_sdk_reconciliations_success_total",
            "operator_sdk_reconciliations_failed_total",
            "operator_sdk_controllers_execution_reconcile_seconds_bucket",
            "operator_sdk_controllers_execution_reconcile_failure_total");

    private static final Set<String> LABELS = Set.of("method", "route", "status", "token", "action", "reason",
            "kind", "controller", "exception", "le", "namespace", "pod", "instance", "job");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(RepoFiles.path("helm/cloudflare-scim-operator/files/grafana-dashboard.json").toFile());
    }

    static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            collect(panel, exprs);
        }
        return exprs;
    }

    private static void collect(JsonNode panel, List<String> exprs) {
        for (JsonNode target : panel.path("targets")) {
            exprs.add(target.path("expr").asText());
        }
        for (JsonNode inner : panel.path("panels")) {
            collect(inner, exprs);
        }
    }

    /** The metric names a PromQL expression selects: identifiers outside braces, by-clauses and ranges, not functions. */
    public static Set<String> metricsIn(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group();
            int after = m.end();
            while (after < s.length() && s.charAt(after) == ' ') {
                after++;
            }
            boolean function = after < s.length() && s.charAt(after) == '(';
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !number && !KEYWORDS.contains(name)) {
                metrics.add(name);
            }
        }
        return metrics;
    }

    static Set<String> labelsIn(String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher grouping = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(expr);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        Matcher matchers = Pattern.compile("\\{([^}]*)}").matcher(expr);
        while (matchers.find()) {
            Matcher name = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)").matcher(matchers.group(1));
            while (name.find()) {
                labels.add(name.group(1));
            }
        }
        return labels;
    }

    @Test
    void isAnImportableDashboard() throws IOException {
        JsonNode d = dashboard();
        assertThat(d.path("title").asText()).isNotBlank();
        assertThat(d.path("uid").asText()).isNotBlank();
        assertThat(d.path("schemaVersion").asInt()).isBetween(36, 41);
        // Variables, not an import-time input: the Grafana sidecar loads the chart's ConfigMap as it is.
        JsonNode variables = d.path("templating").path("list");
        assertThat(variables.findValuesAsText("name")).containsExactly("datasource", "namespace");
        assertThat(variables.get(0).path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get(0).path("query").asText()).isEqualTo("prometheus");
        assertThat(variables.get(1).path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        List<String> titles = new ArrayList<>();
        d.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(titles).doesNotContain("").doesNotHaveDuplicates();
        for (JsonNode panel : d.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                        .isEqualTo("${datasource}");
                assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
                assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
            }
        }
        List<String> ids = new ArrayList<>();
        d.path("panels").forEach(p -> ids.add(p.path("id").asText()));
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void panelsTheOperatorsNeed() throws IOException {
        List<String> titles = new ArrayList<>();
        dashboard().path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(titles).contains("Reconcile rate and failures", "Reconcile duration p50 / p95",
                "SCIM requests by route and status", "SCIM errors and 429s", "Request budget remaining per token",
                "Changes applied by action", "Changes held by reason", "Apps drifted / blocked");
    }

    @Test
    void everyExpressionUsesOnlyTheOperatorsMetrics() throws IOException {
        List<String> exprs = expressions(dashboard());
        assertThat(exprs).hasSizeGreaterThan(10).doesNotContain("");
        Set<String> known = new LinkedHashSet<>(CFSCIM);
        known.addAll(JOSDK);
        Set<String> used = new LinkedHashSet<>();
        for (String expr : exprs) {
            Set<String> metrics = metricsIn(expr);
            assertThat(metrics).as(expr).isNotEmpty();
            assertThat(known).as(expr).containsAll(metrics);
            assertThat(LABELS).as(expr).containsAll(labelsIn(expr));
            // Each series is narrowed to the chosen operator namespaces (the variable).
            for (String metric : metrics) {
                assertThat(expr).as(metric).contains(metric + "{namespace=~\"$namespace\"");
            }
            used.addAll(metrics);
        }
        // Every metric docs/operator.md documents is on the dashboard.
        assertThat(used).contains("cfscim_scim_requests_total", "cfscim_request_budget_remaining",
                "cfscim_rate_limited_total", "cfscim_changes_applied_total", "cfscim_changes_held_total",
                "cfscim_apps_drifted", "cfscim_apps_blocked", "cfscim_scim_request_seconds_count",
                "cfscim_scim_request_seconds_bucket", "cfscim_leader",
                "operator_sdk_reconciliations_started_total", "operator_sdk_reconciliations_failed_total",
                "operator_sdk_controllers_execution_reconcile_seconds_bucket");
    }

    @Test
    void theExpressionParserSeesMetricsNotFunctionsOrLabels() {
        assertThat(metricsIn("histogram_quantile(0.95, sum by (le) (rate(foo_seconds_bucket{route=\"/Users\"}[5m])))"))
                .containsExactly("foo_seconds_bucket");
        assertThat(metricsIn("sum(a_total) / sum(rate(b_total[$__rate_interval])) or vector(0)"))
                .containsExactly("a_total", "b_total");
        assertThat(labelsIn("sum by (method, route) (rate(x{status!~\"2..\"}[1m]))"))
                .containsExactly("method", "route", "status");
    }
}
