package dev.cfscim.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cloudflare's limit in fixed windows, counted per account-owned token or per user (a user's tokens
 * share one counter): the first request opens a window; the request that goes over the allowed
 * number starts a block as long as the window, during which every request is refused.
 */
final class RateLimiter {

    /** The outcome of one request: whether it may go on, and what the headers report. */
    record Decision(boolean allowed, int remaining, long secondsToReset) {
    }

    private static final class Window {
        long endNanos;
        int used;
        boolean blocked;
    }

    private final RateLimit limit;
    private final Map<String, String> userByToken;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();

    RateLimiter(RateLimit limit) {
        this(limit, Map.of());
    }

    /** {@code userByToken}: the tokens that belong to a user; any other token counts alone. */
    RateLimiter(RateLimit limit, Map<String, String> userByToken) {
        this.limit = limit;
        this.userByToken = Map.copyOf(userByToken);
    }

    RateLimit limit() {
        return limit;
    }

    Decision acquire(String token) {
        if (limit.isOff()) {
            return new Decision(true, Integer.MAX_VALUE, 0);
        }
        Window window = windows.computeIfAbsent(counterOf(token), t -> new Window());
        long now = System.nanoTime();
        synchronized (window) {
            if (window.used == 0 || now - window.endNanos >= 0) {
                window.endNanos = now + limit.window().toNanos();
                window.used = 0;
                window.blocked = false;
                opened.incrementAndGet();
            }
            if (!window.blocked) {
                window.used++;
                if (window.used > limit.requests()) {
                    // Going over blocks every call for a whole window from now, not to the window's end.
                    window.blocked = true;
                    window.endNanos = now + limit.window().toNanos();
                }
            }
            long secondsToReset = Math.max(1, ceilSeconds(window.endNanos - now));
            return new Decision(!window.blocked, Math.max(0, limit.requests() - window.used), secondsToReset);
        }
    }

    /** The counter a token's requests go to: its user's when it is a user's token, else its own. */
    private String counterOf(String token) {
        String user = userByToken.get(token);
        return user == null ? "token:" + token : "user:" + user;
    }

    /** Windows opened since the start or the last reset, over every counter. */
    long windowsOpened() {
        return opened.get();
    }

    void reset() {
        windows.clear();
        opened.set(0);
    }

    /** {@code Ratelimit-Policy}, per the IETF draft Cloudflare follows. */
    String policyHeader() {
        return "\"default\";q=" + limit.requests() + ";w=" + Math.max(1, ceilSeconds(limit.window().toNanos()));
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
