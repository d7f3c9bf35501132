package dev.cfscim.api;

/** Whether the operator may write to the account at all. */
public enum ManagementPolicy {
    Manage,
    /** Plan and report only; never write. */
    Observe
}
