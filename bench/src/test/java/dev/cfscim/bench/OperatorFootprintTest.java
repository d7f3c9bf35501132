package dev.cfscim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The footprint is measured under the options and the limit the chart gives the operator, not others. */
class OperatorFootprintTest {

    private static final Path VALUES = Path.of("..", "helm", "cloudflare-scim-operator", "values.yaml");

    @Test
    void theChildJvmRunsWithTheChartsOptionsAndMemoryLimit() throws IOException {
        String values = Files.readString(VALUES);
        Matcher options = Pattern.compile("(?m)^javaToolOptions: \"([^\"]*)\"").matcher(values);
        Matcher limit = Pattern.compile("(?ms)^resources:.*?limits:\\s*\\n\\s*memory: (\\d+)Mi").matcher(values);

        assertThat(options.find()).as("javaToolOptions in " + VALUES).isTrue();
        assertThat(limit.find()).as("resources.limits.memory in " + VALUES).isTrue();
        assertThat(Long.parseLong(limit.group(1))).isEqualTo(OperatorFootprint.LIMIT_MIB);
        assertThat(OperatorFootprint.CHART_JVM.subList(1, OperatorFootprint.CHART_JVM.size()))
                .isEqualTo(List.of(options.group(1).split(" ")));
        assertThat(OperatorFootprint.CHART_JVM.get(0)).isEqualTo("-XX:MaxRAM=" + OperatorFootprint.LIMIT_MIB + "m");
    }
}
