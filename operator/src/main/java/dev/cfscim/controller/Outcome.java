package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.plan.Applier;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanScope;
import dev.cfscim.plan.RemoteState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile of a ScimApp found and did: a plan with nothing sent ({@link Planned}), a plan
 * and what applying it did ({@link Applied}), or the failure that stopped it ({@link Failed}, with
 * its condition reason). Statuses and events are built from this.
 */
sealed interface Outcome {

    /** What is declared; null when the declaration could not be read (a failure before it). */
    DesiredState desired();

    /** The account as this reconcile left it; null when it was not read. */
    RemoteState remote();

    /** Come back within this (zero: the usual timing, or backoff after a failure). */
    Duration retryAfter();

    /** The same outcome, asking to be visited again within {@code wait} (sooner if it already asked). */
    Outcome revisitWithin(Duration wait);

    /** Whether the reconcile reached Cloudflare and every change it sent landed. */
    boolean synced();

    /** Changes held back by the plan or refused by Cloudflare while applying. */
    List<HeldChange> held();

    /** Changes still standing between Cloudflare and the declaration: held, failed, or not yet tried. */
    List<Change> outstanding();

    /** The plan this reconcile made; empty when it failed first. */
    default Optional<Plan> lastPlan() {
        return Optional.empty();
    }

    /** The failure that stopped this reconcile, if one did. */
    default Optional<Failed> failure() {
        return Optional.empty();
    }

    /** The users the plan looked at. */
    default PlanScope scope() {
        return PlanScope.ALL;
    }

    /**
     * The userNames whose deprovision or role removal a rail holds, lower-cased, each with the
     * reason of the first rail that holds it: gathered once, since statuses ask it of every user,
     * and a rail may hold thousands of deprovisions at once.
     */
    default Map<String, Reason> blockReasons() {
        return Map.of();
    }

    /** A plan and nothing sent: Cloudflare matches it, or every difference is held. */
    record Planned(DesiredState desired, RemoteState remote, Plan plan, PlanScope scope, Duration retryAfter,
                   Map<String, Reason> blockReasons) implements Outcome {
        @Override
        public Outcome revisitWithin(Duration wait) {
            return new Planned(desired, remote, plan, scope, sooner(retryAfter, wait), blockReasons);
        }

        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public List<HeldChange> held() {
            return plan.held();
        }

        @Override
        public List<Change> outstanding() {
            return plan.held().stream().map(HeldChange::change).toList();
        }

        @Override
        public Optional<Plan> lastPlan() {
            return Optional.of(plan);
        }
    }

    /** A plan, and what sending its changes did. */
    record Applied(DesiredState desired, RemoteState remote, Plan plan, Applier.Result result, PlanScope scope,
                   Duration retryAfter, Map<String, Reason> blockReasons) implements Outcome {
        @Override
        public Outcome revisitWithin(Duration wait) {
            return new Applied(desired, remote, plan, result, scope, sooner(retryAfter, wait), blockReasons);
        }

        @Override
        public boolean synced() {
            return result.complete();
        }

        @Override
        public List<HeldChange> held() {
            List<HeldChange> held = new ArrayList<>(plan.held());
            held.addAll(result.held());
            return held;
        }

        @Override
        public List<Change> outstanding() {
            List<Change> left = new ArrayList<>();
            held().forEach(h -> left.add(h.change()));
            result.failed().forEach(f -> left.add(f.change()));
            if (result.aborted() != null) {
                plan.changes().stream()
                        .filter(c -> !result.applied().contains(c) && result.failed().stream().noneMatch(f -> f.change() == c))
                        .forEach(left::add);
            }
            return left;
        }

        @Override
        public Optional<Plan> lastPlan() {
            return Optional.of(plan);
        }
    }

    /** A reconcile stopped before (or while) reaching Cloudflare, for {@code reason}. */
    record Failed(DesiredState desired, RemoteState remote, Reason reason, String message, Duration retryAfter)
            implements Outcome {
        @Override
        public Outcome revisitWithin(Duration wait) {
            return new Failed(desired, remote, reason, message, sooner(retryAfter, wait));
        }

        @Override
        public boolean synced() {
            return false;
        }

        @Override
        public List<HeldChange> held() {
            return List.of();
        }

        @Override
        public List<Change> outstanding() {
            return List.of();
        }

        @Override
        public Optional<Failed> failure() {
            return Optional.of(this);
        }
    }

    /** A plan, and what applying it did ({@code result} null when nothing was sent). */
    static Outcome of(DesiredState desired, RemoteState remote, Plan plan, Applier.Result result) {
        return of(desired, remote, plan, result, PlanScope.ALL);
    }

    /** As {@link #of(DesiredState, RemoteState, Plan, Applier.Result)}, for a plan over the users of {@code scope}. */
    static Outcome of(DesiredState desired, RemoteState remote, Plan plan, Applier.Result result, PlanScope scope) {
        List<HeldChange> held = new ArrayList<>(plan.held());
        if (result != null) {
            held.addAll(result.held());
        }
        Map<String, Reason> reasons = new HashMap<>();
        held.stream().filter(HeldChange::bySafetyRail).forEach(h -> h.change().userNames()
                .forEach(n -> reasons.putIfAbsent(n.toLowerCase(Locale.ROOT), h.reason())));
        return result == null ? new Planned(desired, remote, plan, scope, Duration.ZERO, Map.copyOf(reasons))
                : new Applied(desired, remote, plan, result, scope, Duration.ZERO, Map.copyOf(reasons));
    }

    static Outcome failed(DesiredState desired, RemoteState remote, Reason reason, String message) {
        return failed(desired, remote, reason, message, Duration.ZERO);
    }

    /** A failure after which nothing can be sent before {@code retryAfter} (zero: retry with backoff). */
    static Outcome failed(DesiredState desired, RemoteState remote, Reason reason, String message, Duration retryAfter) {
        return new Failed(desired, remote, reason, message, retryAfter);
    }

    /** The first hold by a safety rail (as opposed to a policy such as Observe), if any. */
    default Optional<HeldChange> blockingHold() {
        return held().stream().filter(HeldChange::bySafetyRail).findFirst();
    }

    /** Whether a rail holds the deprovision (or role removal) of this user. */
    default boolean blocks(String userName) {
        return userName != null && blockReasons().containsKey(userName.toLowerCase(Locale.ROOT));
    }

    /** The reason of the first rail hold that concerns this user (not merely the reconcile's first hold). */
    default Optional<Reason> blockReason(String userName) {
        return userName == null ? Optional.empty()
                : Optional.ofNullable(blockReasons().get(userName.toLowerCase(Locale.ROOT)));
    }

    private static Duration sooner(Duration retryAfter, Duration wait) {
        return retryAfter.isZero() || retryAfter.compareTo(wait) > 0 ? wait : retryAfter;
    }
}
