package dev.cfscim.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The release path as far as it runs without GitHub, a registry or a container engine: the workflow
 * (.github/workflows/release.yml) parses and keeps its steps in order; the Jib image is configured as
 * the Dockerfile builds it (base, user, command, port) and named as the chart's default image; the
 * workflow's own chart step, run on a copy of the chart, gives a chart that packages and points at the
 * pushed image by digest. The SBOM is checked after the package phase, by {@code SbomIT}.
 */
class ReleasePathTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String IMAGE = "ghcr.io/cfscim/cloudflare-scim-operator";

    @TempDir
    Path tmp;

    @Test
    void theWorkflowRunsOnATagAndPublishesSignedAttestedArtifacts() throws Exception {
        JsonNode workflow = workflow();
        // YAML 1.1 reads a bare `on` as true; the workflow's key may be either.
        JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true");
        assertThat(on.at("/push/tags").get(0).asText()).isEqualTo("v*");
        JsonNode job = workflow.at("/jobs/release");
        assertThat(job.at("/permissions/id-token").asText()).isEqualTo("write");
        assertThat(job.at("/permissions/packages").asText()).isEqualTo("write");
        assertThat(job.at("/permissions/attestations").asText()).isEqualTo("write");
        assertThat(workflow.at("/permissions/contents").asText()).as("read-only outside the job").isEqualTo("read");

        List<String> steps = new ArrayList<>();
        job.get("steps").forEach(step -> steps.add(step.path("uses").asText("") + " " + step.path("run").asText("")));
        assertThat(job.get("steps")).allSatisfy(step -> assertThat(step.path("name").asText()).isNotBlank());
        assertThat(find(job, "actions/setup-java").at("/with/java-version").asText()).isEqualTo("17");
        // In this order: test, then build and push, then sign, attest, provenance, then the chart.
        assertThat(indexOf(steps, "mvn -B verify")).isLessThan(indexOf(steps, "jib:build"));
        assertThat(indexOf(steps, "jib:build")).isLessThan(indexOf(steps, "cosign sign --yes \"$IMAGE@$DIGEST\""));
        assertThat(indexOf(steps, "sigstore/cosign-installer")).isLessThan(indexOf(steps, "cosign sign"));
        assertThat(indexOf(steps, "jib:build")).isLessThan(indexOf(steps,
                "cosign attest --yes --type cyclonedx --predicate operator/target/bom.json \"$IMAGE@$DIGEST\""));
        assertThat(indexOf(steps, "jib:build")).isLessThan(indexOf(steps, "actions/attest-build-provenance"));
        assertThat(indexOf(steps, "helm package")).isLessThan(indexOf(steps, "helm push"));
        assertThat(find(job, "actions/attest-build-provenance").at("/with/push-to-registry").asBoolean()).isTrue();
        String all = String.join("\n", steps);
        assertThat(all).contains("IMAGE=ghcr.io/$owner/cloudflare-scim-operator", "CHARTS=oci://ghcr.io/$owner/charts",
                "-Djib.to.image=\"$IMAGE:$VERSION\"", "cosign sign --yes \"${CHARTS#oci://}/cloudflare-scim-operator@$chart_digest\"",
                "versions:set -DnewVersion=\"$VERSION\"");
    }

    @Test
    void theJibImageIsTheDockerfilesImageUnderTheChartsName() throws Exception {
        Document operator = pom(ROOT.resolve("operator/pom.xml"));
        Document parent = pom(ROOT.resolve("pom.xml"));
        XPath x = XPathFactory.newInstance().newXPath();
        String jib = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration";
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

        // Pinned once, in the parent.
        assertThat(x.evaluate("/project/properties/jib-plugin.version", parent)).isEqualTo("3.5.2");
        assertThat(x.evaluate("/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/version", parent))
                .isEqualTo("${jib-plugin.version}");
        assertThat(x.evaluate("/project/build/plugins/plugin[artifactId='jib-maven-plugin']/version", operator)).isEmpty();
        assertThat(x.evaluate("/project/properties/jib.skip", parent)).isEqualTo("true");
        assertThat(x.evaluate("/project/properties/jib.skip", operator)).isEqualTo("false");

        String base = x.evaluate("/project/properties/container.base", operator);
        assertThat(x.evaluate(jib + "/from/image", operator)).isEqualTo("${container.base}");
        assertThat(dockerfile).containsPattern("(?m)^FROM " + Pattern.quote(base) + "$");
        assertThat(base).startsWith("eclipse-temurin:17-");
        List<String> platforms = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            platforms.add(x.evaluate(jib + "/from/platforms/platform[" + i + "]/os", operator) + "/"
                    + x.evaluate(jib + "/from/platforms/platform[" + i + "]/architecture", operator));
        }
        assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
        assertThat(chartAnnotation("artifacthub.io/images").get(0).get("platforms"))
                .extracting(JsonNode::asText).containsExactlyElementsOf(platforms);

        String user = x.evaluate(jib + "/container/user", operator);
        assertThat(user).isEqualTo("65532:65532");
        assertThat(dockerfile).containsPattern("(?m)^USER " + user + "$");
        assertThat(x.evaluate(jib + "/container/mainClass", operator)).isEqualTo(x.evaluate(
                "/project/build/plugins/plugin[artifactId='maven-shade-plugin']//transformer/mainClass", operator));
        assertThat(x.evaluate(jib + "/container/args/arg", operator)).isEqualTo("operator");
        assertThat(dockerfile).contains("CMD [\"operator\"]");
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + x.evaluate(jib + "/container/ports/port", operator) + "$");

        // The image Jib pushes by default is the chart's default image.
        assertThat(x.evaluate(jib + "/to/image", operator)).isEqualTo("${container.image}");
        assertThat(x.evaluate("/project/properties/container.image", operator)).isEqualTo(IMAGE + ":${project.version}");
        assertThat(YAML.readTree(Chart.DIR.resolve("values.yaml").toFile()).at("/image/repository").asText()).isEqualTo(IMAGE);
        JsonNode chart = YAML.readTree(Chart.DIR.resolve("Chart.yaml").toFile());
        assertThat(chartAnnotation("artifacthub.io/images").get(0).get("image").asText())
                .isEqualTo(IMAGE + ":" + chart.get("appVersion").asText());

        // The SBOM: made at package, in JSON, by the version pinned in the parent.
        assertThat(x.evaluate("/project/build/plugins/plugin[artifactId='cyclonedx-maven-plugin']//goal", operator)).isEqualTo("makeBom");
        assertThat(x.evaluate("/project/build/plugins/plugin[artifactId='cyclonedx-maven-plugin']//outputFormat", operator)).isEqualTo("json");
        assertThat(x.evaluate("/project/properties/cyclonedx-plugin.version", parent)).isNotBlank();
    }

    @Test
    void theChartAnnotationsAreArtifactHubs() throws Exception {
        JsonNode chart = YAML.readTree(Chart.DIR.resolve("Chart.yaml").toFile());
        assertThat(chart.at("/annotations/artifacthub.io~1operator").asText()).isEqualTo("true");
        assertThat(chartAnnotation("artifacthub.io/links")).extracting(l -> l.get("url").asText())
                .contains(chart.get("home").asText());
        List<String> crds = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("crds"))) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith("-v1.yml"))
                    .forEach(f -> crds.add(f.substring(0, f.length() - "-v1.yml".length())));
        }
        assertThat(chartAnnotation("artifacthub.io/crds")).extracting(c -> c.get("name").asText())
                .containsExactlyInAnyOrderElementsOf(crds);
    }

    @Test
    void theWorkflowsChartStepGivesAChartThatPackagesAndPinsThePushedImage() throws Exception {
        // The step's own script, on a copy of the chart, with a helm that does nothing (helm-java packages below).
        Path chart = tmp.resolve("helm/cloudflare-scim-operator");
        Chart.copyTo(chart);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("helm"), "#!/bin/sh\nexit 0\n");
        bin.resolve("helm").toFile().setExecutable(true);
        String digest = "sha256:" + "ab".repeat(32);
        ProcessBuilder step = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
                find(workflow().at("/jobs/release"), "helm package").get("run").asText()).directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("step.log").toFile());
        step.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        step.environment().put("VERSION", "9.8.7");
        step.environment().put("IMAGE", "ghcr.io/someone/cloudflare-scim-operator");
        step.environment().put("DIGEST", digest);
        Process process = step.start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(tmp.resolve("step.log"))).isZero();

        Path dist = Files.createDirectories(tmp.resolve("dist"));
        new Helm(chart).packageIt().withDestination(dist).call();
        Path tgz = dist.resolve("cloudflare-scim-operator-9.8.7.tgz");
        assertThat(tgz).isRegularFile();
        JsonNode packaged = YAML.readTree(new Helm(tgz).show().chart().call());
        assertThat(packaged.get("appVersion").asText()).isEqualTo("9.8.7");
        assertThat(packaged.at("/annotations/artifacthub.io~1images").asText())
                .contains("image: ghcr.io/someone/cloudflare-scim-operator:9.8.7");

        // Rendered (without kubeVersion, which helm-java's template cannot meet: see Chart.renderable).
        Path chartYaml = chart.resolve("Chart.yaml");
        Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*$", ""));
        List<HasMetadata> objects = Chart.parse(new Helm(chart).template().withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE).call());
        Deployment deployment = Chart.all(objects, Deployment.class).get(0);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/someone/cloudflare-scim-operator@" + digest);
    }

    private static JsonNode workflow() throws Exception {
        return YAML.readTree(ROOT.resolve(".github/workflows/release.yml").toFile());
    }

    /** An annotation of Chart.yaml whose value is itself YAML (Artifact Hub's lists). */
    private static JsonNode chartAnnotation(String name) throws Exception {
        JsonNode chart = YAML.readTree(Chart.DIR.resolve("Chart.yaml").toFile());
        return YAML.readTree(chart.get("annotations").get(name).asText());
    }

    private static JsonNode find(JsonNode job, String text) {
        for (JsonNode step : job.get("steps")) {
            if (step.path("uses").asText("").contains(text) || step.path("run").asText("").contains(text)) {
                return step;
            }
        }
        throw new AssertionError("no step uses or runs " + text);
    }

    private static int indexOf(List<String> steps, String text) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no step uses or runs " + text);
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }
}
