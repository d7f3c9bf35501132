package dev.cfscim.api.load;

/** An error stops plan and apply; a warning is printed and the plan goes on. */
public enum Severity {
    ERROR,
    WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
