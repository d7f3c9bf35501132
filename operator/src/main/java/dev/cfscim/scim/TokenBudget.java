package dev.cfscim.scim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The request budget of one API token, shared by every caller that uses the token: Cloudflare
 * counts requests per token (1,200 per 5 minutes), and going over blocks every call for the rest
 * of the window. The budget keeps a sliding log of the requests it let through and makes a caller
 * wait when another request would put more than {@code requests x headroom} in any window, so a
 * 429 stays an exception. A 429 or a {@code Ratelimit} header that says nothing remains pauses
 * every caller until Cloudflare's window resets.
 */
public final class TokenBudget {

    /** The limit to stay under: {@code requests} per {@code per}, of which {@code headroom} is used. */
    public record Limit(int requests, Duration per, double headroom) {

        public static final Limit CLOUDFLARE = new Limit(1200, Duration.ofMinutes(5), 0.9);

        public Limit {
            if (requests < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("a request budget needs requests >= 1 and a positive window");
            }
            if (!(headroom > 0 && headroom <= 1)) {
                throw new IllegalArgumentException("headroom must be in (0, 1], got " + headroom);
            }
        }

        /** Requests allowed in any window: at least one, so a tiny budget still makes progress. */
        public int allowed() {
            return Math.max(1, (int) Math.floor(requests * headroom));
        }
    }

    /** How the budget waits; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Map<ApiToken, TokenBudget> SHARED = new ConcurrentHashMap<>();

    private final Limit limit;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    private long pausedUntilNanos;
    private boolean paused;

    public TokenBudget(Limit limit, LongSupplier nanoTime, Sleeper sleeper) {
        this.limit = limit;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * The budget every client of this token shares in this process. A later caller with a
     * different limit replaces it: the newest configuration wins.
     */
    public static TokenBudget shared(ApiToken token, Limit limit) {
        return SHARED.compute(token, (t, existing) -> existing != null && existing.limit.equals(limit)
                ? existing
                : new TokenBudget(limit, System::nanoTime, d -> Thread.sleep(Math.max(1, d.toMillis()))));
    }

    public Limit limit() {
        return limit;
    }

    /** Blocks until one more request fits the budget, then counts it as sent. */
    public void acquire() throws InterruptedException {
        while (true) {
            Duration wait = tryAcquire();
            if (wait.isZero()) {
                return;
            }
            sleeper.sleep(wait);
        }
    }

    /** Counts a request and returns zero when it fits now; otherwise how long to wait before trying again. */
    synchronized Duration tryAcquire() {
        long now = nanoTime.getAsLong();
        if (paused && now - pausedUntilNanos < 0) {
            return Duration.ofNanos(pausedUntilNanos - now);
        }
        paused = false;
        long windowNanos = limit.per().toNanos();
        while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
            sent.pollFirst();
        }
        if (sent.size() < limit.allowed()) {
            sent.addLast(now);
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(1, sent.peekFirst() + windowNanos - now));
    }

    /** Cloudflare said 429: nobody sends on this token until the wait is over. */
    public synchronized void pauseFor(Duration wait) {
        long until = nanoTime.getAsLong() + wait.toNanos();
        if (!paused || until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
            paused = true;
        }
    }

    /**
     * What Cloudflare's {@code Ratelimit} header said remains. When nothing does, others are using
     * the token too: wait for the reset rather than earn a 5-minute block.
     */
    public void observeRemaining(int remaining, Duration untilReset) {
        if (remaining <= 0 && !untilReset.isZero()) {
            pauseFor(untilReset);
        }
    }

    /** Requests that fit the current window before the budget makes callers wait. */
    public synchronized int remaining() {
        long now = nanoTime.getAsLong();
        long windowNanos = limit.per().toNanos();
        long inWindow = sent.stream().filter(t -> now - t < windowNanos).count();
        return (int) Math.max(0, limit.allowed() - inWindow);
    }
}
