package dev.cfscim.emulator;

/**
 * A request the emulated account refuses. Each API surface renders it its own way: the SCIM paths as
 * the RFC 7644 error body, the IAM paths as the v4 envelope.
 */
final class Rejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String scimType;

    Rejection(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    static Rejection notFound(String what) {
        return new Rejection(404, null, what + " not found");
    }

    static Rejection invalidValue(String detail) {
        return new Rejection(400, "invalidValue", detail);
    }

    static Rejection uniqueness(String detail) {
        return new Rejection(409, "uniqueness", detail);
    }

    static Rejection mutability(String detail) {
        return new Rejection(400, "mutability", detail);
    }

    int status() {
        return status;
    }

    /** The SCIM error type, or null when the RFC defines none for this error. */
    String scimType() {
        return scimType;
    }

    String detail() {
        return getMessage();
    }
}
