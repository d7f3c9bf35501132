package dev.cfscim.api;

/** Where one ScimUser stands in one ScimApp's account, as last seen by the operator. */
public enum MembershipState {
    /** Assigned, not yet provisioned (or provisioning failed and will be retried). */
    Pending,
    /** An active member of the account. */
    Provisioned,
    /** Deactivated ({@code active: false}) by the operator. */
    Deprovisioned,
    /** A deprovision the safety rails hold back (last Super Administrator, deprovision limit). */
    Blocked
}
