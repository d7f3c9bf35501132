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
 * The chart's crds/ holds exactly the repository's crds/ (the one source of truth, itself kept equal
 * to what the classes generate by CrdFilesTest). Both are written by the update-crds profile:
 * {@code mvn -pl operator -am process-classes -Pupdate-crds} from the repository root.
 */
class ChartCrdsTest {
    static final String REFRESH = "mvn -pl operator -am process-classes -Pupdate-crds";

    @Test
    void chartCrdsAreTheRepositoryCrds() throws IOException {
        Path chartCrds = Chart.DIR.resolve("crds");
        List<String> repoFiles = names(Chart.REPO_CRDS);
        assertThat(repoFiles).as("the repository's crds/").hasSize(4);
        assertThat(names(chartCrds)).as("the chart's crds/ (refresh both with: %s)", REFRESH)
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
        for (String name : names(Chart.DIR.resolve("crds"))) {
            Path file = Chart.DIR.resolve("crds").resolve(name);
            assertThat(Files.isSymbolicLink(file)).as("%s is a copy, not a link", name).isFalse();
            CustomResourceDefinition crd = serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
            assertThat(name).isEqualTo(crd.getMetadata().getName() + "-v1.yml");
            assertThat(crd.getSpec().getGroup()).isEqualTo("scim.cfscim.dev");
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                    .sorted().toList();
        }
    }
}
