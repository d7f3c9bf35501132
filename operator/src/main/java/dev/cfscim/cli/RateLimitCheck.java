package dev.cfscim.cli;

import dev.cfscim.scim.ProbeAnswer;

/**
 * The doctor's rate-limit finding: what the last answer's Ratelimit headers say of this token's
 * budget, against the limit the engine paces under.
 */
final class RateLimitCheck {

    /** Cloudflare's published limit, which the engine paces under. */
    static final int CLOUDFLARE_QUOTA = 1200;
    private static final int CLOUDFLARE_WINDOW_SECONDS = 300;

    private RateLimitCheck() {
    }

    /** The finding on the rate-limit headers of {@code a}, the last answer of the probe. */
    static DoctorCheck of(ProbeAnswer a) {
        if (a.rateLimit() == null) {
            return a.remaining().isPresent()
                    ? DoctorCheck.ok("rate limit", "only the older X-RateLimit-Remaining: " + a.remaining().getAsInt()
                            + " left")
                    : DoctorCheck.warn("rate limit", "no Ratelimit headers: the engine paces on its own count ("
                            + CLOUDFLARE_QUOTA + " per 5 minutes) and cannot see other clients of this token");
        }
        if (a.remaining().isEmpty()) {
            return DoctorCheck.warn("rate limit", "Ratelimit header without a remaining count: " + a.rateLimit());
        }
        int remaining = a.remaining().getAsInt();
        int quota = a.quota().orElse(CLOUDFLARE_QUOTA);
        int window = a.windowSeconds().orElse(CLOUDFLARE_WINDOW_SECONDS);
        String reset = a.secondsToReset().isPresent() ? ", resets in " + a.secondsToReset().getAsInt() + "s" : "";
        String seen = remaining + " of " + quota + " requests left per " + window + "s" + reset;
        if (remaining * 10L < quota) {
            return DoctorCheck.warn("rate limit", seen + ": under 10% left; a plan now would wait for the window");
        }
        if (a.rateLimitPolicy() == null) {
            return DoctorCheck.ok("rate limit", seen + " (no Ratelimit-Policy; " + CLOUDFLARE_QUOTA
                    + " per 5 minutes assumed)");
        }
        if (quota != CLOUDFLARE_QUOTA || window != CLOUDFLARE_WINDOW_SECONDS) {
            return DoctorCheck.warn("rate limit", seen + ": the engine paces at " + CLOUDFLARE_QUOTA
                    + " per 5 minutes; set the ScimApp's requestBudget to this policy");
        }
        return DoctorCheck.ok("rate limit", seen);
    }
}
