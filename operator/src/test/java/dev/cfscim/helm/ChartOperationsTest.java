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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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
        // A number or, as --set-string gives one, a string of digits: the message says which strings.
        assertThatThrownBy(() -> Chart.template(t -> t.set("replicas", "two")))
                .hasMessageContaining("replicas").hasMessageContaining("^[1-9][0-9]*$");
        assertThatThrownBy(() -> Chart.template(t -> t.set("replicas", 0)))
                .hasMessageContaining("replicas").hasMessageContaining("greater than or equal to 1");
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
        known.add("cfscim_app_condition");
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
        assertThat(alerts).contains("CfscimNoLeader", "CfscimAppNotReady", "CfscimDeprovisionBlocked", "CfscimDrifted",
                "CfscimScimErrors");
        // The per-app alerts name the ScimApp: one alert per app, kept across a change of leader.
        for (String alert : List.of("CfscimAppNotReady", "CfscimDeprovisionBlocked", "CfscimDrifted")) {
            Map<String, Object> r = rules.stream().filter(x -> x.get("alert").equals(alert)).findFirst().orElseThrow();
            assertThat((String) r.get("expr")).as(alert).startsWith("max by (namespace, name) (cfscim_app_condition{")
                    .contains("and on (pod) (cfscim_leader{namespace=\"" + Chart.NAMESPACE + "\"} == 1)");
            Map<String, String> annotations = (Map<String, String>) r.get("annotations");
            assertThat(annotations.get("summary")).as(alert).contains("ScimApp {{ $labels.namespace }}/{{ $labels.name }}");
            assertThat(annotations.get("description")).as(alert).contains("{{ $labels.namespace }}/{{ $labels.name }}");
        }
        Map<String, Object> noLeader = rules.stream().filter(r -> r.get("alert").equals("CfscimNoLeader")).findFirst().orElseThrow();
        assertThat((String) noLeader.get("expr")).as("fires when no replica is scraped at all").contains("absent(cfscim_leader");
        assertThat(((Map<String, String>) noLeader.get("labels")).get("severity")).isEqualTo("critical");
    }

    /**
     * Where promtool is installed (Debian's prometheus package; not on CI's machines, where this is
     * skipped), the rendered rules pass {@code promtool check rules}, and {@code promtool test rules}
     * shows CfscimAppNotReady firing for the app that is not Ready, named, and for no other: not for a
     * Ready one, nor for one another release's operator exports.
     */
    @Test
    @SuppressWarnings("unchecked")
    void promtoolChecksTheRulesAndTheAppAlertNamesTheApp(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Optional<Path> promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "promtool")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not installed");
        GenericKubernetesResource rule = (GenericKubernetesResource) Chart.byKind(Chart.parse(Chart.template(t -> t
                .set("prometheusRule.enabled", true))), "PrometheusRule").orElseThrow();
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        yaml.writeValue(dir.resolve("rules.yaml").toFile(), spec);
        String runbook = "https://github.com/cfscim/cloudflare-scim-operator/blob/main/docs/operations.md#cfscimappnotready";
        Files.writeString(dir.resolve("test.yaml"), """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'cfscim_leader{namespace="cfscim-system",pod="op-1"}'
                        values: '1x40'
                      - series: 'cfscim_app_condition{namespace="cfscim",name="acme-prod",type="Ready",status="true",pod="op-1"}'
                        values: '0x40'
                      - series: 'cfscim_app_condition{namespace="cfscim",name="acme-dev",type="Ready",status="true",pod="op-1"}'
                        values: '1x40'
                      - series: 'cfscim_leader{namespace="other-system",pod="op-2"}'
                        values: '1x40'
                      - series: 'cfscim_app_condition{namespace="other",name="theirs",type="Ready",status="true",pod="op-2"}'
                        values: '0x40'
                    alert_rule_test:
                      - eval_time: 10m
                        alertname: CfscimAppNotReady
                        exp_alerts: []
                      - eval_time: 20m
                        alertname: CfscimAppNotReady
                        exp_alerts:
                          - exp_labels: {severity: warning, namespace: cfscim, name: acme-prod}
                            exp_annotations:
                              summary: ScimApp cfscim/acme-prod is not Ready.
                              description: 'ScimApp cfscim/acme-prod has not been Ready for 15 minutes; `kubectl -n cfscim describe scimapp acme-prod` shows which condition says why, and its events.'
                              runbook_url: %s
                """.formatted(runbook));
        assertThat(run(promtool.get(), dir, "check", "rules", "rules.yaml")).contains("SUCCESS");
        assertThat(run(promtool.get(), dir, "test", "rules", "test.yaml")).contains("SUCCESS");
    }

    private static String run(Path promtool, Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s: %s", String.join(" ", args), output).isZero();
        return output;
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
