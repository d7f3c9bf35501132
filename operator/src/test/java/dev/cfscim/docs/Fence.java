package dev.cfscim.docs;

import java.util.List;
import java.util.Locale;

/**
 * One fenced block of a guide: where it opens, its language, the marker comment directly above it
 * (or null), and its lines with the fence's own indentation taken off.
 */
record Fence(String guide, int line, String language, String marker, List<String> lines) {

    /** What a guide's reader does with a block, by its language. */
    enum Kind {
        /** {@code sh}, {@code bash}, {@code shell}: commands a user types. */
        COMMANDS,
        /** {@code text}: what a command prints, or a message shown as an example. */
        OUTPUT,
        /** Anything else (yaml, json, java, mermaid): content, never run. */
        CONTENT
    }

    static final List<String> COMMAND_LANGUAGES = List.of("sh", "bash", "shell");

    /** The block's kind; null when its language says nothing (none, or {@code console}): a problem. */
    Kind kind() {
        String lang = language.toLowerCase(Locale.ROOT);
        if (lang.isEmpty() || lang.equals("console")) {
            return null;
        }
        if (COMMAND_LANGUAGES.contains(lang)) {
            return Kind.COMMANDS;
        }
        return lang.equals("text") ? Kind.OUTPUT : Kind.CONTENT;
    }

    String where() {
        return guide + ":" + line;
    }

    String text() {
        return String.join("\n", lines);
    }
}
