package dev.cfscim.helm;

import static dev.cfscim.helm.Chart.FULLNAME;
import static dev.cfscim.helm.Chart.one;
import static dev.cfscim.helm.HelmChartTest.container;
import static dev.cfscim.helm.HelmChartTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values a chart user expects from cert-manager's chart (image.digest, extraArgs, extraEnv,
 * volumes and volumeMounts), numbers as {@code --set} and {@code --set-string} give them, and the
 * chart's icon. helm-java's {@code set} goes through Helm's own --set parser (strvals), so a value set
 * here reaches the schema exactly as {@code helm install --set} makes it.
 */
class ChartValuesTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private static Deployment deployment(List<HasMetadata> objects) {
        return one(objects, Deployment.class, FULLNAME);
    }

    private static Container render(java.util.function.UnaryOperator<com.marcnuri.helm.TemplateCommand> options) {
        return container(deployment(Chart.parse(Chart.template(options))));
    }

    @Test
    void headroomGivenWithSetIsTaken() {
        // --set leaves a decimal a string ("0.5"): the schema takes it as a share in (0, 1].
        assertThat(render(t -> t.set("defaults.requestBudget.headroom", "0.5")).getArgs())
                .contains("--default-request-budget-headroom=0.5");
        assertThat(render(t -> t.set("defaults.requestBudget.headroom", "1")).getArgs())
                .contains("--default-request-budget-headroom=1");
        for (String bad : List.of("1.5", "0", "0.0", "-0.5", "half")) {
            assertThatThrownBy(() -> Chart.template(t -> t.set("defaults.requestBudget.headroom", bad))).as(bad)
                    .hasMessageContaining("defaults.requestBudget.headroom");
        }
    }

    @Test
    void numbersGivenAsStringsAsSetStringGivesThemAreTaken(@TempDir Path dir) throws IOException {
        // helm-java has no --set-string: a values file with quoted numbers gives Helm the same strings.
        Path values = Files.writeString(dir.resolve("strings.yaml"), """
                replicas: "2"
                metrics:
                  port: "9090"
                defaults:
                  requestBudget:
                    requests: "600"
                    headroom: "0.75"
                """);
        Deployment deployment = deployment(Chart.parse(Chart.template(t -> t.withValuesFile(values))));
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container(deployment).getArgs()).contains("--http-port=9090", "--leader-election",
                "--default-request-budget-requests=600", "--default-request-budget-headroom=0.75");
        assertThat(container(deployment).getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
        assertThatThrownBy(() -> Chart.template(t -> t.set("metrics.port", 70000))).hasMessageContaining("metrics.port");
    }

    @Test
    void aDigestPinsTheImageAndWinsOverTheTag() {
        assertThat(render(t -> t.set("image.digest", DIGEST).set("image.tag", "1.2.3")).getImage())
                .isEqualTo("ghcr.io/cfscim/cloudflare-scim-operator@" + DIGEST);
        assertThat(render(t -> t.set("image.tag", "1.2.3")).getImage()).isEqualTo("ghcr.io/cfscim/cloudflare-scim-operator:1.2.3");
        assertThat(render(t -> t).getImage()).isEqualTo("ghcr.io/cfscim/cloudflare-scim-operator:0.1.0");
        // --set image.tag=2 gives the integer 2: still the tag "2", in the image and in the labels.
        List<HasMetadata> numericTag = Chart.parse(Chart.template(t -> t.set("image.tag", 2)));
        assertThat(container(deployment(numericTag)).getImage()).isEqualTo("ghcr.io/cfscim/cloudflare-scim-operator:2");
        assertThat(deployment(numericTag).getMetadata().getLabels()).containsEntry("app.kubernetes.io/version", "2");
        assertThatThrownBy(() -> Chart.template(t -> t.set("image.digest", "latest"))).hasMessageContaining("image.digest");
    }

    @Test
    void extraArgsComeAfterTheChartsOwnAndMayNotRepeatAFlagAValueSets() {
        List<String> args = render(t -> t.set("extraArgs[0]", "--ledger-namespace=ledgers").set("extraArgs[1]", "--help-me"))
                .getArgs();
        assertThat(args.subList(args.size() - 2, args.size())).containsExactly("--ledger-namespace=ledgers", "--help-me");
        assertThat(args.get(0)).isEqualTo("operator");
        assertThatThrownBy(() -> Chart.template(t -> t.set("extraArgs[0]", "--log-level=debug")))
                .hasMessageContaining("extraArgs: --log-level is set by the chart's value logLevel");
        assertThatThrownBy(() -> Chart.template(t -> t.set("extraArgs[0]", "--leader-election")))
                .hasMessageContaining("extraArgs: --leader-election is set by the chart's value replicas");
    }

    @Test
    void extraEnvComesBesideTheChartsOwn() {
        Container container = render(t -> t.set("extraEnv[0].name", "HTTPS_PROXY").set("extraEnv[0].value", "http://proxy:3128"));
        assertThat(env(container, "HTTPS_PROXY").getValue()).isEqualTo("http://proxy:3128");
        assertThat(env(container, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(env(container, "JAVA_TOOL_OPTIONS").getValue()).contains("MaxRAMPercentage");
    }

    @Test
    void volumesAndVolumeMountsComeBesideTheTmpDir() {
        Deployment deployment = deployment(Chart.parse(Chart.template(t -> t
                .set("volumes[0].name", "ca").set("volumes[0].configMap.name", "corporate-ca")
                .set("volumeMounts[0].name", "ca").set("volumeMounts[0].mountPath", "/etc/ssl/corporate")
                .set("volumeMounts[0].readOnly", true))));
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
                .containsExactly("tmp", "ca");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes().get(1).getConfigMap().getName())
                .isEqualTo("corporate-ca");
        assertThat(container(deployment).getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath,
                VolumeMount::getReadOnly).containsExactly(org.assertj.core.groups.Tuple.tuple("tmp", "/tmp", null),
                org.assertj.core.groups.Tuple.tuple("ca", "/etc/ssl/corporate", true));
        assertThatThrownBy(() -> Chart.template(t -> t.set("volumeMounts[0].name", "ca")))
                .as("a mount without its path").hasMessageContaining("mountPath");
    }

    @Test
    void theIconIsAnHttpsUrlOfTheChartsOwnIcon() throws IOException {
        String chartYaml = Files.readString(Chart.DIR.resolve("Chart.yaml"));
        String prefix = "icon: https://raw.githubusercontent.com/cfscim/cloudflare-scim-operator/main/helm/cloudflare-scim-operator/";
        String line = chartYaml.lines().filter(l -> l.startsWith("icon: ")).findFirst().orElseThrow();
        assertThat(line).startsWith(prefix);
        Path icon = Chart.DIR.resolve(line.substring(prefix.length()));
        assertThat(Files.readString(icon)).startsWith("<svg ").contains("viewBox");
    }

    /**
     * helm lint --strict with every new value set and both Prometheus Operator objects on: helm-java's
     * lint takes no values, so it lints a copy of the chart whose values.yaml has them.
     */
    @Test
    void lintsStrictlyWithTheNewValuesSet(@TempDir Path dir) throws IOException {
        Path chart = dir.resolve("cloudflare-scim-operator");
        try (Stream<Path> files = Files.walk(Chart.renderable())) {
            for (Path file : files.toList()) {
                Path target = chart.resolve(Chart.renderable().relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path valuesFile = chart.resolve("values.yaml");
        String values = Files.readString(valuesFile);
        Map<String, String> edits = Map.of(
                "  digest: \"\"\n", "  digest: \"" + DIGEST + "\"\n",
                "extraArgs: []\n", "extraArgs:\n  - --ledger-namespace=ledgers\n",
                "extraEnv: []\n", "extraEnv:\n  - name: HTTPS_PROXY\n    value: http://proxy:3128\n",
                "volumes: []\n", "volumes:\n  - name: ca\n    configMap:\n      name: corporate-ca\n",
                "volumeMounts: []\n", "volumeMounts:\n  - name: ca\n    mountPath: /etc/ssl/corporate\n",
                "    headroom: 0.9\n", "    headroom: \"0.5\"\n");
        for (var edit : edits.entrySet()) {
            assertThat(values).contains(edit.getKey());
            values = values.replace(edit.getKey(), edit.getValue());
        }
        values = values.replaceFirst("(?m)^(  serviceMonitor:\n(?:    #.*\n)*    enabled: )false", "$1true")
                .replaceFirst("(?m)^(prometheusRule:\n(?:  #.*\n)*  enabled: )false", "$1true");
        assertThat(values).contains("    enabled: true\n", "  enabled: true\n");
        Files.writeString(valuesFile, values);
        String rendered = new Helm(chart).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE).call();
        assertThat(rendered).contains("kind: ServiceMonitor", "kind: PrometheusRule", "@" + DIGEST, "corporate-ca");
        LintResult result = new Helm(chart).lint().strict().quiet().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }
}
