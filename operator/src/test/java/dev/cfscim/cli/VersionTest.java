package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.controller.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `cfscim --version` names the build Maven made, as the operator's cfscim_build_info does. */
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
}
