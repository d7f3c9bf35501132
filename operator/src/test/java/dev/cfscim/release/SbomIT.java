package dev.cfscim.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The SBOM the package phase makes, {@code target/bom.json} (cyclonedx-maven-plugin, which also checks it
 * against the CycloneDX schema), is the one the release attaches to the image: it must describe this
 * build of the operator and the libraries cfscim.jar ships, and nothing only the tests use. Run by
 * failsafe in {@code mvn verify}, after the package phase.
 */
class SbomIT {

    private static final Path BOM = Path.of("target", "bom.json");

    @Test
    void describesTheOperatorAndTheLibrariesItShips() throws Exception {
        assertThat(BOM).as("made at package by cyclonedx-maven-plugin").isRegularFile();
        JsonNode bom = new ObjectMapper().readTree(Files.readString(BOM));

        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.get("specVersion").asText()).isEqualTo("1.6");
        String version = buildVersion();
        JsonNode self = bom.at("/metadata/component");
        assertThat(self.get("type").asText()).isEqualTo("application");
        assertThat(self.get("group").asText() + ":" + self.get("name").asText()).isEqualTo("dev.cfscim:cloudflare-scim-operator");
        assertThat(self.get("version").asText()).isEqualTo(version);

        List<String> purls = new ArrayList<>();
        bom.get("components").forEach(c -> {
            assertThat(c.path("version").asText()).as(c.toString()).isNotBlank();
            assertThat(c.path("hashes")).as("hashes of %s", c.path("name")).isNotEmpty();
            purls.add(c.get("purl").asText());
        });
        assertThat(purls).anyMatch(p -> p.startsWith("pkg:maven/info.picocli/picocli@4.7.7"))
                .anyMatch(p -> p.startsWith("pkg:maven/io.javaoperatorsdk/operator-framework-core@"))
                .anyMatch(p -> p.startsWith("pkg:maven/com.fasterxml.jackson.core/jackson-databind@"))
                .anyMatch(p -> p.startsWith("pkg:maven/com.squareup.okhttp3/okhttp@"))
                .anyMatch(p -> p.startsWith("pkg:maven/dev.cfscim/cloudflare-scim-emulator@" + version));
        assertThat(purls).as("test-only libraries are not shipped")
                .noneMatch(p -> p.contains("/org.junit.") || p.contains("/org.assertj/") || p.contains("/com.marcnuri.helm-java/")
                        || p.contains("/org.luaj/"));
        // The CLI validates declarations against the CRDs with these (api/load/CrdSchemas, CelRules).
        assertThat(purls).anyMatch(p -> p.startsWith("pkg:maven/com.networknt/json-schema-validator@"))
                .anyMatch(p -> p.startsWith("pkg:maven/dev.cel/cel@"));
        assertThat(bom.get("dependencies")).anySatisfy(d -> assertThat(d.get("ref").asText()).isEqualTo(self.get("bom-ref").asText()));
    }

    /** The version Maven stamped into this build, as cfscim --version prints it. */
    private static String buildVersion() throws Exception {
        Properties build = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("target", "classes", "dev", "cfscim", "build.properties"))) {
            build.load(in);
        }
        return build.getProperty("version");
    }
}
