package dev.cfscim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Timings line of {@code cfscim plan --timings}, read back; anything else is a loud error. */
class CliTimingsTest {

    private static final String LINE = "Timings: start 0.99 s, parse 2.17 s, validate 0.64 s, connect 0.25 s, "
            + "desired 0.54 s, scan 1.98 s, plan 0.91 s, print 0.05 s, total 7.48 s";

    @Test
    void readsEveryPhaseInTheOrderPrinted() {
        String stderr = "Using the API token from --token-file /tmp/token\n" + LINE + "\n";

        CliTimings timings = CliTimings.parse(stderr);

        assertThat(timings.seconds().keySet()).containsExactlyElementsOf(CliTimings.PHASES);
        assertThat(timings.of("start")).isEqualTo(0.99);
        assertThat(timings.of("parse")).isEqualTo(2.17);
        assertThat(timings.of("validate")).isEqualTo(0.64);
        assertThat(timings.of("total")).isEqualTo(7.48);
        assertThat(timings.toString()).isEqualTo(LINE.substring("Timings: ".length()));
    }

    @Test
    void keepsAPhaseTheReportDoesNotShow() {
        CliTimings timings = CliTimings.parse(LINE.replace(", total", ", apply 12.00 s, total"));

        assertThat(timings.of("apply")).isEqualTo(12.0);
    }

    @Test
    void noTimingsLineIsAnErrorQuotingTheStderr() {
        assertThatThrownBy(() -> CliTimings.parse("Error: GET /Users: no answer from 127.0.0.1:1\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no 'Timings:' line")
                .hasMessageContaining("Error: GET /Users: no answer");
    }

    @Test
    void aMissingPhaseIsAnError() {
        assertThatThrownBy(() -> CliTimings.parse(LINE.replace("validate 0.64 s, ", "")))
                .hasMessageContaining("no phase 'validate'");
    }

    @Test
    void aMalformedOrRepeatedPhaseIsAnError() {
        assertThatThrownBy(() -> CliTimings.parse(LINE.replace("parse 2.17 s", "parse 2,17 s")))
                .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> CliTimings.parse(LINE.replace("parse 2.17 s", "parse 2.17 ms")))
                .hasMessageContaining("cannot read 'parse 2.17 ms'");
        assertThatThrownBy(() -> CliTimings.parse(LINE.replace("connect", "parse")))
                .hasMessageContaining("phase 'parse' twice");
    }
}
