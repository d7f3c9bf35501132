package dev.cfscim.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cfscim}: the operator and its command line, one jar. */
@Command(name = "cfscim", mixinStandardHelpOptions = true, versionProvider = Cfscim.Version.class,
        description = "Keeps a Cloudflare account's members and roles equal to what Git declares, through SCIM.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Cfscim implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cfscim()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The version Maven stamped into the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cfscim.class.getPackage().getImplementationVersion();
            return new String[] {"cfscim " + (version == null ? "development" : version)};
        }
    }
}
