package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KubeDurationTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"10m, PT10M", "5m, PT5M", "90s, PT1M30S", "1h30m, PT1H30M", "500ms, PT0.5S", "2h, PT2H", "0s, PT0S"})
    void parsesWholeNumbersWithUnits(String text, String iso) {
        assertThat(KubeDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " ", "10", "m", "1.5h", "10 m", "-5m", "10min", "5d", "PT5M", "99999999999999999999h"})
    void rejectsWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> KubeDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT10M, 10m", "PT1H30M, 1h30m", "PT0.25S, 250ms", "PT0S, 0s", "PT26H, 26h"})
    void formatsBackInTheSameGrammar(String iso, String text) {
        assertThat(KubeDuration.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(KubeDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @org.junit.jupiter.api.Test
    void aTextLongerThanTheSchemaAllowsIsRefusedBeforeTheRegexCouldOverflowTheStack() {
        assertThatThrownBy(() -> KubeDuration.parse("1h".repeat(50_000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'1h1h1h1h1h1h1h1h1h1h...' is not a duration: it has 100000 characters, and a duration at "
                        + "most 64, such as 10m or 1h30m");
        assertThat(KubeDuration.parse("1h".repeat(32))).isEqualTo(Duration.ofHours(32));
    }

    @org.junit.jupiter.api.Test
    void largeWholeDurationsAreSummedExactly() {
        assertThat(KubeDuration.parse("2000000h1m1s1ms")).isEqualTo(Duration.ofHours(2_000_000).plusMinutes(1)
                .plusSeconds(1).plusMillis(1));
        assertThat(KubeDuration.parse("10m5ms")).isEqualTo(Duration.ofMinutes(10).plusMillis(5));
    }

    /**
     * Why the grammar is checked before fabric8's parser sums the parts: alone, it reads what the
     * CRD refuses, and reads it wrong. Should fabric8 start refusing these, the check may be its own.
     */
    @org.junit.jupiter.api.Test
    void fabric8sParserAloneMisreadsWhatTheSchemaRefuses() throws Exception {
        assertThat(io.fabric8.kubernetes.api.model.Duration.parse("1.5h").getDuration()).isEqualTo(Duration.ofHours(5));
        assertThat(io.fabric8.kubernetes.api.model.Duration.parse("-1h").getDuration()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> KubeDuration.parse("1.5h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KubeDuration.parse("-1h")).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void thePatternForTheSchemaAgreesWithTheParser() {
        java.util.regex.Pattern schema = java.util.regex.Pattern.compile(KubeDuration.PATTERN);
        assertThat(schema.matcher("1h30m").matches()).isTrue();
        assertThat(schema.matcher("1.5h").matches()).isFalse();
    }
}
