package dev.cfscim.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cloudflare's per-token limit in fixed windows: the first request opens a window; once more than
 * the allowed number arrive in it, every request is refused until the window ends.
 */
final class RateLimiter {

    /** The outcome of one request: whether it may go on, and what the headers report. */
    record Decision(boolean allowed, int remaining, long secondsToReset) {
    }

    private static final class Window {
        long endNanos;
        int used;
    }

    private final RateLimit limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(RateLimit limit) {
        this.limit = limit;
    }

    RateLimit limit() {
        return limit;
    }

    Decision acquire(String token) {
        if (limit.isOff()) {
            return new Decision(true, Integer.MAX_VALUE, 0);
        }
        Window window = windows.computeIfAbsent(token, t -> new Window());
        long now = System.nanoTime();
        synchronized (window) {
            if (window.used == 0 || now - window.endNanos >= 0) {
                window.endNanos = now + limit.window().toNanos();
                window.used = 0;
            }
            window.used++;
            long secondsToReset = Math.max(1, ceilSeconds(window.endNanos - now));
            return new Decision(window.used <= limit.requests(), Math.max(0, limit.requests() - window.used),
                    secondsToReset);
        }
    }

    void reset() {
        windows.clear();
    }

    /** {@code Ratelimit-Policy}, per the IETF draft Cloudflare follows. */
    String policyHeader() {
        return "\"default\";q=" + limit.requests() + ";w=" + Math.max(1, ceilSeconds(limit.window().toNanos()));
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
