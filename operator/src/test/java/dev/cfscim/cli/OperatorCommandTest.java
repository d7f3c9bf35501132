package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code cfscim operator} refuses bad settings with one clear line, before it connects anywhere. */
class OperatorCommandTest {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Cfscim.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(args);
        return new String[] {Integer.toString(exit), err.toString()};
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--log-level|loud|unknown log level 'loud'",
        "--log-format|xml|unknown log format 'xml'",
        "--default-resync-interval|0s|--default-resync-interval 0s: must be longer than 0s",
        "--default-resync-interval|soon|--default-resync-interval soon",
        "--default-request-budget-headroom|1.5|invalid default request budget: headroom must be in (0, 1]"})
    void refusesABadSetting(String option, String value, String message) {
        String[] result = run("operator", "--http-port", "-1", option, value);
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).contains("Error: ").contains(message);
    }

    @Test
    void documentsItsFlags() {
        StringWriter out = new StringWriter();
        CommandLine cli = Cfscim.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("operator", "--help")).isZero();
        assertThat(out.toString()).contains("--namespaces").contains("leader-election").contains("--log-format")
                .contains("--default-resync-interval").contains("--default-request-budget-requests");
    }
}
