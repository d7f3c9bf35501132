package dev.cfscim.cli;

/** A mistake of the user's (a bad file, a missing token): printed as it is, exit code 1, no stack trace. */
final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message, null, false, false);
    }
}
