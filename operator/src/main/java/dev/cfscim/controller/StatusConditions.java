package dev.cfscim.controller;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.Conditions.Type;

/**
 * Every condition the operator writes, one factory each (as Crossplane builds them), stamped with
 * the reconcile's time and the generation the status was computed from. A condition's status
 * follows from its reason's polarity ({@link Reason#statusIn}), except the Unknown ones; the
 * reason becomes its CamelCase string here, where the status leaves the typed world.
 */
record StatusConditions(String time, long generation) {

    /** Synced True: the reconcile reached Cloudflare and finished. */
    Condition reconcileSuccess(String message) {
        return of(Type.SYNCED, Reason.RECONCILE_SUCCESS, message);
    }

    /** Synced True under managementPolicy Observe: planned, nothing written (see {@link Reason#RECONCILE_PAUSED}). */
    Condition reconcilePaused(String message) {
        return of(Type.SYNCED, Reason.RECONCILE_PAUSED, message);
    }

    /** Synced False, with the failure's own reason (ReconcileError when nothing more precise is known). */
    Condition reconcileFailed(Reason reason, String message) {
        return of(Type.SYNCED, reason, message);
    }

    Condition noDrift(String message) {
        return of(Type.DRIFTED, Reason.NO_DRIFT, message);
    }

    Condition driftDetected(String message) {
        return of(Type.DRIFTED, Reason.DRIFT_DETECTED, message);
    }

    /** Drifted Unknown: this reconcile could not read (or finish writing) the account, for {@code reason}. */
    Condition driftUnknown(Reason reason, String message) {
        return of(Type.DRIFTED, Condition.UNKNOWN, reason, message);
    }

    /** AccountShared True: the other ScimApps on the account are named. */
    Condition accountShared(String message) {
        return of(Type.ACCOUNT_SHARED, Reason.SHARED_WITH_OTHER_APPS, message);
    }

    Condition accountNotShared(String message) {
        return of(Type.ACCOUNT_SHARED, Reason.NOT_SHARED, message);
    }

    /** DeprovisionBlocked True, with the rail's reason (see {@link dev.cfscim.plan.HeldChange#bySafetyRail}). */
    Condition deprovisionBlocked(Reason reason, String message) {
        return of(Type.DEPROVISION_BLOCKED, reason, message);
    }

    Condition notBlocked(String message) {
        return of(Type.DEPROVISION_BLOCKED, Reason.NOT_BLOCKED, message);
    }

    /** Ready, True or False as the reason's polarity says: {@code Provisioned} True, {@code Pending} False. */
    Condition ready(Reason reason, String message) {
        return of(Type.READY, reason, message);
    }

    private Condition of(String type, Reason reason, String message) {
        return of(type, reason.statusIn(type), reason, message);
    }

    private Condition of(String type, String status, Reason reason, String message) {
        return new Condition(type, status, reason.toString(), bounded(message), time, generation);
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
