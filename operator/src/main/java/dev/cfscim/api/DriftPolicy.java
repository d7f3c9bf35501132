package dev.cfscim.api;

/** What to do when a scan finds the account changed by hand. */
public enum DriftPolicy {
    Correct,
    Report
}
