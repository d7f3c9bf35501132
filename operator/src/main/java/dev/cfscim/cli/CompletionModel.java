package dev.cfscim.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What a completion script completes, read from picocli's model of the commands (as picocli's own
 * bash script is), so that the fish and PowerShell scripts never lag behind a new option either:
 * the root command and each visible subcommand, with their options and the values they take.
 */
record CompletionModel(Command root, List<Command> subcommands) {

    /** A command: its name ("" for the root), a line about it, its options and what its positional parameters take. */
    record Command(String name, String description, List<Option> options, Value positional) {
    }

    /** An option: all its names, a line about it, and what its value is (none for a flag). */
    record Option(List<String> names, String description, Value value) {
    }

    /** What a value may be: nothing (a flag), one of some words, a file, or anything. */
    record Value(Kind kind, List<String> words) {
        enum Kind { NONE, WORDS, FILE, ANY }

        static final Value NONE = new Value(Kind.NONE, List.of());
    }

    static CompletionModel of(CommandLine root) {
        List<Command> subcommands = new ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            // An alias would list a command twice; hidden commands stay hidden.
            if (name.equals(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()) {
                subcommands.add(command(name, sub.getCommandSpec()));
            }
        });
        return new CompletionModel(command("", root.getCommandSpec()), List.copyOf(subcommands));
    }

    private static Command command(String name, CommandSpec spec) {
        List<Option> options = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                options.add(new Option(List.of(option.names()), line(option.description(), option.longestName()),
                        option.arity().max() == 0 ? Value.NONE : value(option)));
            }
        }
        Value positional = Value.NONE;
        for (PositionalParamSpec param : spec.positionalParameters()) {
            if (!param.hidden()) {
                positional = value(param);
            }
        }
        return new Command(name, line(spec.usageMessage().description(), name), List.copyOf(options), positional);
    }

    private static Value value(ArgSpec arg) {
        List<String> words = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(words::add);
        }
        if (!words.isEmpty()) {
            return new Value(Value.Kind.WORDS, List.copyOf(words));
        }
        List<Class<?>> types = new ArrayList<>(Arrays.asList(arg.auxiliaryTypes()));
        types.add(arg.type());
        return types.contains(Path.class) || types.contains(File.class) ? new Value(Value.Kind.FILE, List.of())
                : new Value(Value.Kind.ANY, List.of());
    }

    /** The first line of a description, on one line: what a shell shows beside a candidate. */
    private static String line(String[] description, String fallback) {
        String first = description.length == 0 ? "" : description[0].replace("%n", " ").strip();
        return first.isEmpty() ? fallback : first;
    }

    /** Every command, the root first. */
    List<Command> all() {
        List<Command> all = new ArrayList<>(List.of(root));
        all.addAll(subcommands);
        return all;
    }
}
