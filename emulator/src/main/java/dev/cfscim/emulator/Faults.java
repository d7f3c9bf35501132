package dev.cfscim.emulator;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The fault rules in force, and the draw that decides what happens to one request. */
public final class Faults {

    /**
     * What to do to one request: nothing, or a failure before or after it is applied, and how its
     * answer is bent ({@link Reshape#NONE} for not at all).
     */
    record Draw(long latencyMs, Action action, int status, FaultRule.Phase phase, long retryAfterSeconds,
                Reshape reshape) {
        static final Draw NONE = new Draw(0, Action.NONE, 0, FaultRule.Phase.BEFORE, 1, Reshape.NONE);

        boolean failsBefore() {
            return action != Action.NONE && phase == FaultRule.Phase.BEFORE;
        }

        boolean failsAfter() {
            return action != Action.NONE && phase == FaultRule.Phase.AFTER;
        }
    }

    enum Action { NONE, DROP, THROTTLE, ERROR }

    /** The answer of a server a client should not trust: see {@link FaultRule}'s fields of the same names. */
    record Reshape(String totalResults, boolean ignoreStartIndex, long dripMs, long padBytes, int htmlStatus) {
        static final Reshape NONE = new Reshape(null, false, 0, 0, 0);

        boolean any() {
            return !equals(NONE);
        }

        static Reshape of(FaultRule rule) {
            return new Reshape(rule.totalResults(), rule.ignoreStartIndex(), rule.dripMs(), rule.padBytes(),
                    rule.htmlStatus());
        }
    }

    private record Active(FaultRule rule, AtomicInteger injected) {
        /** Takes one of the rule's injections, or none when its cap is used up. */
        boolean take() {
            if (rule.times() == 0) {
                return true;
            }
            return injected.getAndUpdate(n -> n < rule.times() ? n + 1 : n) < rule.times();
        }
    }

    private final List<Active> rules = new CopyOnWriteArrayList<>();
    private final Random random;

    Faults(Random random) {
        this.random = random;
    }

    public void add(FaultRule rule) {
        rules.add(new Active(rule, new AtomicInteger()));
    }

    public void clear() {
        rules.clear();
    }

    public List<FaultRule> rules() {
        return rules.stream().map(Active::rule).toList();
    }

    Draw draw(String routeKey) {
        if (rules.isEmpty()) {
            return Draw.NONE;
        }
        long latency = 0;
        Reshape reshape = Reshape.NONE;
        for (Active active : rules) {
            FaultRule rule = active.rule();
            if (!rule.matches(routeKey)) {
                continue;
            }
            latency = Math.max(latency, rule.latencyMs());
            // One rule bends an answer: the first in force with injections left (faults that
            // go together go in one rule).
            if (rule.reshapes() && !reshape.any() && active.take()) {
                reshape = Reshape.of(rule);
            }
            Action action = Action.NONE;
            int status = 0;
            if (hit(rule.dropRate())) {
                action = Action.DROP;
            } else if (hit(rule.throttleRate())) {
                action = Action.THROTTLE;
                status = 429;
            } else if (hit(rule.errorRate())) {
                action = Action.ERROR;
                status = rule.errorStatus();
            }
            if (action != Action.NONE && active.take()) {
                return new Draw(latency, action, status, rule.phase(), rule.retryAfterSeconds(), reshape);
            }
        }
        return latency == 0 && !reshape.any() ? Draw.NONE
                : new Draw(latency, Action.NONE, 0, FaultRule.Phase.BEFORE, 1, reshape);
    }

    private boolean hit(double probability) {
        return probability > 0 && random.nextDouble() < probability;
    }
}
