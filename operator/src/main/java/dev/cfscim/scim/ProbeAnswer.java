package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;

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

    /** Requests left in the window, from {@code Ratelimit} (or the older header). */
    public OptionalInt remaining() {
        OptionalInt fromDraft = RateLimitFields.remaining(rateLimit);
        return fromDraft.isPresent() ? fromDraft : RateLimitFields.legacyRemaining(legacyRemaining);
    }

    /** Seconds until the window resets, from {@code Ratelimit}. */
    public OptionalInt secondsToReset() {
        return RateLimitFields.secondsToReset(rateLimit);
    }

    /** Requests the window allows, from {@code Ratelimit-Policy}. */
    public OptionalInt quota() {
        return RateLimitFields.quota(rateLimitPolicy);
    }

    /** The window's length in seconds, from {@code Ratelimit-Policy}. */
    public OptionalInt windowSeconds() {
        return RateLimitFields.windowSeconds(rateLimitPolicy);
    }
}
