package dev.cfscim.plan;

/**
 * A change the plan will not make, and why: {@code reason} is the CamelCase condition reason
 * ({@code LastSuperAdministrator}, {@code DeprovisionLimitExceeded}, {@code ManagementPolicyObserve},
 * {@code DriftReported}, {@code ProvisioningDisabled}); {@code message} says what would release it.
 */
public record HeldChange(Change change, String reason, String message) {

    public static final String LAST_SUPER_ADMINISTRATOR = "LastSuperAdministrator";
    public static final String DEPROVISION_LIMIT_EXCEEDED = "DeprovisionLimitExceeded";
    public static final String OBSERVE = "ManagementPolicyObserve";
    public static final String DRIFT_REPORTED = "DriftReported";
    public static final String PROVISIONING_DISABLED = "ProvisioningDisabled";
    /** Migration: a virtual role group keeps a member until a user group grants the role. */
    public static final String ROLE_NOT_YET_GRANTED = "RoleNotYetGranted";
}
