package dev.cfscim.scim;

import java.util.ArrayDeque;

/**
 * The limiter of a {@link TokenBudget}: when each request it let through in the last window went,
 * so that no window of its own ever holds more than the ceiling. Not thread-safe: the budget that
 * owns it guards it with its own lock.
 */
final class SlidingLog {

    private final long windowNanos;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();

    SlidingLog(TokenBudget.Limit limit) {
        this.windowNanos = limit.per().toNanos();
    }

    /** A log of the same token under a new limit: the requests already sent still count. */
    SlidingLog(TokenBudget.Limit limit, SlidingLog previous) {
        this(limit);
        sent.addAll(previous.sent);
    }

    /** Forgets the requests that left the window ending {@code now}. */
    void forgetBefore(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
            sent.pollFirst();
        }
    }

    /** Requests held, as of the last {@link #forgetBefore}. */
    int size() {
        return sent.size();
    }

    void record(long now) {
        sent.addLast(now);
    }

    /** Nanoseconds until one more request fits under {@code ceiling}: zero when one fits now. */
    long waitFor(long now, int ceiling) {
        return sent.size() < ceiling ? 0 : sent.peekFirst() + windowNanos - now;
    }

    /** Requests in the window ending {@code now}, without forgetting the older ones. */
    long inWindow(long now) {
        return sent.stream().filter(t -> now - t < windowNanos).count();
    }
}
