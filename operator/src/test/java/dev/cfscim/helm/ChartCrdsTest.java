package dev.cfscim.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's files/crds/ (which templates/crds.yaml installs) holds exactly the repository's crds/ (the one source of truth, itself kept equal
 * to what the classes generate by CrdFilesTest). Both are written by the update-crds profile:
 * {@code mvn -pl operator -am test-compile -Pupdate-crds} from the repository root.
 */
class ChartCrdsTest {
    static final String REFRESH = "mvn -pl operator -am test-compile -Pupdate-crds";

    @Test
    void chartCrdsAreTheRepositoryCrds() throws IOException {
        Path chartCrds = Chart.DIR.resolve("files/crds");
        List<String> repoFiles = names(Chart.REPO_CRDS);
        assertThat(repoFiles).as("the repository's crds/").hasSize(4);
        assertThat(names(chartCrds)).as("the chart's files/crds/ (refresh both with: %s)", REFRESH)
                .containsExactlyElementsOf(repoFiles);
        List<String> different = new ArrayList<>();
        for (String name : repoFiles) {
            if (Files.mismatch(Chart.REPO_CRDS.resolve(name), chartCrds.resolve(name)) != -1) {
                different.add(name);
            }
        }
        assertThat(different).as("chart CRDs that differ from crds/ (refresh both with: %s)", REFRESH).isEmpty();
    }

    @Test
    void chartCrdsAreRegularFilesThatParseAsCrds() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (String name : names(Chart.DIR.resolve("files/crds"))) {
            Path file = Chart.DIR.resolve("files/crds").resolve(name);
            assertThat(Files.isSymbolicLink(file)).as("%s is a copy, not a link", name).isFalse();
            CustomResourceDefinition crd = serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
            assertThat(name).isEqualTo(crd.getMetadata().getName() + "-v1.yml");
            assertThat(crd.getSpec().getGroup()).isEqualTo("scim.cfscim.dev");
        }
    }

    @Test
    void theReleaseInstallsAndKeepsTheCrdsSoThatUpgradesUpgradeThem() throws IOException {
        List<CustomResourceDefinition> rendered = Chart.all(Chart.parse(Chart.template(t -> t)), CustomResourceDefinition.class);
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<String> files = names(Chart.DIR.resolve("files/crds"));
        assertThat(rendered).extracting(c -> c.getMetadata().getName() + "-v1.yml").containsExactlyInAnyOrderElementsOf(files);
        for (CustomResourceDefinition crd : rendered) {
            CustomResourceDefinition file = serialization.unmarshal(
                    Files.readString(Chart.DIR.resolve("files/crds").resolve(crd.getMetadata().getName() + "-v1.yml")),
                    CustomResourceDefinition.class);
            assertThat(crd.getSpec()).as(crd.getMetadata().getName()).isEqualTo(file.getSpec());
            assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
            assertThat(crd.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
        }
        assertThat(Chart.all(Chart.parse(Chart.template(t -> t.set("crds.keep", false))), CustomResourceDefinition.class))
                .hasSize(files.size()).allSatisfy(c -> assertThat(c.getMetadata().getAnnotations()).isNullOrEmpty());
        assertThat(Chart.all(Chart.parse(Chart.template(t -> t.set("crds.enabled", false))), CustomResourceDefinition.class))
                .isEmpty();
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                    .sorted().toList();
        }
    }
}
