package dev.cfscim.emulator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests allowed per token (or per user) in one fixed window; going over blocks every call for one
 * more window. Cloudflare's is 1,200 per 5 minutes; benchmarks compress the window (and so the block),
 * for example to 1,200 per 3 seconds, to measure pacing without waiting.
 */
public record RateLimit(int requests, Duration window) {

    public static final RateLimit OFF = new RateLimit(Integer.MAX_VALUE, Duration.ZERO);
    public static final RateLimit CLOUDFLARE = new RateLimit(1200, Duration.ofMinutes(5));

    private static final Pattern SPEC = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m|h)");

    public RateLimit {
        if (requests < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one request");
        }
        if (window.isNegative()) {
            throw new IllegalArgumentException("a rate-limit window cannot be negative");
        }
    }

    public static RateLimit of(int requests, Duration window) {
        if (window.isZero()) {
            throw new IllegalArgumentException("a rate-limit window must be longer than zero");
        }
        return new RateLimit(requests, window);
    }

    /** Parses {@code N/DURATION} such as {@code 1200/5m} or {@code 100/500ms}, or {@code off}. */
    public static RateLimit parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("off")) {
            return OFF;
        }
        Matcher m = SPEC.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid rate limit '" + text + "': expected N/DURATION such as 1200/5m, 1200/3s or 100/500ms, or off");
        }
        long amount = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return of(Integer.parseInt(m.group(1)), window);
    }

    public boolean isOff() {
        return window.isZero();
    }

    @Override
    public String toString() {
        if (isOff()) {
            return "off";
        }
        long ms = window.toMillis();
        String unit = ms % 3_600_000 == 0 ? ms / 3_600_000 + "h"
                : ms % 60_000 == 0 ? ms / 60_000 + "m"
                : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
        return requests + "/" + unit;
    }
}
