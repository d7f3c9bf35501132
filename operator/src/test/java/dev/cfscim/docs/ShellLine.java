package dev.cfscim.docs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command line of a guide as the shell reads it: a pipeline of simple commands, the line it
 * starts on, and its trailing comment (or null), where a guide says what the command should exit
 * with ({@code # ... exit 2}).
 */
record ShellLine(int line, List<SimpleCommand> pipeline, String comment) {

    private static final Pattern EXIT = Pattern.compile("\\bexit (\\d+)");

    /** The exit code the comment states (its first "exit N"), else 0. */
    int expectedExit() {
        if (comment == null) {
            return 0;
        }
        Matcher exit = EXIT.matcher(comment);
        return exit.find() ? Integer.parseInt(exit.group(1)) : 0;
    }

    /** A command and its arguments, as words still to expand. */
    record SimpleCommand(List<Word> words) {
    }

    /** A word: pieces of text, variables and substitutions, joined with nothing between. */
    record Word(List<Part> parts) {
    }

    sealed interface Part {
    }

    /** Literal text; {@code quoted} when it was in quotes. */
    record Text(String text, boolean quoted) implements Part {
    }

    /** {@code $NAME} or {@code ${NAME}}. */
    record Variable(String name, boolean quoted) implements Part {
    }

    /** {@code $(COMMAND)}: its standard output, trailing line ends dropped. */
    record Substitution(ShellLine command, boolean quoted) implements Part {
    }

    /** {@code <(COMMAND)}: a file holding its standard output. */
    record ProcessSubstitution(ShellLine command) implements Part {
    }
}
