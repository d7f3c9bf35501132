package dev.cfscim.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * When a failed attempt is tried again: at most {@code maxAttempts} attempts in all, only after a
 * failure of type {@code failure} that {@code retryable} accepts, each after the {@code backoff}'s
 * wait. The one policy behind every retry loop (Cloudflare's 5xx and 429s, a ConfigMap written by
 * someone else since it was read, a resource the operator wrote while the demo edited it), so that
 * the cap and what counts as worth retrying are stated where the policy is made, not in a loop.
 *
 * @param <F> the failures the policy knows; any other is never retried
 */
public record RetryPolicy<F extends RuntimeException>(int maxAttempts, Backoff backoff, Class<F> failure,
                                                     Predicate<? super F> retryable) {

    /** How long to wait after a failed attempt before the next. */
    @FunctionalInterface
    public interface Backoff {

        /** Straight away: for conflicts, where the next attempt reads what changed. */
        Backoff NONE = attempt -> Duration.ZERO;

        /** The wait after failed attempt {@code attempt} (the first is 1). */
        Duration after(int attempt);

        /**
         * Exponential from {@code base}, capped at {@code max}, with equal jitter (half the step fixed,
         * half random) so that callers failing together do not retry together.
         */
        static Backoff jittered(Duration base, Duration max) {
            return attempt -> {
                long step = Math.min(max.toMillis(), base.toMillis() * (1L << Math.min(20, attempt - 1)));
                return Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
            };
        }
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a retry policy needs at least one attempt, got " + maxAttempts);
        }
    }

    /** Whether this is a failure worth another attempt, whatever the count. */
    public boolean retryable(RuntimeException thrown) {
        return failure.isInstance(thrown) && retryable.test(failure.cast(thrown));
    }

    /** Whether another attempt follows failed attempt {@code attempt} (the first is 1) that threw {@code thrown}. */
    public boolean retries(int attempt, RuntimeException thrown) {
        return attempt < maxAttempts && retryable(thrown);
    }

    /**
     * What {@code call} answers, calling again as this policy allows; the last failure is thrown
     * as it came. An interrupt during a wait ends the retries: the failure is thrown with the
     * interrupt kept on the thread.
     */
    public <T> T run(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException thrown) {
                if (!retries(attempt, thrown)) {
                    throw thrown;
                }
                wait(backoff.after(attempt), thrown);
            }
        }
    }

    private static void wait(Duration duration, RuntimeException thrown) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thrown.addSuppressed(e);
            throw thrown;
        }
    }
}
