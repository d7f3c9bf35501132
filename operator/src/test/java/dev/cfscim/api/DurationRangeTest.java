package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each duration field's floor and ceiling, as the operator, the command line and the CRD's CEL rules hold them. */
class DurationRangeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1ms|'1ms' is too short: must be from 1m to 720h (30 days)
            59s|'59s' is too short: must be from 1m to 720h (30 days)
            0s|'0s' is too short
            721h|'721h' is too long: must be from 1m to 720h (30 days)
            9999999999999h|'9999999999999h' is too long
            99999999999999999999h|'99999999999999999999h' is too long a duration
            """)
    void aRemovalWindowIsFromAMinuteToThirtyDays(String text, String message) {
        assertThatThrownBy(() -> DurationRange.REMOVAL_WINDOW.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void theBoundsThemselvesAreIn() {
        assertThat(DurationRange.REMOVAL_WINDOW.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationRange.REMOVAL_WINDOW.parse("720h")).isEqualTo(Duration.ofDays(30));
        assertThat(DurationRange.RESYNC.parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(DurationRange.RESYNC.parse("168h")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationRange.REQUEST_WINDOW.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> DurationRange.RESYNC.parse("999ms")).hasMessage("'999ms' is too short: must be from 1s "
                + "to 168h (7 days)");
        assertThatThrownBy(() -> DurationRange.REQUEST_WINDOW.parse("24h1s")).hasMessage("'24h1s' is too long: must be "
                + "from 1s to 24h");
    }

    @Test
    void theCrdRulesAndMessagesAreTheRanges() {
        assertThat(DurationRange.RESYNC.celRule()).isEqualTo(DurationRange.RESYNC_RULE);
        assertThat(DurationRange.RESYNC.message()).isEqualTo(DurationRange.RESYNC_MESSAGE);
        assertThat(DurationRange.REMOVAL_WINDOW.celRule()).isEqualTo(DurationRange.REMOVAL_WINDOW_RULE);
        assertThat(DurationRange.REMOVAL_WINDOW.message()).isEqualTo(DurationRange.REMOVAL_WINDOW_MESSAGE);
        assertThat(DurationRange.REQUEST_WINDOW.celRule()).isEqualTo(DurationRange.REQUEST_WINDOW_RULE);
        assertThat(DurationRange.REQUEST_WINDOW.message()).isEqualTo(DurationRange.REQUEST_WINDOW_MESSAGE);
    }

    @Test
    void everyCeilingIsFarWithinWhatTimesAndTheSchedulerHold() {
        Instant farFuture = Instant.parse("9999-12-31T23:59:59Z");
        for (DurationRange range : new DurationRange[] {DurationRange.RESYNC, DurationRange.REMOVAL_WINDOW,
                DurationRange.REQUEST_WINDOW}) {
            assertThat(farFuture.plus(range.ceiling())).isAfter(farFuture);
            assertThat(range.ceiling().toNanos()).isPositive();
            assertThat(range.floor()).isPositive();
        }
    }
}
