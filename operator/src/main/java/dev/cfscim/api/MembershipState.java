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
    Blocked,
    /**
     * Assigned, but the account's member of that userName belongs to another ScimApp (its
     * externalId): this app never changes it, so what it declares of the user is not carried out.
     */
    OwnedElsewhere
}
