package dev.cfscim.api;

/** What deleting a ScimApp does to the members it provisioned. */
public enum DeletionPolicy {
    Orphan,
    Deprovision
}
