package dev.cfscim.controller;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.Conditions.Type;

/**
 * Every condition the operator writes, one factory each (as Crossplane builds them), stamped with
 * the reconcile's time and the generation the status was computed from.
 */
record StatusConditions(String time, long generation) {

    /** Synced True: the reconcile reached Cloudflare and finished. */
    Condition reconcileSuccess(String message) {
        return of(Type.SYNCED, Condition.TRUE, Reason.RECONCILE_SUCCESS, message);
    }

    /** Synced True under managementPolicy Observe: planned, nothing written. */
    Condition reconcilePaused(String message) {
        return of(Type.SYNCED, Condition.TRUE, Reason.RECONCILE_PAUSED, message);
    }

    /** Synced False, with the failure's own reason (ReconcileError when nothing more precise is known). */
    Condition reconcileFailed(String reason, String message) {
        return of(Type.SYNCED, Condition.FALSE, reason, message);
    }

    Condition noDrift(String message) {
        return of(Type.DRIFTED, Condition.FALSE, Reason.NO_DRIFT, message);
    }

    Condition driftDetected(String message) {
        return of(Type.DRIFTED, Condition.TRUE, Reason.DRIFT_DETECTED, message);
    }

    /** Drifted Unknown: written on the first visit, before Cloudflare has been read. */
    Condition notYetRead() {
        return of(Type.DRIFTED, Condition.UNKNOWN, Reason.RECONCILING, "Cloudflare has not been read yet");
    }

    /** Drifted Unknown: this reconcile could not read (or finish writing) the account, for {@code reason}. */
    Condition driftUnknown(String reason, String message) {
        return of(Type.DRIFTED, Condition.UNKNOWN, reason, message);
    }

    /** AccountShared True: the other ScimApps on the account are named. */
    Condition accountShared(String message) {
        return of(Type.ACCOUNT_SHARED, Condition.TRUE, Reason.SHARED_WITH_OTHER_APPS, message);
    }

    Condition accountNotShared(String message) {
        return of(Type.ACCOUNT_SHARED, Condition.FALSE, Reason.NOT_SHARED, message);
    }

    /** DeprovisionBlocked True, with the rail's reason (see {@link dev.cfscim.plan.HeldChange#bySafetyRail}). */
    Condition deprovisionBlocked(String reason, String message) {
        return of(Type.DEPROVISION_BLOCKED, Condition.TRUE, reason, message);
    }

    Condition notBlocked(String message) {
        return of(Type.DEPROVISION_BLOCKED, Condition.FALSE, Reason.NOT_BLOCKED, message);
    }

    Condition ready(String reason, String message) {
        return of(Type.READY, Condition.TRUE, reason, message);
    }

    Condition notReady(String reason, String message) {
        return of(Type.READY, Condition.FALSE, reason, message);
    }

    private Condition of(String type, String status, String reason, String message) {
        return new Condition(type, status, reason, bounded(message), time, generation);
    }

    /**
     * The message within the CRD's bound on it (metav1.Condition's): a message that repeats a
     * runaway input (a 100,000-character field an unvalidated object carried) must not make the
     * API server refuse the whole status, and with it every other condition.
     */
    static String bounded(String message) {
        if (message == null || message.length() <= Condition.MESSAGE_MAX_LENGTH) {
            return message;
        }
        String cut = " ... (" + message.length() + " characters, cut)";
        int end = Condition.MESSAGE_MAX_LENGTH - cut.length();
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + cut;
    }
}
