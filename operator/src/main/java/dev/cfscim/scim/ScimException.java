package dev.cfscim.scim;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A failed call to Cloudflare, reduced to what the caller can do about it. Messages carry the
 * method, route and Cloudflare's own detail, never the token.
 */
public final class ScimException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure, in the terms the planner, applier and status speak. */
    public enum Kind {
        /** 401/403: the token is wrong, revoked, expired, or lacks SCIM Provisioning on this account. */
        INVALID_CREDENTIALS,
        /** 404: the user or group is not there (any more). */
        NOT_FOUND,
        /** 409 uniqueness: a user with that userName, or a group with that name, exists. */
        UNIQUENESS,
        /** 429: over Cloudflare's limit; every call fails until {@link #retryAfter()} has passed. */
        RATE_LIMITED,
        /**
         * Nothing was sent: the token's shared request budget (or a pause Cloudflare asked for) would
         * make the caller wait longer than it may; {@link #retryAfter()} says when a request fits.
         */
        BUDGET_EXHAUSTED,
        /** 5xx, a dropped connection or a timeout, still failing after the retries. */
        TRANSIENT,
        /** Any other refusal (400 and the like): retrying the same request will not help. */
        PERMANENT
    }

    private final Kind kind;
    private final int status;
    private final String scimType;
    private final Duration retryAfter;

    public ScimException(Kind kind, int status, String scimType, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.scimType = scimType;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int status() {
        return status;
    }

    /** The SCIM error type ({@code uniqueness}, {@code invalidFilter}, ...), or null. */
    public String scimType() {
        return scimType;
    }

    /** How long Cloudflare asked to wait, for RATE_LIMITED; zero otherwise. */
    public Duration retryAfter() {
        return retryAfter == null ? Duration.ZERO : retryAfter;
    }

    public boolean is(Kind other) {
        return kind == other;
    }

    /**
     * Whether no answer came at all (a connection refused, an unknown host, a timeout): the endpoint
     * or the network is the question, not the request.
     */
    public boolean unanswered() {
        return status == 0 && getCause() instanceof java.io.IOException;
    }

    /**
     * Makes a write whose one expected refusal has a known answer: a ScimException of {@code kind}
     * goes to {@code recovery} (which may rethrow it), any other goes on up.
     */
    public static <T> T recovering(Kind kind, Supplier<T> write, Function<ScimException, T> recovery) {
        try {
            return write.get();
        } catch (ScimException e) {
            if (!e.is(kind)) {
                throw e;
            }
            return recovery.apply(e);
        }
    }

    /**
     * What {@code call} answers; a failure leaves with its message scrubbed of the token
     * ({@link ApiToken#redact}): for messages made of what a successful answer carried (a malformed
     * list quoted), which the transport's scrubbing of failed answers does not see.
     */
    static <T> T redacting(ApiToken token, Supplier<T> call) {
        try {
            return call.get();
        } catch (ScimException e) {
            throw e.redactedBy(token);
        }
    }

    /** This failure with its message scrubbed of the token, or itself when there was nothing to scrub. */
    private ScimException redactedBy(ApiToken token) {
        String message = getMessage();
        String scrubbed = token.redact(message);
        if (scrubbed == null || scrubbed.equals(message)) {
            return this;
        }
        ScimException redacted = new ScimException(kind, status, scimType, scrubbed, retryAfter, getCause());
        redacted.setStackTrace(getStackTrace());
        return redacted;
    }
}
