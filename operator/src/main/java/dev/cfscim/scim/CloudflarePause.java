package dev.cfscim.scim;

/**
 * A pause Cloudflare asked for on a token (a 429, or a header saying nothing remains): nobody
 * sends until it is over, and a later, longer one extends it. Not thread-safe: the
 * {@link TokenBudget} that owns it guards it with its own lock.
 */
final class CloudflarePause {

    private long untilNanos;
    private boolean paused;

    CloudflarePause() {
    }

    /** The same token under a new limit: a pause asked for still holds. */
    CloudflarePause(CloudflarePause previous) {
        untilNanos = previous.untilNanos;
        paused = previous.paused;
    }

    /** Nobody sends until {@code endNanos}, or a later end already asked for. */
    void until(long endNanos) {
        if (!paused || endNanos - untilNanos > 0) {
            untilNanos = endNanos;
            paused = true;
        }
    }

    boolean pausedAt(long now) {
        return paused && now - untilNanos < 0;
    }

    /** Nanoseconds of the pause left at {@code now}: zero, and the pause over, when none is. */
    long left(long now) {
        if (pausedAt(now)) {
            return untilNanos - now;
        }
        paused = false;
        return 0;
    }
}
