package dev.cfscim.scim;

import dev.cfscim.settings.RecordEdit;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One Cloudflare account over HTTP: its {@link ScimDirectory} (SCIM users and groups) and its
 * {@link CloudflareIam} (the v4 IAM API), sharing one transport (the token's {@link TokenBudget},
 * retries, rate limits, typed failures). Each caller takes the side it needs.
 */
public final class CloudflareScimClient {

    /**
     * How the client talks: timeouts, retries, how long it waits out a 429 itself, batch sizes, and
     * how little it trusts the server: {@code callTimeout} bounds one request whole (connect, send,
     * wait, read the body), {@code maxResponseBytes} one answer's body, {@code maxPages} one scan.
     */
    public record Settings(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration baseBackoff,
                           Duration maxBackoff, Duration maxRateLimitWait, int pageSize, int membersPerPatch,
                           Duration callTimeout, long maxResponseBytes, int maxPages) {

        /** One minute for a whole call: longer than any honest answer, short enough that a drip fails. */
        public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
        /** 16 MiB: a page of 100 users is some 50 KiB, so only a broken or hostile server comes near. */
        public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
        /** 10,000 pages: a million users at 100 a page, far past any account. */
        public static final int DEFAULT_MAX_PAGES = 10_000;

        public Settings {
            if (callTimeout.isNegative() || maxResponseBytes <= 0 || maxPages <= 0) {
                throw new IllegalArgumentException("callTimeout cannot be negative; maxResponseBytes and maxPages "
                        + "must be positive");
            }
        }

        /** The settings of a client that trusts its server only as far as the defaults allow. */
        public Settings(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration baseBackoff,
                        Duration maxBackoff, Duration maxRateLimitWait, int pageSize, int membersPerPatch) {
            this(connectTimeout, readTimeout, maxAttempts, baseBackoff, maxBackoff, maxRateLimitWait, pageSize,
                    membersPerPatch, DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_PAGES);
        }

        /** Okta's 60 s read timeout; five attempts; a 429 is waited out when it asks for 5 minutes or less. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), 5, Duration.ofMillis(250),
                    Duration.ofSeconds(15), Duration.ofMinutes(5), 100, 100);
        }

        /** A copy with what {@code edit} changes: {@code settings.with(c -> c.maxAttempts = 1)}. */
        public Settings with(Consumer<Builder> edit) {
            return RecordEdit.copy(this, new Builder(), edit);
        }

        /**
         * The fields of a copy being made (see the record's components); {@code callTimeout} zero is
         * none, as OkHttp reads it. The record checks them when made.
         */
        public static final class Builder {
            public Duration connectTimeout;
            public Duration readTimeout;
            public int maxAttempts;
            public Duration baseBackoff;
            public Duration maxBackoff;
            public Duration maxRateLimitWait;
            public int pageSize;
            public int membersPerPatch;
            public Duration callTimeout;
            public long maxResponseBytes;
            public int maxPages;

            private Builder() {
            }
        }
    }

    /** Told of every answer (or lost connection), for metrics and for tests that count requests. */
    @FunctionalInterface
    public interface RequestObserver {
        void answered(String method, String route, int status, Duration elapsed);

        RequestObserver NONE = (method, route, status, elapsed) -> { };
    }

    private final CloudflareTransport transport;
    private final HttpScimDirectory directory;
    private final HttpCloudflareIam iam;

    public CloudflareScimClient(String scimBaseUrl, ApiToken token, TokenBudget budget, Settings settings,
                                RequestObserver observer) {
        this.transport = new CloudflareTransport(scimBaseUrl, token, budget, settings, observer);
        this.directory = new HttpScimDirectory(transport);
        this.iam = new HttpCloudflareIam(transport);
    }

    /** The account's members and SCIM groups. */
    public ScimDirectory directory() {
        return directory;
    }

    /** The account's IAM roles beside SCIM. */
    public CloudflareIam iam() {
        return iam;
    }

    /** Requests this client has sent, retries included, through either. */
    public long requestsSent() {
        return transport.requestsSent();
    }

    public String baseUrl() {
        return transport.baseUrl();
    }
}
