package dev.cfscim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * What a run of {@code cfscim} takes from the shell that started it, besides its arguments: the
 * folder its relative paths are read from, its environment ({@code CLOUDFLARE_API_TOKEN}) and its
 * standard input ({@code -f -}, apply's question). The process's own, except where cfscim runs in
 * another's stead, in-process, as a shell would run it (the guides' test runs every command a guide
 * shows that way, each guide in a folder of its own).
 */
public record Invocation(Path workingDirectory, Map<String, String> environment, Supplier<InputStream> standardInput) {

    public Invocation {
        environment = Map.copyOf(environment);
    }

    /** This process's working folder, environment and standard input. */
    public static Invocation process() {
        return new Invocation(Path.of(""), System.getenv(), () -> System.in);
    }

    /** The invocation of the {@code cfscim} command line a (sub)command runs in. */
    static Invocation of(CommandLine.Model.CommandSpec spec) {
        return spec.root().userObject() instanceof Cfscim cfscim ? cfscim.invocation() : process();
    }

    /**
     * A path as the user typed it, read from the working folder: unchanged for the process's own
     * (relative stays relative, so messages name it as typed); {@code -} (standard input) as it is.
     */
    Path resolve(String typed) {
        return typed.equals("-") ? Path.of(typed) : workingDirectory.resolve(typed);
    }

    /** Standard input, whole. */
    String readStandardInput() {
        try {
            return new String(standardInput.get().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read standard input: " + e.getMessage());
        }
    }
}
