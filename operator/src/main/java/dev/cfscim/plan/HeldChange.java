package dev.cfscim.plan;

/**
 * A change the plan will not make, and why: {@code reason} is a CamelCase reason from
 * {@link dev.cfscim.api.Conditions.Reason} (a safety rail's, such as {@code LastSuperAdministrator},
 * or a policy's, such as {@code DriftReported}); {@code message} says what would release it.
 */
public record HeldChange(Change change, String reason, String message) {

    /** Whether a safety rail holds it (as opposed to a policy such as Observe). */
    public boolean bySafetyRail() {
        return dev.cfscim.api.Conditions.Reason.isSafetyRail(reason);
    }
}
