package dev.cfscim.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import org.junit.jupiter.api.Test;

/**
 * The ServiceMonitor is rendered only when enabled AND the cluster serves monitoring.coreos.com/v1.
 * {@code helm template} cannot be told which APIs a cluster serves through helm-java (no
 * --api-versions), so these tests run Helm's dry-run install against {@link FakeApiServer}: Helm
 * discovers the API groups, renders, maps every object to its API and looks each one up (a GET), and
 * stops before creating anything. Which objects were rendered shows in those GETs.
 */
class ServiceMonitorTest {
    static final String SERVICE_MONITOR = "GET /apis/monitoring.coreos.com/v1/namespaces/" + Chart.NAMESPACE
            + "/servicemonitors/" + Chart.FULLNAME;

    @Test
    void renderedWhenEnabledAndTheClusterServesTheApi() throws Exception {
        try (FakeApiServer cluster = new FakeApiServer(true)) {
            Release release = dryRunInstall(cluster, true);
            assertThat(cluster.requests()).contains(SERVICE_MONITOR,
                    "GET /api/v1/namespaces/" + Chart.NAMESPACE + "/services/" + Chart.FULLNAME + "-metrics");
            assertThat(release.getOutput()).doesNotContain("no ServiceMonitor was created");
        }
    }

    @Test
    void notRenderedWhenTheClusterDoesNotServeTheApi() throws Exception {
        try (FakeApiServer cluster = new FakeApiServer(false)) {
            Release release = dryRunInstall(cluster, true);
            assertThat(cluster.requests()).doesNotContain(SERVICE_MONITOR)
                    .contains("GET /apis/apps/v1/namespaces/" + Chart.NAMESPACE + "/deployments/" + Chart.FULLNAME);
            assertThat(release.getOutput()).as("NOTES")
                    .contains("the cluster does not serve monitoring.coreos.com/v1", "no ServiceMonitor was created");
        }
    }

    @Test
    void notRenderedWhenDisabledEvenIfTheClusterServesTheApi() throws Exception {
        try (FakeApiServer cluster = new FakeApiServer(true)) {
            dryRunInstall(cluster, false);
            assertThat(cluster.requests()).doesNotContain(SERVICE_MONITOR)
                    .contains("GET /apis/apps/v1/namespaces/" + Chart.NAMESPACE + "/deployments/" + Chart.FULLNAME);
        }
    }

    @Test
    void notesTellTheNextSteps() throws Exception {
        try (FakeApiServer cluster = new FakeApiServer(true)) {
            assertThat(dryRunInstall(cluster, true).getOutput()).as("NOTES").contains(
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

    static Release dryRunInstall(FakeApiServer cluster, boolean serviceMonitor) {
        return new Helm(Chart.renderable()).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withValuesFile(Chart.NAMESPACED_VALUES)
                .set("metrics.serviceMonitor.enabled", serviceMonitor)
                .withKubeConfigContents(cluster.kubeconfig())
                .dryRun().withDryRunOption(DryRun.CLIENT).disableOpenApiValidation()
                .call();
    }
}
