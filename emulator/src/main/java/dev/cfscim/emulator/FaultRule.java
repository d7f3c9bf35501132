package dev.cfscim.emulator;

/**
 * A fault to inject into the requests of one route ({@code "POST /Users"}) or of every route
 * ({@code "*"}). Each matching request waits {@code latencyMs}, then draws in turn a dropped
 * connection, a 429 and a 500/503 with the given probabilities. In {@link Phase#AFTER} the request
 * is applied first and only its answer fails, as when a response is lost on the way back.
 * {@code times} caps how many faults the rule injects (0: no cap).
 */
public record FaultRule(String route, double errorRate, int errorStatus, double throttleRate, long latencyMs,
                        double dropRate, Phase phase, int times) {

    public enum Phase { BEFORE, AFTER }

    public FaultRule {
        route = route == null || route.isBlank() ? "*" : route.trim();
        checkProbability("errorRate", errorRate);
        checkProbability("throttleRate", throttleRate);
        checkProbability("dropRate", dropRate);
        if (errorStatus != 500 && errorStatus != 503) {
            throw new IllegalArgumentException("errorStatus must be 500 or 503, got " + errorStatus);
        }
        if (latencyMs < 0 || times < 0) {
            throw new IllegalArgumentException("latencyMs and times cannot be negative");
        }
        phase = phase == null ? Phase.BEFORE : phase;
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

        public FaultRule build() {
            return new FaultRule(route, errorRate, errorStatus, throttleRate, latencyMs, dropRate, phase, times);
        }
    }
}
