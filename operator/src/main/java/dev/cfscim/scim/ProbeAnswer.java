package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One successful read-only GET as it came back: the parsed body and the rate-limit headers, raw, so
 * that {@code cfscim doctor} can say what the account sends rather than what the engine makes of it.
 *
 * @param route           the endpoint, as messages name it ({@code /Users})
 * @param rateLimit       {@code Ratelimit} ({@code "default";r=1195;t=300}), or null
 * @param rateLimitPolicy {@code Ratelimit-Policy} ({@code "default";q=1200;w=300}), or null
 * @param legacyRemaining {@code X-RateLimit-Remaining}, the older header, or null
 */
public record ProbeAnswer(String route, JsonNode body, String rateLimit, String rateLimitPolicy,
                          String legacyRemaining) {

    private static final Pattern REMAINING = Pattern.compile("\\br=(\\d+)");
    private static final Pattern RESET = Pattern.compile("\\bt=(\\d+)");
    private static final Pattern QUOTA = Pattern.compile("\\bq=(\\d+)");
    private static final Pattern WINDOW = Pattern.compile("\\bw=(\\d+)");

    /** Requests left in the window, from {@code Ratelimit} (or the older header). */
    public OptionalInt remaining() {
        OptionalInt fromDraft = number(REMAINING, rateLimit);
        return fromDraft.isPresent() ? fromDraft : number(Pattern.compile("^\\s*(\\d+)\\s*$"), legacyRemaining);
    }

    /** Seconds until the window resets, from {@code Ratelimit}. */
    public OptionalInt secondsToReset() {
        return number(RESET, rateLimit);
    }

    /** Requests the window allows, from {@code Ratelimit-Policy}. */
    public OptionalInt quota() {
        return number(QUOTA, rateLimitPolicy);
    }

    /** The window's length in seconds, from {@code Ratelimit-Policy}. */
    public OptionalInt windowSeconds() {
        return number(WINDOW, rateLimitPolicy);
    }

    private static OptionalInt number(Pattern pattern, String header) {
        if (header == null) {
            return OptionalInt.empty();
        }
        Matcher m = pattern.matcher(header);
        try {
            return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        } catch (NumberFormatException tooLarge) {
            return OptionalInt.empty();
        }
    }
}
