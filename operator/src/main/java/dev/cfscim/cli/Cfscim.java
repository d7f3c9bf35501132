package dev.cfscim.cli;

import dev.cfscim.controller.BuildInfo;
import dev.cfscim.scim.ScimException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cfscim}: the operator and its command line, one jar. */
@Command(name = "cfscim", mixinStandardHelpOptions = true, versionProvider = Cfscim.Version.class,
        description = "Keeps a Cloudflare account's members and roles equal to what Git declares, through SCIM.",
        subcommands = {OperatorCommand.class, PlanCommand.class, ApplyCommand.class, DoctorCommand.class, ExportCommand.class, DemoCommand.class,
                CompletionCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Cfscim implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Invocation invocation;

    private Cfscim(Invocation invocation) {
        this.invocation = invocation;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with cfscim's error handling: a user's mistake or a refusal by Cloudflare
     * is one clear line on stderr and exit code 1, never a stack trace.
     */
    public static CommandLine commandLine() {
        return commandLine(Invocation.process());
    }

    /** As {@link #commandLine()}, run from {@code invocation}'s folder, with its environment and standard input. */
    public static CommandLine commandLine(Invocation invocation) {
        return new CommandLine(new Cfscim(invocation))
                .registerConverter(Path.class, invocation::resolve)
                // A usage mistake exits 1, as errors do: 2 means "changes pending" here, as in Terraform.
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr().println("Error: " + e.getMessage());
                    cmd.usage(cmd.getErr());
                    return 1;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof UserError || e instanceof ScimException) {
                        cmd.getErr().println("Error: " + e.getMessage());
                        if (e instanceof ScimException scim && scim.unanswered() && !cmd.getCommandName().equals("doctor")) {
                            cmd.getErr().println(UNANSWERED_HINT);
                        }
                        cmd.getErr().flush();
                        return 1;
                    }
                    throw e;
                });
    }

    /** After an error that got no answer at all: where to look next. */
    static final String UNANSWERED_HINT = "Nothing answered there: is the endpoint right, and reachable from this "
            + "machine? cfscim doctor (with the same -f, --endpoint or --account-id) probes it in at most 6 GETs and "
            + "writes nothing.";

    Invocation invocation() {
        return invocation;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The version Maven stamped into this build, as the operator's cfscim_build_info metric shows it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cfscim " + BuildInfo.current().version(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"};
        }
    }
}
