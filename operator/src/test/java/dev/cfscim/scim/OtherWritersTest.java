package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Another writer seen from the headers alone: our own requests in flight never count as one. */
class OtherWritersTest {

    private final OtherWriters writers = new OtherWriters(new TokenBudget.Limit(1200, Duration.ofMinutes(5), 1.0));

    @Test
    void aCountFallingFasterThanOurRequestsIsAnotherWriterAndHalvesOurShare() {
        writers.answered();
        writers.firstWindow(1000);
        for (int i = 0; i < 10; i++) {
            writers.sent();
        }
        writers.answered();
        writers.sameWindow(990);
        assertThat(writers.present()).as("ten sent, ten fewer: ours alone").isFalse();
        assertThat(writers.shareOf(990)).isEqualTo(990);

        writers.answered();
        writers.sameWindow(900);
        assertThat(writers.present()).isTrue();
        // Half of what remains once its burst (90) and our peak in flight (9) are kept back.
        assertThat(writers.shareOf(900)).isEqualTo(400);
    }

    @Test
    void aWriterSeenInTheLastWindowStillCountsInTheNextAndNotAfter() {
        writers.answered();
        writers.firstWindow(1000);
        writers.answered();
        writers.sameWindow(900);
        assertThat(writers.present()).isTrue();

        writers.answered();
        writers.laterWindow(1200, true);
        assertThat(writers.present()).as("seen in the window just over").isTrue();
        writers.answered();
        writers.laterWindow(1200, true);
        assertThat(writers.present()).as("a whole window without it").isFalse();
    }
}
