package dev.cfscim.docs;

/**
 * What a command did, as a terminal shows it: its exit code, its standard output and error, and
 * both together in the order they were written ({@code shown}), which a guide's output block is
 * checked against.
 */
record CommandResult(int exit, String out, String err, String shown) {

    static CommandResult ofOutput(int exit, String out) {
        return new CommandResult(exit, out, "", out);
    }

    static CommandResult failed(int exit, String err) {
        return new CommandResult(exit, "", err, err);
    }
}
