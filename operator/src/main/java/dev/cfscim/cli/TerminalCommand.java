package dev.cfscim.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A command that writes to the terminal picocli gives it: its standard output and error, which
 * tests capture through the {@link CommandLine} they run. What the command wrote is flushed when it
 * ends, however it ends (an error's message must follow what was printed before it, not precede it).
 */
abstract class TerminalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** What the command does; returns its exit code. */
    abstract int run(PrintWriter out, PrintWriter err) throws Exception;
}
