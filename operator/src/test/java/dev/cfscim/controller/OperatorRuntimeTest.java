package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The running operator's probes and metrics (leader election: {@link LeaderElectionTest}). */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorRuntimeTest {

    @AutoClose
    private OperatorHarness h;

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesProbesAndPrometheusMetrics() throws Exception {
        h = new OperatorHarness();
        int port = h.startServingHttpWithExamplesConverged();

        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        eventually().until(() -> get(port, "/readyz").statusCode() == 200);
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("operator_sdk_reconciliations")
                .contains("cfscim_scim_requests_total{method=\"POST\",route=\"/Users\",status=\"201\"} 5.0")
                .contains("cfscim_scim_request_seconds_count{method=\"GET\",route=\"/Users\"}")
                // A histogram, so that a p95 can be summed across replicas.
                .contains("cfscim_scim_request_seconds_bucket{method=\"GET\",route=\"/Users\",le=\"0.25\"}")
                .contains("cfscim_scim_request_seconds_bucket{method=\"GET\",route=\"/Users\",le=\"+Inf\"}")
                .contains("cfscim_build_info{java_version=\"" + Runtime.version() + "\",version=\""
                        + BuildInfo.current().version() + "\"} 1")
                .contains("cfscim_changes_applied_total{action=\"createUser\"} 5.0")
                .contains("cfscim_changes_applied_total{action=\"addMembers\"}")
                .contains("cfscim_request_budget_remaining{token=")
                .contains("cfscim_apps_drifted 0.0")
                .contains("cfscim_apps_blocked 0.0")
                .contains("cfscim_leader 1.0");
    }
}
