package dev.cfscim.bench;

import java.util.ArrayList;
import java.util.List;

/** The tables of a Markdown document as results.md writes them: pipe tables under headings. */
final class MarkdownTables {

    /** One table: the {@code ###} heading above it in its section (null when none), its header and body rows. */
    record Table(String subheading, List<String> header, List<List<String>> rows) {
    }

    private MarkdownTables() {
    }

    /** The tables of the {@code ##} section {@code heading}, in order; empty when the section is missing. */
    static List<Table> in(String text, String heading) {
        List<Table> tables = new ArrayList<>();
        int start = text.indexOf("\n" + heading + "\n");
        if (start < 0) {
            return tables;
        }
        int next = text.indexOf("\n## ", start + heading.length() + 1);
        String section = text.substring(start + 1, next < 0 ? text.length() : next);
        String subheading = null;
        List<String> header = null;
        List<List<String>> rows = null;
        for (String line : section.split("\n")) {
            if (line.startsWith("|")) {
                if (header == null) {
                    header = cells(line);
                    rows = new ArrayList<>();
                } else if (!line.startsWith("|---")) {
                    rows.add(cells(line));
                }
                continue;
            }
            if (header != null) {
                tables.add(new Table(subheading, header, rows));
                header = null;
            }
            if (line.startsWith("### ")) {
                subheading = line.substring(4).trim();
            }
        }
        if (header != null) {
            tables.add(new Table(subheading, header, rows));
        }
        return tables;
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0));
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }
}
