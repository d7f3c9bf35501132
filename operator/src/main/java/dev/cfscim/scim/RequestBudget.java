package dev.cfscim.scim;

import java.time.Duration;
import java.util.OptionalInt;
import okhttp3.Response;

/**
 * The token's {@link TokenBudget} as one request meets it: a place taken before it is sent (or a
 * typed refusal when that would take longer than {@code maxWait}), and what its answer's
 * rate-limit headers said told to the budget after.
 */
record RequestBudget(TokenBudget budget, Duration maxWait) {

    /** Cloudflare said 429: every caller of the token waits out {@code wait} (at most a window). */
    void pauseFor(Duration wait) {
        budget.pauseFor(wait);
    }

    /**
     * Takes the request's place in the token's budget, waiting at most {@code maxWait}: a longer
     * wait is handed back, with nothing sent, as BUDGET_EXHAUSTED (our own pacing) or RATE_LIMITED
     * (a pause Cloudflare asked for), so the caller can come back when a request fits instead of
     * standing still.
     */
    void admit(String method, String route) {
        Duration wait;
        try {
            wait = budget.acquire(maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScimException(ScimException.Kind.TRANSIENT, 0, null,
                    method + " " + route + ": interrupted while waiting for the request budget", null, e);
        }
        if (!wait.isZero()) {
            boolean paused = budget.pausedByCloudflare();
            throw new ScimException(paused ? ScimException.Kind.RATE_LIMITED : ScimException.Kind.BUDGET_EXHAUSTED, 0,
                    null, method + " " + route + " not sent: "
                            + new TokenBudget.Wait(wait, budget.limit(), budget.ceiling(), paused).describe(), wait, null);
        }
    }

    /**
     * Tells the budget what an answer's {@code Ratelimit} header (or the older {@code X-RateLimit-*}
     * pair) says remains of Cloudflare's window. An unreadable header is no reason to fail the call:
     * the budget still paces.
     */
    void observe(Response response) {
        String header = response.header("Ratelimit");
        if (header != null) {
            OptionalInt remaining = RateLimitFields.remaining(header);
            OptionalInt reset = RateLimitFields.secondsToReset(header);
            if (remaining.isPresent() && reset.isPresent()) {
                budget.observeRemaining(remaining.getAsInt(), Duration.ofSeconds(reset.getAsInt()));
            }
            return;
        }
        String remaining = response.header("X-RateLimit-Remaining");
        String reset = response.header("X-RateLimit-Reset");
        if (remaining != null && reset != null) {
            try {
                long resetValue = Long.parseLong(reset.trim());
                // Older docs give the reset as epoch seconds; a small number can only be a delay.
                long seconds = resetValue > 1_000_000_000L
                        ? Math.max(0, resetValue - System.currentTimeMillis() / 1000) : resetValue;
                budget.observeRemaining(Integer.parseInt(remaining.trim()), Duration.ofSeconds(seconds));
            } catch (NumberFormatException ignored) {
                // An unreadable header is no reason to fail the call; the budget still paces.
            }
        }
    }
}
