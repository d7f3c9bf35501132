package dev.cfscim.controller;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.Conditions.Type;
import dev.cfscim.api.DurationRange;
import dev.cfscim.api.ScimApp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * When to visit an app next: when the token's budget allows a request again, after a backoff that
 * doubles with each failure in a row, at its next scan, or sooner when a held deprovision is due
 * for a recheck or a removal held by its rate fits again. Never later than the longest
 * resyncInterval: JOSDK's scheduler counts in milliseconds, and no visit here needs to wait longer.
 */
final class RequeueTiming {

    /** The longest wait asked of JOSDK. */
    static final Duration LONGEST_WAIT = DurationRange.RESYNC.ceiling();

    private final ReconcilerSettings settings;

    RequeueTiming(ReconcilerSettings settings) {
        this.settings = settings;
    }

    /** @param session null when the reconcile did not get as far as Cloudflare */
    Duration nextVisit(ScimApp app, Outcome outcome, AppSession session, Instant now) {
        boolean waitSet = outcome.retryAfter().compareTo(Duration.ZERO) > 0;
        if (outcome.failure().isPresent() && waitSet) {
            // Any earlier visit would be turned away by the budget without sending anything.
            return min(outcome.retryAfter(), settings.retryMax());
        }
        if (outcome.failure().isPresent() || !outcome.synced()) {
            int failures = session == null ? 1 : Math.max(1, session.consecutiveFailures());
            long millis = Math.min(settings.retryMax().toMillis(),
                    settings.retryBase().toMillis() * (1L << Math.min(16, failures - 1)));
            return Duration.ofMillis(millis);
        }
        // Read only now: a failed reconcile (an invalid spec among them) may have no usable resyncInterval.
        Duration resync = app.getSpec().resyncPeriod(settings.defaultResync());
        // The time left, from the time passed: never a time plus an interval, which could overflow.
        Duration untilScan = session == null || session.lastScan() == null ? resync
                : resync.minus(Duration.between(session.lastScan(), now));
        // A reference to a resource not there yet (GitOps applies in any order) is met by its arrival's
        // event; the recheck is the net under an event that reached the informers before the app did.
        boolean recheck = outcome.blockingHold().isPresent() || awaitsAReference(outcome);
        Duration next = recheck && settings.blockedRecheck().compareTo(untilScan) < 0
                ? settings.blockedRecheck()
                : untilScan.isNegative() || untilScan.isZero() ? Duration.ofSeconds(1) : untilScan;
        // A removal held by its rate fits again at a known time (retryAfter of a synced outcome).
        return min(waitSet ? min(next, outcome.retryAfter()) : next, LONGEST_WAIT);
    }

    private static boolean awaitsAReference(Outcome outcome) {
        return outcome.desired() != null && outcome.desired().problems().stream()
                .anyMatch(p -> p.reason() == Reason.MISSING_REFERENCE);
    }

    /**
     * After an unexpected error: as long again as the app has been failing so (its Synced condition
     * False with ReconcileError since its last transition), within the retry base and maximum. The
     * wait doubles with each visit, and is read from the status, so a restart does not reset it.
     */
    Duration afterUnexpected(ScimApp app, Instant now) {
        Duration failing = Duration.ZERO;
        if (app.getStatus() != null) {
            Condition synced = Conditions.find(app.getStatus().getConditions(), Type.SYNCED).orElse(null);
            if (synced != null && synced.isFalse() && synced.hasReason(Reason.RECONCILE_ERROR)
                    && synced.lastTransitionTime() != null) {
                try {
                    failing = Duration.between(Instant.parse(synced.lastTransitionTime()), now);
                } catch (DateTimeParseException | ArithmeticException e) {
                    failing = Duration.ZERO; // a time edited by hand: start from the base again
                }
            }
        }
        return min(max(failing, settings.retryBase()), settings.retryMax());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
