package dev.cfscim.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ServiceMonitor and the PrometheusRule are gated alike, as cert-manager's chart gates its own:
 * each is rendered whenever its value enables it, whatever APIs the cluster serves (no
 * .Capabilities check, so {@code helm template} renders what an install does); on a cluster that does
 * not serve monitoring.coreos.com/v1 the install then fails naming the kind, never leaving it out
 * unsaid; and a ServiceMonitor asked for without the Service it scrapes fails the render. The install
 * runs as Helm's dry-run against {@link FakeApiServer}: Helm discovers the API groups, renders, maps
 * every object to its API and looks each one up (a GET), and stops before creating anything. Which
 * objects were rendered shows in those GETs.
 */
class ServiceMonitorTest {
    static final String SERVICE_MONITOR = "GET /apis/monitoring.coreos.com/v1/namespaces/" + Chart.NAMESPACE
            + "/servicemonitors/" + Chart.FULLNAME;
    static final String PROMETHEUS_RULE = "GET /apis/monitoring.coreos.com/v1/namespaces/" + Chart.NAMESPACE
            + "/prometheusrules/" + Chart.FULLNAME;

    @Test
    void bothRenderedWhenEnabledAndTheClusterServesTheApi() throws Exception {
        try (FakeApiServer cluster = new FakeApiServer(true)) {
            dryRunInstall(cluster, true, true);
            assertThat(cluster.requests()).contains(SERVICE_MONITOR, PROMETHEUS_RULE,
                    "GET /api/v1/namespaces/" + Chart.NAMESPACE + "/services/" + Chart.FULLNAME + "-metrics");
        }
    }

    @Test
    void theInstallFailsNamingTheKindWhenTheClusterDoesNotServeTheApi() throws Exception {
        for (boolean serviceMonitor : List.of(true, false)) {
            try (FakeApiServer cluster = new FakeApiServer(false)) {
                String kind = serviceMonitor ? "ServiceMonitor" : "PrometheusRule";
                assertThatThrownBy(() -> dryRunInstall(cluster, serviceMonitor, !serviceMonitor)).as(kind)
                        .hasMessageContaining("no matches for kind \"" + kind + "\"")
                        .hasMessageContaining("monitoring.coreos.com/v1");
                assertThat(cluster.requests()).as("nothing looked up, so nothing would have been created")
                        .noneMatch(r -> r.contains("/deployments/"));
            }
        }
    }

    @Test
    void neitherRenderedWhenDisabledEvenIfTheClusterServesTheApi() throws Exception {
        try (FakeApiServer cluster = new FakeApiServer(true)) {
            dryRunInstall(cluster, false, false);
            assertThat(cluster.requests()).doesNotContain(SERVICE_MONITOR, PROMETHEUS_RULE)
                    .contains("GET /apis/apps/v1/namespaces/" + Chart.NAMESPACE + "/deployments/" + Chart.FULLNAME);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void helmTemplateRendersBothWithoutBeingToldTheApiExists() {
        // helm template knows only the built-in APIs: a .Capabilities check would leave them out here.
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t.set("metrics.serviceMonitor.enabled", true)
                .set("metrics.serviceMonitor.labels.release", "kube-prometheus-stack").set("prometheusRule.enabled", true)));
        GenericKubernetesResource monitor = (GenericKubernetesResource) Chart.byKind(objects, "ServiceMonitor").orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        assertThat((List<Map<String, Object>>) spec.get("endpoints")).singleElement().satisfies(endpoint -> {
            assertThat(endpoint).containsEntry("port", "http-metrics").containsEntry("path", "/metrics");
            // cfscim_app_condition's namespace label is the ScimApp's: kept, not renamed exported_namespace.
            assertThat(endpoint).containsEntry("honorLabels", true);
        });
        assertThat(Chart.byKind(objects, "PrometheusRule")).get().extracting(HasMetadata::getApiVersion)
                .isEqualTo("monitoring.coreos.com/v1");
    }

    @Test
    void aServiceMonitorWithoutTheServiceItScrapesFailsTheRender() {
        assertThatThrownBy(() -> Chart.template(t -> t.set("metrics.serviceMonitor.enabled", true)
                .set("metrics.service.enabled", false)))
                .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
    }

    @Test
    void notesTellTheNextSteps() throws Exception {
        try (FakeApiServer cluster = new FakeApiServer(true)) {
            assertThat(dryRunInstall(cluster, true, false).getOutput()).as("NOTES").contains(
                    "It watches the namespaces: cfscim.",
                    "kubectl -n cfscim create secret generic cloudflare-scim-token --from-literal=token=",
                    "kubectl -n cfscim label secret cloudflare-scim-token scim.cfscim.dev/token=true",
                    "kubectl -n cfscim get cfscim",
                    "kubectl -n cfscim wait --for=condition=Ready scimapp/<NAME>",
                    "kubectl explain scimapp.spec",
                    "helm upgrade upgrades them, and helm uninstall leaves them")
                    // Only commands that work from an installed chart: no path into the repository.
                    .doesNotContain("-f examples/", "-f crds/");
        }
    }

    static Release dryRunInstall(FakeApiServer cluster, boolean serviceMonitor, boolean prometheusRule) {
        return new Helm(Chart.renderable()).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withValuesFile(Chart.NAMESPACED_VALUES)
                .set("metrics.serviceMonitor.enabled", serviceMonitor)
                .set("prometheusRule.enabled", prometheusRule)
                .withKubeConfigContents(cluster.kubeconfig())
                .dryRun().withDryRunOption(DryRun.CLIENT).disableOpenApiValidation()
                .call();
    }
}
