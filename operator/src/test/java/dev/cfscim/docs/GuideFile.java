package dev.cfscim.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guide's fenced blocks, in the order written, and what is wrong with how they are marked: every
 * fence names its language, and the only comments directly above a fence are the markers
 * {@code <!-- not run: REASON -->} and {@code <!-- run by CI -->}, above a command block.
 */
record GuideFile(String name, List<Fence> fences, List<String> problems) {

    private static final Pattern OPENING = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");
    private static final Pattern COMMENT = Pattern.compile("^\\s*<!--\\s*(.*?)\\s*-->\\s*$");

    static GuideFile read(Path root, String name) throws IOException {
        return parse(name, Files.readAllLines(root.resolve(name)));
    }

    static GuideFile parse(String name, List<String> lines) {
        List<Fence> fences = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = OPENING.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            List<String> body = new ArrayList<>();
            int close = i + 1;
            while (close < lines.size() && !isClosing(lines.get(close), fence)) {
                body.add(unindent(lines.get(close), indent));
                close++;
            }
            if (close == lines.size()) {
                problems.add(name + ":" + (i + 1) + ": a fence that never closes");
            }
            String marker = null;
            if (i > 0) {
                Matcher comment = COMMENT.matcher(lines.get(i - 1));
                if (comment.matches()) {
                    marker = comment.group(1);
                }
            }
            Fence block = new Fence(name, i + 1, open.group(3), marker, List.copyOf(body));
            problems.addAll(problemsOf(block));
            fences.add(block);
            i = close;
        }
        return new GuideFile(name, List.copyOf(fences), List.copyOf(problems));
    }

    private static List<String> problemsOf(Fence fence) {
        List<String> problems = new ArrayList<>();
        if (fence.kind() == null) {
            problems.add(fence.where() + ": a fence without a language ('" + fence.language() + "'): write ```sh for "
                    + "commands a user types, ```text for what they print, or the content's language (yaml, json, ...)");
        }
        if (fence.marker() != null) {
            if (fence.kind() != Fence.Kind.COMMANDS) {
                problems.add(fence.where() + ": a marker above a block that is no command block: <!-- " + fence.marker() + " -->");
            } else if (Marker.of(fence.marker()) == null) {
                problems.add(fence.where() + ": an unknown marker <!-- " + fence.marker() + " -->: the markers are "
                        + "<!-- not run: REASON --> and <!-- run by CI --> (docs/testing.md)");
            }
        }
        return problems;
    }

    private static boolean isClosing(String line, String fence) {
        String stripped = line.strip();
        return stripped.length() >= fence.length() && stripped.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String unindent(String line, int indent) {
        int cut = 0;
        while (cut < indent && cut < line.length() && line.charAt(cut) == ' ') {
            cut++;
        }
        return line.substring(cut);
    }
}
