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
 * What one reconcile of a ScimApp found and did: the plan, what the applier made of it, or the
 * failure that stopped it (with its condition reason). Statuses and events are built from this.
 */
record Outcome(DesiredState desired, RemoteState remote, Plan plan, Applier.Result result, Reason failureReason,
               String failureMessage, Duration retryAfter, Map<String, Reason> blockReasons, PlanScope scope) {

    /**
     * A plan, and what applying it did ({@code result} null when nothing was applied). The userNames
     * whose deprovision or role removal a rail holds are gathered here, once, lower-cased, each with
     * the reason of the first rail that holds it: statuses ask it of every user, and a rail may hold
     * thousands of deprovisions at once.
     */
    static Outcome of(DesiredState desired, RemoteState remote, Plan plan, Applier.Result result) {
        return of(desired, remote, plan, result, PlanScope.ALL);
    }

    /** As {@link #of(DesiredState, RemoteState, Plan, Applier.Result)}, for a plan over the users of {@code scope}. */
    static Outcome of(DesiredState desired, RemoteState remote, Plan plan, Applier.Result result, PlanScope scope) {
        return new Outcome(desired, remote, plan, result, null, null, Duration.ZERO, blockReasons(plan, result), scope);
    }

    static Outcome failed(DesiredState desired, RemoteState remote, Reason reason, String message) {
        return failed(desired, remote, reason, message, Duration.ZERO);
    }

    /** A failure after which nothing can be sent before {@code retryAfter} (zero: retry with backoff). */
    static Outcome failed(DesiredState desired, RemoteState remote, Reason reason, String message,
                          Duration retryAfter) {
        return new Outcome(desired, remote, null, null, reason, message, retryAfter, Map.of(), PlanScope.ALL);
    }

    /** The same outcome, asking to be visited again within {@code wait} (sooner if it already asked). */
    Outcome revisitWithin(Duration wait) {
        Duration sooner = retryAfter.isZero() || retryAfter.compareTo(wait) > 0 ? wait : retryAfter;
        return new Outcome(desired, remote, plan, result, failureReason, failureMessage, sooner, blockReasons, scope);
    }

    boolean synced() {
        return failureReason == null && (result == null || result.complete());
    }

    /** Changes still standing between Cloudflare and the declaration: held, failed, or not yet tried. */
    List<Change> outstanding() {
        List<Change> left = new ArrayList<>();
        if (plan == null) {
            return left;
        }
        held().forEach(h -> left.add(h.change()));
        if (result != null) {
            result.failed().forEach(f -> left.add(f.change()));
            if (result.aborted() != null) {
                plan.changes().stream()
                        .filter(c -> !result.applied().contains(c) && result.failed().stream().noneMatch(f -> f.change() == c))
                        .forEach(left::add);
            }
        }
        return left;
    }

    /** Changes held back by the plan or refused by Cloudflare while applying. */
    List<HeldChange> held() {
        return held(plan, result);
    }

    private static List<HeldChange> held(Plan plan, Applier.Result result) {
        List<HeldChange> held = new ArrayList<>();
        if (plan != null) {
            held.addAll(plan.held());
        }
        if (result != null) {
            held.addAll(result.held());
        }
        return held;
    }

    /** The first hold by a safety rail (as opposed to a policy such as Observe), if any. */
    Optional<HeldChange> blockingHold() {
        return held().stream().filter(HeldChange::bySafetyRail).findFirst();
    }

    /** Whether a rail holds the deprovision (or role removal) of this user. */
    boolean blocks(String userName) {
        return userName != null && blockReasons.containsKey(userName.toLowerCase(Locale.ROOT));
    }

    /** The reason of the first rail hold that concerns this user (not merely the reconcile's first hold). */
    Optional<Reason> blockReason(String userName) {
        return userName == null ? Optional.empty() : Optional.ofNullable(blockReasons.get(userName.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, Reason> blockReasons(Plan plan, Applier.Result result) {
        Map<String, Reason> reasons = new HashMap<>();
        held(plan, result).stream().filter(HeldChange::bySafetyRail).forEach(h -> h.change().userNames()
                .forEach(n -> reasons.putIfAbsent(n.toLowerCase(Locale.ROOT), h.reason())));
        return Map.copyOf(reasons);
    }
}
