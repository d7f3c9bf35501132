package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;

/**
 * A change the plan will not make, and why: {@code reason} is a {@link Reason} (a safety rail's, such as {@code LastSuperAdministrator},
 * or a policy's, such as {@code DriftReported}); {@code message} says what would release it.
 */
public record HeldChange(Change change, Reason reason, String message) {

    /** Whether a safety rail holds it (as opposed to a policy such as Observe). */
    public boolean bySafetyRail() {
        return reason.isSafetyRail();
    }
}
