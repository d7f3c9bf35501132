package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cfscim operator} refuses bad settings with one clear line, before it connects anywhere. */
class OperatorCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--log-level|loud|unknown log level 'loud'",
        "--log-format|xml|unknown log format 'xml'",
        "--default-resync-interval|0s|--default-resync-interval 0s: must be longer than 0s",
        "--default-resync-interval|soon|--default-resync-interval soon",
        "--default-request-budget-headroom|1.5|invalid default request budget: headroom must be in (0, 1]"})
    void refusesABadSetting(String option, String value, String message) {
        CfscimRun run = CfscimRun.of("operator", "--http-port", "-1", option, value);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Error: ").contains(message);
    }

    @Test
    void documentsItsFlags() {
        CfscimRun help = CfscimRun.of("operator", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--namespaces").contains("leader-election").contains("--log-format")
                .contains("--default-resync-interval").contains("--default-request-budget-requests");
    }
}
