package dev.cfscim.docs;

import dev.cfscim.cli.Cfscim;
import dev.cfscim.cli.Invocation;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.cli.EmulatorCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * A shell for one guide, run in-process: its own working folder (a copy of what the guide's
 * commands touch), its variables and environment, and the emulator the guide started, on the
 * guide's own free port (port 8787, everywhere a command names it, is that port). It runs the
 * commands the guides use: {@code cfscim} and {@code java -jar operator/target/cfscim.jar} through
 * the CLI; {@code java -jar emulator/target/cloudflare-scim-emulator.jar} by starting the emulator
 * with those options (stopping the one before, as the guide's user does with Ctrl-C); {@code curl}
 * and {@code jq} to this machine; {@code NAME=value}, {@code export}, {@code env -u}, and
 * {@code source} (into a real bash). Any other command fails, saying so.
 */
final class GuideShell implements AutoCloseable {

    static final int GUIDE_PORT = 8787;
    static final String CFSCIM_JAR = "operator/target/cfscim.jar";
    static final String EMULATOR_JAR = "emulator/target/cloudflare-scim-emulator.jar";

    private final Path workingDirectory;
    private final int port;
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private CloudflareEmulator emulator;
    private int substitutions;

    GuideShell(Path workingDirectory, int port) {
        this.workingDirectory = workingDirectory;
        this.port = port;
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    int port() {
        return port;
    }

    /** Runs one command line (a pipeline, each stage's output the next one's input). */
    CommandResult run(ShellLine line) throws Exception {
        byte[] input = new byte[0];
        CommandResult last = null;
        int failed = 0;
        for (ShellLine.SimpleCommand command : line.pipeline()) {
            last = run(command, input);
            input = last.out().getBytes(StandardCharsets.UTF_8);
            // As with set -o pipefail: a stage that fails fails the line.
            failed = last.exit() != 0 ? last.exit() : failed;
        }
        return new CommandResult(failed, last.out(), last.err(), last.shown());
    }

    private CommandResult run(ShellLine.SimpleCommand command, byte[] input) throws Exception {
        List<ShellLine.Word> words = command.words();
        if (words.stream().allMatch(GuideShell::isAssignment)) {
            for (ShellLine.Word word : words) {
                String assignment = expand(word);
                int equals = assignment.indexOf('=');
                variables.put(assignment.substring(0, equals), assignment.substring(equals + 1));
            }
            return CommandResult.ofOutput(0, "");
        }
        if (isAssignment(words.get(0))) {
            throw new IllegalArgumentException("NAME=value before a command: write env NAME=value COMMAND or export it");
        }
        List<String> argv = new ArrayList<>();
        for (ShellLine.Word word : words) {
            argv.add(expand(word));
        }
        return run(argv, new LinkedHashMap<>(environment), input);
    }

    private CommandResult run(List<String> argv, Map<String, String> env, byte[] input) throws Exception {
        String name = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        switch (name) {
            case "export" -> {
                return export(args);
            }
            case "env" -> {
                return env(args, env, input);
            }
            case "cfscim" -> {
                return cfscim(args, env, input);
            }
            case "curl" -> {
                return Curl.run(args);
            }
            case "jq" -> {
                return Jq.run(args, input);
            }
            case "source", "." -> {
                return source(args);
            }
            case "java" -> {
                if (args.size() >= 2 && args.get(0).equals("-jar") && args.get(1).equals(CFSCIM_JAR)) {
                    return cfscim(args.subList(2, args.size()), env, input);
                }
                if (args.size() >= 2 && args.get(0).equals("-jar") && args.get(1).equals(EMULATOR_JAR)) {
                    return emulator(args.subList(2, args.size()));
                }
                throw new IllegalArgumentException("java " + String.join(" ", args) + ": the guides' test runs "
                        + "java -jar " + CFSCIM_JAR + " and java -jar " + EMULATOR_JAR + " only");
            }
            default -> throw new IllegalArgumentException("'" + name + "' is a command the guides' test does not run: "
                    + "mark the block <!-- not run: REASON --> if it needs a cluster or a real account, or teach "
                    + "docs/GuideShell to run it (docs/testing.md)");
        }
    }

    private CommandResult export(List<String> args) {
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value = equals < 0 ? variables.get(name) : arg.substring(equals + 1);
            if (value == null) {
                throw new IllegalArgumentException("export " + name + ": no such variable");
            }
            variables.put(name, value);
            environment.put(name, value);
        }
        return CommandResult.ofOutput(0, "");
    }

    /** {@code env [-u NAME]... [NAME=value]... COMMAND...}: the command with that environment. */
    private CommandResult env(List<String> args, Map<String, String> env, byte[] input) throws Exception {
        int i = 0;
        while (i < args.size() && (args.get(i).equals("-u") || args.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            if (args.get(i).equals("-u")) {
                env.remove(args.get(i + 1));
                i += 2;
            } else {
                int equals = args.get(i).indexOf('=');
                env.put(args.get(i).substring(0, equals), args.get(i).substring(equals + 1));
                i++;
            }
        }
        if (i == args.size()) {
            throw new IllegalArgumentException("env without a command");
        }
        return run(args.subList(i, args.size()), env, input);
    }

    private CommandResult cfscim(List<String> args, Map<String, String> env, byte[] input) {
        Capture capture = new Capture();
        CommandLine cli = Cfscim.commandLine(new Invocation(workingDirectory, env, () -> new ByteArrayInputStream(input)));
        cli.setOut(capture.out());
        cli.setErr(capture.err());
        return capture.result(cli.execute(args.toArray(String[]::new)));
    }

    /** The emulator the options describe, on this guide's port; the one before is stopped first (Ctrl-C). */
    private CommandResult emulator(List<String> args) {
        if (!args.isEmpty() && args.get(0).equals("load")) {
            throw new IllegalArgumentException("the emulator's load generator runs for seconds on every core: CI runs "
                    + "it (mark the block <!-- run by CI --> and put the line in .ci/run)");
        }
        List<String> options = new ArrayList<>(args);
        int at = options.indexOf("--port");
        if (at < 0) {
            options.add("--port");
            options.add(String.valueOf(port));
        } else if (options.get(at + 1).equals(String.valueOf(GUIDE_PORT))) {
            options.set(at + 1, String.valueOf(port));
        } else {
            throw new IllegalArgumentException("--port " + options.get(at + 1) + ": a guide's emulator listens on " + GUIDE_PORT);
        }
        stopEmulator();
        StringWriter out = new StringWriter();
        try {
            emulator = EmulatorCommand.start(options, new PrintWriter(out, true));
        } catch (IllegalArgumentException e) {
            return CommandResult.failed(2, "error: " + e.getMessage() + "\n");
        }
        return CommandResult.ofOutput(0, out.toString());
    }

    /** {@code source FILE}: the file, read by a real bash (the completion script a command printed, say). */
    private CommandResult source(List<String> args) throws IOException, InterruptedException {
        if (args.size() != 1) {
            throw new IllegalArgumentException("source takes one file");
        }
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", "source \"$1\"", "bash", args.get(0))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .start();
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!bash.waitFor(60, TimeUnit.SECONDS)) {
            bash.destroyForcibly();
            throw new IllegalStateException("bash did not finish sourcing " + args.get(0));
        }
        return CommandResult.ofOutput(bash.exitValue(), output);
    }

    private String expand(ShellLine.Word word) throws Exception {
        StringBuilder value = new StringBuilder();
        for (ShellLine.Part part : word.parts()) {
            if (part instanceof ShellLine.Text text) {
                value.append(text.text().replace(":" + GUIDE_PORT, ":" + port));
            } else if (part instanceof ShellLine.Variable variable) {
                String found = variables.get(variable.name());
                if (found == null) {
                    throw new IllegalArgumentException("$" + variable.name() + " is not set");
                }
                value.append(unsplit(found, variable.quoted(), "$" + variable.name()));
            } else if (part instanceof ShellLine.Substitution substitution) {
                CommandResult result = run(substitution.command());
                if (result.exit() != 0) {
                    throw new IllegalStateException("$(...) on line " + substitution.command().line() + " exited "
                            + result.exit() + ":\n" + result.shown());
                }
                value.append(unsplit(result.out().replaceAll("\n+$", ""), substitution.quoted(), "$(...)"));
            } else if (part instanceof ShellLine.ProcessSubstitution process) {
                CommandResult result = run(process.command());
                if (result.exit() != 0) {
                    throw new IllegalStateException("<(...) on line " + process.command().line() + " exited "
                            + result.exit() + ":\n" + result.shown());
                }
                Path file = workingDirectory.resolve(".process-substitution-" + ++substitutions);
                Files.writeString(file, result.out());
                value.append(file);
            }
        }
        return value.toString();
    }

    /** Unquoted, a value the shell would split into several words, or drop, is refused: quote it. */
    private static String unsplit(String value, boolean quoted, String what) {
        if (!quoted && (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException(what + " unquoted is '" + value + "': the shell would split or drop it; quote it");
        }
        return value;
    }

    private static boolean isAssignment(ShellLine.Word word) {
        return word.parts().get(0) instanceof ShellLine.Text text && !text.quoted()
                && text.text().matches("[A-Za-z_][A-Za-z0-9_]*=.*");
    }

    private void stopEmulator() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    @Override
    public void close() {
        stopEmulator();
    }
}
