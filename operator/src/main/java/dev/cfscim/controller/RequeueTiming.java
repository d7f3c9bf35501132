package dev.cfscim.controller;

import dev.cfscim.api.ScimApp;
import java.time.Duration;
import java.time.Instant;

/**
 * When to visit an app next: when the token's budget allows a request again, after a backoff that
 * doubles with each failure in a row, at its next scan, or sooner when a held deprovision is due
 * for a recheck or a removal held by its rate fits again.
 */
final class RequeueTiming {

    private final ScimAppReconciler.Settings settings;

    RequeueTiming(ScimAppReconciler.Settings settings) {
        this.settings = settings;
    }

    /** @param session null when the reconcile did not get as far as Cloudflare */
    Duration nextVisit(ScimApp app, Outcome outcome, AppSession session, Instant now) {
        Duration resync = app.getSpec().resyncPeriod(settings.defaultResync());
        boolean waitSet = outcome.retryAfter().compareTo(Duration.ZERO) > 0;
        if (outcome.failureReason() != null && waitSet) {
            // Any earlier visit would be turned away by the budget without sending anything.
            return min(outcome.retryAfter(), settings.retryMax());
        }
        if (outcome.failureReason() != null || !outcome.synced()) {
            int failures = session == null ? 1 : Math.max(1, session.consecutiveFailures);
            long millis = Math.min(settings.retryMax().toMillis(),
                    settings.retryBase().toMillis() * (1L << Math.min(16, failures - 1)));
            return Duration.ofMillis(millis);
        }
        Duration untilScan = session == null || session.lastScan == null ? resync
                : Duration.between(now, session.lastScan.plus(resync));
        Duration next = outcome.blockingHold().isPresent() && settings.blockedRecheck().compareTo(untilScan) < 0
                ? settings.blockedRecheck()
                : untilScan.isNegative() || untilScan.isZero() ? Duration.ofSeconds(1) : untilScan;
        // A removal held by its rate fits again at a known time (retryAfter of a synced outcome).
        return waitSet ? min(next, outcome.retryAfter()) : next;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
