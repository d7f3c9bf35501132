package dev.cfscim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;

/**
 * A command that starts from a plan of the declared ScimApp: {@code plan} and {@code apply}. It
 * reads the files, connects and plans; the command says what to do with the plan. An error in the
 * declaration that the plan holds around makes either exit 1 once it is done, whatever it did.
 */
abstract class WorkspaceCommand extends TerminalCommand {

    @Mixin
    Workspace.Options options;

    /** The name {@code --timings} gives what the command does with the plan: {@code print}, {@code apply}. */
    private final String workPhase;

    WorkspaceCommand(String workPhase) {
        this.workPhase = workPhase;
    }

    @Override
    final int run(PrintWriter out, PrintWriter err) throws IOException {
        PhaseTimes times = PhaseTimes.sinceJvmStart();
        beforeOpen();
        Invocation invocation = Invocation.of(spec);
        Workspace.Target target = Workspace.open(options, invocation.environment(), invocation::readStandardInput,
                err, times);
        int exit = run(target, target.plan(), out, err);
        out.flush();
        times.lap(workPhase);
        if (options.timings) {
            times.print(err);
        }
        if (!target.errors().isEmpty()) {
            // As Terraform's error diagnostics: whatever was planned or applied, the run failed.
            // Said last, where a pipeline's log ends, since the errors were printed before the plan.
            err.println("Error: " + target.errors().size() + " error(s) in the declaration, printed above: what "
                    + "depends on them is held and the rest went ahead, but the run fails (exit 1) until they are fixed.");
            err.flush();
            return 1;
        }
        return exit;
    }


    /** What a command settles before the declaration is read (apply: the saved plan's files). */
    void beforeOpen() {
    }

    /** What the command does with the plan; returns its exit code. */
    abstract int run(Workspace.Target target, Workspace.Planned planned, PrintWriter out, PrintWriter err)
            throws IOException;
}
