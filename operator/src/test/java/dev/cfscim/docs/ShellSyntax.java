package dev.cfscim.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a command block as a POSIX shell would, for the part of the shell the guides use: words in
 * single and double quotes, {@code $NAME}, {@code ${NAME}}, {@code $(...)}, {@code <(...)}, pipes,
 * backslash-newline continuations and comments. Anything else ({@code ;}, {@code &&},
 * redirections, backquotes, {@code $?}) is refused with its place, so that no guide line is run
 * other than as a shell would run it.
 */
final class ShellSyntax {

    private final String text;
    private final String guide;
    private int pos;
    private int line;

    private ShellSyntax(String text, String guide, int firstLine) {
        this.text = text;
        this.guide = guide;
        this.line = firstLine;
    }

    /** The command lines of a block whose first line is {@code firstLine} of {@code guide}. */
    static List<ShellLine> parse(String text, String guide, int firstLine) {
        return new ShellSyntax(text, guide, firstLine).script(false);
    }

    /** A line with its trailing comment taken off, quotes respected; blank when it is only a comment. */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }

    private List<ShellLine> script(boolean nested) {
        List<ShellLine> lines = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (atEnd()) {
                if (nested) {
                    throw refused("a $( or <( that never closes");
                }
                return lines;
            }
            char c = peek();
            if (c == '\n') {
                pos++;
                line++;
            } else if (nested && c == ')') {
                pos++;
                return lines;
            } else if (c == '#') {
                comment();
            } else {
                lines.add(commandLine(nested));
            }
        }
    }

    private ShellLine commandLine(boolean nested) {
        int start = line;
        List<ShellLine.SimpleCommand> pipeline = new ArrayList<>();
        pipeline.add(simpleCommand(nested));
        while (!atEnd() && peek() == '|') {
            if (text.startsWith("||", pos)) {
                throw refused("||");
            }
            pos++;
            pipeline.add(simpleCommand(nested));
        }
        String comment = null;
        if (!atEnd() && peek() == '#') {
            comment = comment();
        }
        if (!atEnd() && peek() != '\n' && !(nested && peek() == ')')) {
            throw refused(String.valueOf(peek()));
        }
        return new ShellLine(start, List.copyOf(pipeline), comment);
    }

    private ShellLine.SimpleCommand simpleCommand(boolean nested) {
        List<ShellLine.Word> words = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (atEnd() || peek() == '\n' || peek() == '|' || peek() == '#' || (nested && peek() == ')')) {
                break;
            }
            if (";&<>".indexOf(peek()) >= 0 && !text.startsWith("<(", pos)) {
                throw refused(text.startsWith("&&", pos) ? "&&" : String.valueOf(peek()));
            }
            words.add(word(nested));
        }
        if (words.isEmpty()) {
            throw refused("a pipe with no command on one side");
        }
        return new ShellLine.SimpleCommand(List.copyOf(words));
    }

    private ShellLine.Word word(boolean nested) {
        List<ShellLine.Part> parts = new ArrayList<>();
        if (text.startsWith("<(", pos)) {
            pos += 2;
            parts.add(new ShellLine.ProcessSubstitution(single(script(true))));
            return new ShellLine.Word(List.copyOf(parts));
        }
        StringBuilder literal = new StringBuilder();
        while (!atEnd()) {
            char c = peek();
            if (Character.isWhitespace(c) || "|;&<>".indexOf(c) >= 0 || (nested && c == ')')) {
                break;
            }
            if (c == '\'') {
                flush(literal, parts);
                int close = text.indexOf('\'', pos + 1);
                if (close < 0) {
                    throw refused("a ' that never closes");
                }
                String quoted = text.substring(pos + 1, close);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                parts.add(new ShellLine.Text(quoted, true));
                pos = close + 1;
            } else if (c == '"') {
                flush(literal, parts);
                doubleQuoted(parts);
            } else if (c == '\\') {
                if (pos + 1 >= text.length()) {
                    throw refused("a \\ at the end of the block");
                }
                escaped(literal);
            } else if (c == '$') {
                flush(literal, parts);
                parts.add(expansion(false));
            } else if (c == '`') {
                throw refused("`");
            } else {
                literal.append(c);
                pos++;
            }
        }
        flush(literal, parts);
        return new ShellLine.Word(List.copyOf(parts));
    }

    /**
     * The backslash at {@code pos} and the character it escapes: that character goes to {@code into},
     * except a newline, which only continues the line.
     */
    private void escaped(StringBuilder into) {
        char next = text.charAt(pos + 1);
        if (next == '\n') {
            line++;
        } else {
            into.append(next);
        }
        pos += 2;
    }

    private void doubleQuoted(List<ShellLine.Part> parts) {
        pos++;
        StringBuilder quoted = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw refused("a \" that never closes");
            }
            char c = peek();
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < text.length() && "\"\\$`\n".indexOf(text.charAt(pos + 1)) >= 0) {
                escaped(quoted);
            } else if (c == '$') {
                if (!quoted.isEmpty()) {
                    parts.add(new ShellLine.Text(quoted.toString(), true));
                    quoted.setLength(0);
                }
                parts.add(expansion(true));
            } else if (c == '`') {
                throw refused("`");
            } else {
                if (c == '\n') {
                    line++;
                }
                quoted.append(c);
                pos++;
            }
        }
        // An empty "" is still a word, as in the shell.
        parts.add(new ShellLine.Text(quoted.toString(), true));
    }

    private ShellLine.Part expansion(boolean quoted) {
        pos++;
        if (atEnd()) {
            throw refused("a $ at the end of the block");
        }
        char c = peek();
        if (c == '(') {
            pos++;
            return new ShellLine.Substitution(single(script(true)), quoted);
        }
        if (c == '{') {
            int close = text.indexOf('}', pos);
            String name = close < 0 ? "" : text.substring(pos + 1, close);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw refused("${" + name + "}");
            }
            pos = close + 1;
            return new ShellLine.Variable(name, quoted);
        }
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw refused("$" + (name.isEmpty() ? String.valueOf(c) : name));
        }
        return new ShellLine.Variable(name, quoted);
    }

    private ShellLine single(List<ShellLine> lines) {
        if (lines.size() != 1) {
            throw refused("a $(...) or <(...) of " + lines.size() + " commands");
        }
        return lines.get(0);
    }

    private String comment() {
        int end = text.indexOf('\n', pos);
        end = end < 0 ? text.length() : end;
        String comment = text.substring(pos + 1, end).strip();
        pos = end;
        return comment;
    }

    private void skipBlanks() {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else {
                return;
            }
        }
    }

    private static void flush(StringBuilder literal, List<ShellLine.Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new ShellLine.Text(literal.toString(), false));
            literal.setLength(0);
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private IllegalArgumentException refused(String what) {
        return new IllegalArgumentException(guide + ":" + line + ": shell syntax the guides' test does not run: "
                + what + " (docs/testing.md says what it runs)");
    }
}
