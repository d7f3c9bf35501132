package dev.cfscim.api;

/** What to do with remote members that no ScimUser declares. */
public enum UnmanagedUsersPolicy {
    Ignore,
    Deprovision
}
