package dev.cfscim.api.load;

/**
 * An error stops plan and apply; a warning is printed and the plan goes on. A holding error (a
 * reference to a resource that does not exist, a userName two ScimUsers declare) is printed as an
 * error, but the plan goes on and holds the changes that depend on it, as the operator does.
 */
public enum Severity {
    ERROR,
    WARNING,
    HOLDING_ERROR;

    public String label() {
        return this == HOLDING_ERROR ? "error" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
