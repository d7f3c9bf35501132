package dev.cfscim.scim;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of Cloudflare's rate-limit headers, {@code Ratelimit: "default";r=1195;t=300} and
 * {@code Ratelimit-Policy: "default";q=1200;w=300}, read leniently in any order: a field that is
 * absent or unreadable is empty, never an error, because a header is no reason to fail a call.
 */
final class RateLimitFields {

    private static final Pattern REMAINING = Pattern.compile("\\br=(\\d+)");
    private static final Pattern RESET = Pattern.compile("\\bt=(\\d+)");
    private static final Pattern QUOTA = Pattern.compile("\\bq=(\\d+)");
    private static final Pattern WINDOW = Pattern.compile("\\bw=(\\d+)");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("^\\s*(\\d+)\\s*$");

    private RateLimitFields() {
    }

    /** {@code r}: requests left in the window. */
    static OptionalInt remaining(String rateLimit) {
        return field(REMAINING, rateLimit);
    }

    /** {@code t}: seconds until the window resets. */
    static OptionalInt secondsToReset(String rateLimit) {
        return field(RESET, rateLimit);
    }

    /** {@code q}: requests the window allows. */
    static OptionalInt quota(String policy) {
        return field(QUOTA, policy);
    }

    /** {@code w}: the window's length in seconds. */
    static OptionalInt windowSeconds(String policy) {
        return field(WINDOW, policy);
    }

    /** The older {@code X-RateLimit-Remaining}: a bare number. */
    static OptionalInt legacyRemaining(String header) {
        return field(WHOLE_NUMBER, header);
    }

    private static OptionalInt field(Pattern pattern, String header) {
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
