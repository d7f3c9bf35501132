package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.controller.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `cfscim --version` and `cfscim version` name the build Maven made, as the operator's cfscim_build_info does. */
class VersionTest {

    /** The project's version as the parent pom declares it (the first version element after the artifactId). */
    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("../pom.xml"));
        Matcher m = Pattern.compile("<artifactId>cloudflare-scim-operator-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("the parent pom's own version").isTrue();
        return m.group(1);
    }

    @Test
    void theBuildKnowsTheProjectsVersion() throws IOException {
        assertThat(BuildInfo.current().version()).isEqualTo(pomVersion());
    }

    @Test
    void versionPrintsTheBuildsVersionAndTheJavaRuntime() throws IOException {
        CfscimRun run = CfscimRun.of("--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("cfscim " + pomVersion() + System.lineSeparator())
                .contains("Java " + Runtime.version())
                .doesNotContain("development");
    }

    @Test
    void theVersionSubcommandPrintsWhatTheFlagPrints() {
        CfscimRun run = CfscimRun.of("version");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(CfscimRun.of("--version").out());
    }

    @Test
    void versionAsJsonInTerraformsAndKubectlsSpellings() throws IOException {
        for (String[] args : new String[][] {{"version", "-json"}, {"version", "--json"}, {"version", "-o", "json"},
                {"version", "-ojson"}, {"version", "--output=json"}}) {
            CfscimRun run = CfscimRun.of(args);
            assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.path("cfscim_version").asText()).isEqualTo(pomVersion());
            assertThat(json.path("java_version").asText()).isEqualTo(Runtime.version().toString());
            assertThat(json.path("platform").asText()).matches("[a-z0-9-]+_[a-z0-9_]+");
        }
    }

    @Test
    void anOutputFormatOtherThanJsonIsAClearError() {
        CfscimRun run = CfscimRun.of("version", "-o", "yaml");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Invalid value for option '--output': expected one of [json]").contains("'yaml'");
    }
}
