package dev.cfscim.helm;

import static dev.cfscim.helm.Chart.FULLNAME;
import static dev.cfscim.helm.Chart.all;
import static dev.cfscim.helm.Chart.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import dev.cfscim.argocd.GrafanaDashboardTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the chart gives to run the operator well, as charts users trust do: a values schema that
 * refuses a bad value by name, the Kubernetes version the CRDs need, a PodDisruptionBudget and
 * topology spread for more than one replica, the alerts with severities and runbooks, and the Grafana
 * dashboard for the sidecar.
 */
class ChartOperationsTest {

    private static final Path OPERATIONS = Chart.DIR.getParent().getParent().resolve("docs/operations.md");

    @Test
    void aBadValueFailsTemplateWithTheValuesPathAndWhatIsAllowed() {
        assertThatThrownBy(() -> Chart.template(t -> t.set("replicas", "two")))
                .hasMessageContaining("replicas").hasMessageContaining("integer");
        assertThatThrownBy(() -> Chart.template(t -> t.set("logLevel", "verbose")))
                .hasMessageContaining("logLevel").hasMessageContaining("trace");
        assertThatThrownBy(() -> Chart.template(t -> t.set("replica", 2)))
                .as("a misspelt key is refused, not ignored").hasMessageContaining("replica");
        assertThatThrownBy(() -> Chart.template(t -> t.set("watchNamespaces[0]", "Team_A")))
                .hasMessageContaining("watchNamespaces");
    }

    @Test
    void theChartNeedsKubernetes125ForItsCelRules() throws IOException {
        assertThat(Files.readString(Chart.DIR.resolve("Chart.yaml"))).contains("kubeVersion: \">=1.25.0-0\"");
        // helm-java renders for Kubernetes 1.20, which Helm itself refuses for this chart.
        assertThatThrownBy(() -> new Helm(Chart.DIR).template().withName(Chart.RELEASE).call())
                .hasMessageContaining("chart requires kubeVersion: >=1.25.0-0");
        // The tests' copy differs from the chart in that line alone.
        assertThat(Files.readString(Chart.renderable().resolve("Chart.yaml")))
                .isEqualTo(Files.readString(Chart.DIR.resolve("Chart.yaml")).replace("kubeVersion: \">=1.25.0-0\"", ""));
    }

    @Test
    void oneReplicaHasNoDisruptionBudgetNorSpread() {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t));
        assertThat(all(objects, PodDisruptionBudget.class)).isEmpty();
        assertThat(one(objects, Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .isNullOrEmpty();
    }

    @Test
    void twoReplicasKeepOneThroughADrainAndSpreadOverNodesAndZones() {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t.set("replicas", 2)));
        PodDisruptionBudget pdb = one(objects, PodDisruptionBudget.class, FULLNAME);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        Deployment deployment = one(objects, Deployment.class, FULLNAME);
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        List<TopologySpreadConstraint> spread = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
        assertThat(spread).extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(spread).allSatisfy(c -> {
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        });
        assertThat(all(Chart.parse(Chart.template(t -> t.set("replicas", 2).set("podDisruptionBudget.enabled", false))),
                PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void noPrometheusRuleNorDashboardUnlessAsked() {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t));
        assertThat(Chart.byKind(objects, "PrometheusRule")).isEmpty();
        assertThat(all(objects, ConfigMap.class)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertsHaveASeverityARunbookThatExistsAndQueryOnlyTheOperatorsMetrics() throws IOException {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t.set("prometheusRule.enabled", true)
                .set("prometheusRule.labels.release", "kube-prometheus-stack")));
        GenericKubernetesResource rule = (GenericKubernetesResource) Chart.byKind(objects, "PrometheusRule").orElseThrow();
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("groups");
        assertThat(groups).hasSize(1);
        List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.get(0).get("rules");
        Set<String> anchors = anchorsOf(Files.readString(OPERATIONS));
        Set<String> known = new LinkedHashSet<>(GrafanaDashboardTest.CFSCIM);
        known.addAll(GrafanaDashboardTest.JOSDK);
        known.add("operator_sdk_reconciliations_failed_total");
        Set<String> alerts = new LinkedHashSet<>();
        for (Map<String, Object> r : rules) {
            String alert = (String) r.get("alert");
            alerts.add(alert);
            Map<String, String> labels = (Map<String, String>) r.get("labels");
            assertThat(labels.get("severity")).as(alert).isIn("critical", "warning", "info");
            String runbook = ((Map<String, String>) r.get("annotations")).get("runbook_url");
            assertThat(runbook).as(alert)
                    .isEqualTo("https://github.com/cfscim/cloudflare-scim-operator/blob/main/docs/operations.md#"
                            + alert.toLowerCase());
            assertThat(anchors).as("docs/operations.md has a runbook heading for " + alert).contains(alert.toLowerCase());
            String expr = (String) r.get("expr");
            assertThat(known).as(expr).containsAll(GrafanaDashboardTest.metricsIn(expr));
            assertThat(expr).as("scoped to the release's namespace").contains("namespace=\"" + Chart.NAMESPACE + "\"");
        }
        assertThat(alerts).contains("CfscimNoLeader", "CfscimDeprovisionBlocked", "CfscimDrifted", "CfscimScimErrors");
        Map<String, Object> noLeader = rules.stream().filter(r -> r.get("alert").equals("CfscimNoLeader")).findFirst().orElseThrow();
        assertThat((String) noLeader.get("expr")).as("fires when no replica is scraped at all").contains("absent(cfscim_leader");
        assertThat(((Map<String, String>) noLeader.get("labels")).get("severity")).isEqualTo("critical");
    }

    @Test
    void theDashboardShipsForGrafanasSidecarAsTheFileItImportsFrom() throws IOException {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t.set("grafanaDashboard.enabled", true)
                .set("grafanaDashboard.folder", "Identity")));
        ConfigMap dashboard = one(objects, ConfigMap.class, FULLNAME + "-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Identity");
        ObjectMapper json = new ObjectMapper();
        JsonNode shipped = json.readTree(dashboard.getData().get("cloudflare-scim-operator.json"));
        assertThat(shipped).isEqualTo(json.readTree(Chart.DIR.resolve("files/grafana-dashboard.json").toFile()));
    }

    /** GitHub's anchors of a Markdown file's headings: lower case, spaces to dashes, punctuation dropped. */
    static Set<String> anchorsOf(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6}\\s+(.+)$").matcher(markdown);
        while (m.find()) {
            anchors.add(m.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
