package dev.cfscim.emulator;

/**
 * A fault to inject into the requests of one route ({@code "POST /Users"}) or of every route
 * ({@code "*"}). Each matching request waits {@code latencyMs}, then draws in turn a dropped
 * connection, a 429 (with {@code Retry-After: retryAfterSeconds}) and a 500/503 with the given
 * probabilities. In {@link Phase#AFTER} the request is applied first and only its answer fails, as
 * when a response is lost on the way back. {@code times} caps how many faults the rule injects
 * (0: no cap).
 *
 * <p>The rest make a server a client should not trust, on every matching request: {@code
 * totalResults} ({@code "omit"} or a number) replaces the total a list reports (SCIM
 * {@code totalResults}, v4 {@code result_info.total_count} and {@code total_pages});
 * {@code ignoreStartIndex} answers every list from its first item (SCIM {@code startIndex}, v4
 * {@code page}); {@code dripMs} spreads the answer's body over that long; {@code padBytes} adds
 * that many bytes of whitespace to it; {@code htmlStatus} (0: off) answers a proxy's HTML error
 * page with that status instead of the API's answer.
 */
public record FaultRule(String route, double errorRate, int errorStatus, double throttleRate, long latencyMs,
                        double dropRate, Phase phase, int times, long retryAfterSeconds, String totalResults,
                        boolean ignoreStartIndex, long dripMs, long padBytes, int htmlStatus) {

    public enum Phase { BEFORE, AFTER }

    /** The {@code totalResults} value that leaves the total out of a list. */
    public static final String OMIT = "omit";

    public FaultRule {
        route = route == null || route.isBlank() ? "*" : route.trim();
        checkProbability("errorRate", errorRate);
        checkProbability("throttleRate", throttleRate);
        checkProbability("dropRate", dropRate);
        // 403: the route refused to this token, as Cloudflare refuses a token that lacks a permission.
        if (errorStatus != 403 && errorStatus != 500 && errorStatus != 503) {
            throw new IllegalArgumentException("errorStatus must be 403, 500 or 503, got " + errorStatus);
        }
        if (latencyMs < 0 || times < 0 || retryAfterSeconds < 0 || dripMs < 0 || padBytes < 0) {
            throw new IllegalArgumentException(
                    "latencyMs, times, retryAfterSeconds, dripMs and padBytes cannot be negative");
        }
        if (htmlStatus != 0 && (htmlStatus < 200 || htmlStatus > 599)) {
            throw new IllegalArgumentException("htmlStatus must be 0 (off) or an HTTP status, got " + htmlStatus);
        }
        totalResults = totalResults == null || totalResults.isBlank() ? null : totalResults.trim();
        if (totalResults != null && !totalResults.equals(OMIT) && !totalResults.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("totalResults must be \"" + OMIT + "\" or a number, got '"
                    + totalResults + "'");
        }
        phase = phase == null ? Phase.BEFORE : phase;
    }

    /** Whether the rule changes answers on every matching request, beyond the drawn failures. */
    boolean reshapes() {
        return totalResults != null || ignoreStartIndex || dripMs > 0 || padBytes > 0 || htmlStatus != 0;
    }

    public static Builder route(String route) {
        return new Builder(route);
    }

    public boolean matches(String routeKey) {
        return route.equals("*") || route.equals(routeKey);
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + p);
        }
    }

    public static final class Builder {
        private final String route;
        private double errorRate;
        private int errorStatus = 500;
        private double throttleRate;
        private long latencyMs;
        private double dropRate;
        private Phase phase = Phase.BEFORE;
        private int times;
        private long retryAfterSeconds = 1;
        private String totalResults;
        private boolean ignoreStartIndex;
        private long dripMs;
        private long padBytes;
        private int htmlStatus;

        private Builder(String route) {
            this.route = route;
        }

        public Builder errorRate(double p) {
            this.errorRate = p;
            return this;
        }

        public Builder errorStatus(int status) {
            this.errorStatus = status;
            return this;
        }

        public Builder throttleRate(double p) {
            this.throttleRate = p;
            return this;
        }

        public Builder latencyMs(long ms) {
            this.latencyMs = ms;
            return this;
        }

        public Builder dropRate(double p) {
            this.dropRate = p;
            return this;
        }

        public Builder phase(Phase phase) {
            this.phase = phase;
            return this;
        }

        public Builder times(int times) {
            this.times = times;
            return this;
        }

        /** The {@code Retry-After} of an injected 429, in seconds (1 by default). */
        public Builder retryAfterSeconds(long seconds) {
            this.retryAfterSeconds = seconds;
            return this;
        }

        /** Lists say this total whatever they hold. */
        public Builder totalResults(int total) {
            this.totalResults = Integer.toString(total);
            return this;
        }

        /** Lists leave their total out. */
        public Builder omitTotalResults() {
            this.totalResults = OMIT;
            return this;
        }

        /** Lists answer from their first item whatever {@code startIndex} or {@code page} asks. */
        public Builder ignoreStartIndex() {
            this.ignoreStartIndex = true;
            return this;
        }

        /** The answer's body trickles out over this long. */
        public Builder dripMs(long ms) {
            this.dripMs = ms;
            return this;
        }

        /** The answer's body grows by this many bytes of whitespace (still valid JSON). */
        public Builder padBytes(long bytes) {
            this.padBytes = bytes;
            return this;
        }

        /** A proxy's HTML error page, with this status, instead of the API's answer. */
        public Builder htmlStatus(int status) {
            this.htmlStatus = status;
            return this;
        }

        public FaultRule build() {
            return new FaultRule(route, errorRate, errorStatus, throttleRate, latencyMs, dropRate, phase, times,
                    retryAfterSeconds, totalResults, ignoreStartIndex, dripMs, padBytes, htmlStatus);
        }
    }
}
