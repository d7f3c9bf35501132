package dev.cfscim.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one retry policy: its cap, what it retries, and its backoff. */
class RetryPolicyTest {

    /** A failure with a code, as a conflict or an outage carries one. */
    static final class Coded extends RuntimeException {
        final int code;

        Coded(int code) {
            super("code " + code);
            this.code = code;
        }
    }

    private final RetryPolicy<Coded> conflicts =
            new RetryPolicy<>(3, RetryPolicy.Backoff.NONE, Coded.class, e -> e.code == 409);

    @Test
    void aRetryableFailureIsTriedAgainUntilTheCapThenThrownAsItCame() {
        AtomicInteger calls = new AtomicInteger();
        Coded last = new Coded(409);
        assertThatThrownBy(() -> conflicts.run(() -> {
            calls.incrementAndGet();
            throw last;
        })).isSameAs(last);
        assertThat(calls).hasValue(3);
    }

    @Test
    void anAnswerAfterFailuresIsAnswered() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(conflicts.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new Coded(409);
            }
            return "done";
        })).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFailureItDoesNotRetryIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> conflicts.run(() -> {
            calls.incrementAndGet();
            throw new Coded(500);
        })).isInstanceOf(Coded.class).hasMessage("code 500");
        assertThat(calls).hasValue(1);

        calls.set(0);
        assertThatThrownBy(() -> conflicts.run(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("another kind");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).as("a failure of another type is never retried").hasValue(1);
    }

    @Test
    void retriesSaysWhetherAnotherAttemptFollows() {
        assertThat(conflicts.retries(1, new Coded(409))).isTrue();
        assertThat(conflicts.retries(2, new Coded(409))).isTrue();
        assertThat(conflicts.retries(3, new Coded(409))).as("the third of three is the last").isFalse();
        assertThat(conflicts.retries(1, new Coded(500))).isFalse();
        assertThat(conflicts.retryable(new Coded(409))).isTrue();
        assertThat(conflicts.retryable(new IllegalStateException())).isFalse();
    }

    @Test
    void theJitteredBackoffDoublesFromItsBaseUpToItsCapWithHalfOfEachStepRandom() {
        RetryPolicy.Backoff backoff = RetryPolicy.Backoff.jittered(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.after(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(backoff.after(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(backoff.after(5)).as("capped").isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(backoff.after(60)).as("no overflow however many attempts")
                    .isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        }
        assertThat(RetryPolicy.Backoff.NONE.after(7)).isZero();
    }

    @Test
    void aPolicyNeedsAnAttempt() {
        assertThatThrownBy(() -> new RetryPolicy<>(0, RetryPolicy.Backoff.NONE, Coded.class, e -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
