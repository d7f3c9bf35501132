package dev.cfscim.plan;

/** What a {@link Change} does to the account, with Terraform's marker for it. */
public enum Effect {
    /** Creates or adds. */
    ADD("+"),
    /** Changes what exists. */
    CHANGE("~"),
    /** Deactivates, removes or deletes. */
    REMOVE("-");

    private final String symbol;

    Effect(String symbol) {
        this.symbol = symbol;
    }

    /** {@code +}, {@code ~} or {@code -}: as plans print and JSON plans give it. */
    public String symbol() {
        return symbol;
    }
}
