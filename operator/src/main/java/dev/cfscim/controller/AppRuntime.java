package dev.cfscim.controller;

import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.RemoteState;
import java.time.Instant;

/**
 * What the operator keeps between reconciles of one ScimApp: the engine (client and its token's
 * budget), the remote state as the last scan saw it and the applier's writes kept current since,
 * and the desired state last applied in full, from which drift is told apart from a spec change.
 * Guarded by JOSDK, which never reconciles one resource twice at once.
 */
final class AppRuntime {

    /** What the engine was built from: a change (a rotated token, a new endpoint) builds a new one. */
    record Connection(String endpoint, String tokenFingerprint, int requests, long windowMillis, double headroom) {
    }

    final Connection connection;
    final Engine engine;
    RemoteState remote;
    /** The model the remote state was read for: the user-groups model reads policies too. */
    DesiredState.Model scannedModel;
    Instant lastScan;
    Instant lastSync;
    DesiredState baseline;
    int consecutiveFailures;
    /** A safety rail held a change at the last reconcile: facts outside SCIM may have changed since. */
    boolean blocked;
    /** The last reconcile left changes outstanding (held, failed or not tried). */
    boolean drifted;
    /** The holds already told as events, so that a standing hold is not told at every reconcile. */
    java.util.Set<String> heldAlreadyTold = java.util.Set.of();

    AppRuntime(Connection connection, Engine engine) {
        this.connection = connection;
        this.engine = engine;
    }

    /**
     * The next full scan is due: none yet, the last write proved the cache wrong, resyncInterval
     * passed, or a held deprovision is due for a recheck (a second Super Administrator may have
     * been made in the dashboard, which only a scan can see).
     */
    boolean scanDue(Instant now, java.time.Duration resyncInterval, java.time.Duration blockedRecheck) {
        return remote == null || lastScan == null || !now.isBefore(lastScan.plus(resyncInterval))
                || blocked && !now.isBefore(lastScan.plus(blockedRecheck));
    }
}
