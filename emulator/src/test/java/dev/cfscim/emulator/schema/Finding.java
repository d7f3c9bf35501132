package dev.cfscim.emulator.schema;

/** What checking one exchange against the published schema found, for one operation. */
public record Finding(Kind kind, String operation, String detail) {

    public enum Kind {
        /** The exchange breaks the schema. */
        DEVIATION,
        /** The schema rejects the request, and the answer is a 4XX: the two agree. */
        REJECTED,
        /** The schema rejects it, but Cloudflare's own prose accepts it: a listed leniency. */
        LENIENCY,
        /** The schema says nothing (a placeholder component) about part of the exchange. */
        SILENT,
        /** The method and path are not an operation of the schema, so nothing was checked. */
        NOT_IN_SCHEMA
    }

    @Override
    public String toString() {
        return kind + " " + operation + ": " + detail;
    }
}
