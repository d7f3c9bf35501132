package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The budget's limiter alone: what a window holds and when the next request fits. */
class SlidingLogTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void aFullWindowWaitsForItsOldestRequestToAgeOut() {
        SlidingLog log = new SlidingLog(new TokenBudget.Limit(3, Duration.ofSeconds(10), 1.0));
        log.record(0);
        log.record(SECOND);
        assertThat(log.waitFor(2 * SECOND, 3)).as("room for a third").isZero();
        log.record(2 * SECOND);

        assertThat(log.waitFor(2 * SECOND, 3)).isEqualTo(8 * SECOND);
        log.forgetBefore(10 * SECOND);
        assertThat(log.size()).as("the first is out of the window ending at 10 s").isEqualTo(2);
        assertThat(log.waitFor(10 * SECOND, 3)).isZero();
        assertThat(log.inWindow(11 * SECOND)).as("counted without forgetting").isEqualTo(1);
    }

    @Test
    void underANewLimitWhatWasSentStillCounts() {
        SlidingLog before = new SlidingLog(new TokenBudget.Limit(3, Duration.ofSeconds(10), 1.0));
        before.record(0);
        before.record(SECOND);
        SlidingLog after = new SlidingLog(new TokenBudget.Limit(2, Duration.ofSeconds(10), 1.0), before);
        assertThat(after.size()).isEqualTo(2);
        assertThat(after.waitFor(2 * SECOND, 2)).isEqualTo(8 * SECOND);
    }
}
