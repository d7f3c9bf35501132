package dev.cfscim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * argocd/argocd-cm.yaml must hold exactly the checks argocd/src/ renders (HealthScriptsTest checks
 * the text), one key per kind the CRDs define, and nothing else: read here as YAML, as Argo CD reads it.
 */
class ArgoCdConfigMapTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String PREFIX = "resource.customizations.health.";

    /** The checks as Argo CD reads them: the ConfigMap's data, by key. */
    static Map<String, String> scripts() throws IOException {
        Map<String, String> byKey = new TreeMap<>();
        YAML.readTree(RepoFiles.path("argocd/argocd-cm.yaml").toFile()).path("data").fields()
                .forEachRemaining(e -> byKey.put(e.getKey(), e.getValue().asText()));
        return byKey;
    }

    private static List<String> crdKinds() throws IOException {
        List<String> kinds = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepoFiles.path("crds"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                JsonNode crd = YAML.readTree(file.toFile());
                assertThat(crd.path("spec").path("group").asText()).isEqualTo("scim.cfscim.dev");
                kinds.add(crd.path("spec").path("names").path("kind").asText());
            }
        }
        return kinds;
    }

    @Test
    void oneScriptPerKindTheCrdsDefine() throws IOException {
        List<String> kinds = crdKinds();
        assertThat(kinds).containsExactlyInAnyOrder("ScimApp", "ScimUser", "ScimGroup", "GroupRoleBinding");
        assertThat(scripts().keySet()).containsExactlyInAnyOrderElementsOf(
                kinds.stream().map(k -> PREFIX + "scim.cfscim.dev_" + k).toList());
    }

    @Test
    void configMapEmbedsExactlyTheScripts() throws IOException {
        JsonNode cm = YAML.readTree(RepoFiles.path("argocd/argocd-cm.yaml").toFile());
        assertThat(cm.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(cm.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(cm.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
        assertThat(cm.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText()).isEqualTo("argocd");

        Map<String, String> embedded = scripts();
        Map<String, String> rendered = HealthScripts.scripts(RepoFiles.path("argocd"));
        assertThat(new TreeSet<>(embedded.keySet())).isEqualTo(new TreeSet<>(rendered.keySet()));
        rendered.forEach((key, script) -> assertThat(embedded.get(key)).as(key).isEqualTo(script));
    }

    @Test
    void scriptsReturnWhatArgoCdReads() throws IOException {
        for (Map.Entry<String, String> e : scripts().entrySet()) {
            String script = e.getValue();
            assertThat(script).as(e.getKey()).contains("local hs = {}").contains("return hs")
                    .doesNotContain("\t").doesNotContain("require(").doesNotContain("os.").doesNotContain("io.");
            assertThat(script.lines().filter(l -> l.endsWith(" "))).as(e.getKey() + ": trailing spaces").isEmpty();
            assertThat(script).as(e.getKey()).endsWith("\n");
        }
    }
}
