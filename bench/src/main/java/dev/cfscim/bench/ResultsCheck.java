package dev.cfscim.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Whether a results.md is what the harness writes, read back from the file: every section in
 * order; both models in every scenario, today's first; a numeric row per contender, size and
 * model; and a floor accounting that adds up (each floor the sum of its parts, its fewest windows
 * ceil(floor / 1200), each ratio requests over floor, each route table's row the sum of its
 * routes, the floor's routes its parts, each total the requests the provisioning table gives,
 * each goal's verdict what the figures say, and a cause beside each miss); the command line's
 * table a numeric row per model and size whose verdict (validation within parsing) is what its
 * two figures say. Also that the chart is a readable PNG. Timings themselves are not judged.
 */
final class ResultsCheck {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final List<String> problems = new ArrayList<>();
    private final Bench.Config config;

    private ResultsCheck(Bench.Config config) {
        this.config = config;
    }

    static List<String> check(Path md, Path png, Bench.Config config) throws IOException {
        ResultsCheck check = new ResultsCheck(config);
        check.text(Files.readString(md));
        BufferedImage image = Files.exists(png) ? ImageIO.read(png.toFile()) : null;
        if (image == null || image.getWidth() < 100 || image.getHeight() < 100) {
            check.problems.add("results.png is missing or not a readable image");
        }
        return check.problems;
    }

    /** The problems of a results.md's text alone (no chart). */
    static List<String> checkText(String text, Bench.Config config) {
        ResultsCheck check = new ResultsCheck(config);
        check.text(text);
        return check.problems;
    }

    private void text(String text) {
        int at = -1;
        for (String section : Report.SECTIONS) {
            int found = text.indexOf("\n" + section + "\n");
            if (found < 0) {
                problems.add("missing section '" + section + "'");
            } else if (found < at) {
                problems.add("section '" + section + "' out of order");
            } else {
                at = found;
            }
        }
        Map<String, Long> floors = floors(text);
        Map<String, Long> requests = provisioning(text, floors);
        byRoute(text, floors, requests);
        goals(text, floors, requests);
        perModel(text, "## One membership edit", 8, List.of(Report.ENGINE, Report.OKTA, Report.ENTRA, Report.OPERATOR),
                new int[] {1, 2, 3, 4, 5, 6});
        perModel(text, "## A quiet hour and one drift scan", 8, Report.CONTENDERS, new int[] {1, 2, 4, 5, 6});
        operator(text);
        cli(text);
    }

    /** The problems of the command line's section alone, as {@code Bench --cli-only} writes it. */
    static List<String> checkCliText(String text, Bench.Config config) {
        ResultsCheck check = new ResultsCheck(config);
        check.cli(text);
        return check.problems;
    }

    /** The command line at size: a row per model and size, today's first; numbers; verdicts the figures' own. */
    private void cli(String text) {
        List<List<String>> rows = firstTable(text, CliSection.HEADING, CliSection.COLUMNS.size());
        modelsInOrder("the command line's table", rows, 0);
        for (List<String> row : rows) {
            numeric(row, java.util.stream.IntStream.range(1, CliSection.GOAL).filter(i -> i != CliSection.RSS)
                    .toArray());
            if (!row.get(CliSection.RSS).equals("-")) {
                numeric(row, new int[] {CliSection.RSS});
            }
            String verdict = row.get(CliSection.GOAL);
            if (!verdict.startsWith("PASS") && !verdict.startsWith("MISS")) {
                problems.add("the command line's goal cell '" + verdict + "' is neither PASS nor MISS");
            } else if (allNumeric(row, CliSection.PARSE, CliSection.VALIDATE + 1) && verdict.startsWith("PASS")
                    != Double.parseDouble(row.get(CliSection.VALIDATE))
                    <= Double.parseDouble(row.get(CliSection.PARSE))) {
                problems.add("the command line's goal at " + key(row.get(0), row.get(1)) + " says " + verdict
                        + " for validate " + row.get(CliSection.VALIDATE) + " s and parse " + row.get(CliSection.PARSE)
                        + " s");
            }
        }
        for (GroupModel model : GroupModel.values()) {
            for (int users : config.cliSizes()) {
                String size = Integer.toString(users);
                if (rows.stream().noneMatch(r -> r.get(0).equals(model.label()) && r.get(1).equals(size))) {
                    problems.add("the command line's table has no row for " + users + " users in the " + model.label()
                            + " model");
                }
            }
        }
        if (rows.size() != GroupModel.values().length * config.cliSizes().size()) {
            problems.add("the command line's table has " + rows.size() + " rows, expected "
                    + GroupModel.values().length * config.cliSizes().size());
        }
    }

    /** The floor table: each floor its parts' sum, its windows the fewest; keyed by model and users. */
    private Map<String, Long> floors(String text) {
        Map<String, Long> floors = new HashMap<>();
        List<List<String>> rows = firstTable(text, "## The floor", Floor.PARTS.length + 4);
        for (List<String> row : rows) {
            if (!allNumeric(row, 1, row.size())) {
                problems.add("the floor table's row is not numeric: " + String.join(" | ", row));
                continue;
            }
            long sum = 0;
            for (int i = 2; i < 2 + Floor.PARTS.length; i++) {
                sum += Long.parseLong(row.get(i));
            }
            long floor = Long.parseLong(row.get(row.size() - 2));
            if (sum != floor) {
                problems.add("the floor of " + key(row.get(0), row.get(1)) + " is " + floor + ", its parts sum to "
                        + sum);
            }
            if (Long.parseLong(row.get(row.size() - 1)) != Floor.fewestWindows(floor)) {
                problems.add("the fewest windows of " + key(row.get(0), row.get(1)) + " are not ceil(" + floor
                        + " / 1200)");
            }
            floors.put(key(row.get(0), row.get(1)), floor);
        }
        modelsInOrder("the floor table", rows, 0);
        for (GroupModel model : GroupModel.values()) {
            for (int users : config.sizes()) {
                if (!floors.containsKey(key(model.label(), Integer.toString(users)))) {
                    problems.add("no floor for " + users + " users in the " + model.label() + " model");
                }
            }
        }
        return floors;
    }

    /** The provisioning tables, one per model, today's first; returns each contender's requests by model, size and name. */
    private Map<String, Long> provisioning(String text, Map<String, Long> floors) {
        Map<String, Long> requests = new HashMap<>();
        List<MarkdownTables.Table> tables = modelTables(text, "## Initial provisioning", 13);
        for (MarkdownTables.Table table : tables) {
            GroupModel model = modelOfHeading(table.subheading()).orElseThrow();
            for (List<String> row : table.rows()) {
                numeric(row, new int[] {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
                if (!allNumeric(row, 2, 5)) {
                    continue;
                }
                String size = key(model.label(), row.get(0));
                long sent = Long.parseLong(row.get(2));
                long floor = Long.parseLong(row.get(3));
                if (floors.containsKey(size) && floors.get(size) != floor) {
                    problems.add(row.get(1) + " at " + size + " is set against a floor of " + floor + ", the floor "
                            + "table's is " + floors.get(size));
                }
                if (Math.abs(Double.parseDouble(row.get(4)) - sent / (double) floor) > 0.0005) {
                    problems.add(row.get(1) + " at " + size + ": ratio " + row.get(4) + " is not " + sent + " / " + floor);
                }
                requests.put(key(size, row.get(1)), sent);
            }
        }
        for (GroupModel model : GroupModel.values()) {
            for (int users : config.sizes()) {
                for (String contender : Report.CONTENDERS) {
                    if (!requests.containsKey(key(key(model.label(), Integer.toString(users)), contender))) {
                        problems.add("no provisioning row for " + contender + " at " + users + " users in the "
                                + model.label() + " model");
                    }
                }
            }
        }
        return requests;
    }

    /** The reconciliation: each row its routes' sum, the floor's routes its parts, each total the requests. */
    private void byRoute(String text, Map<String, Long> floors, Map<String, Long> requests) {
        Optional<MarkdownTables.Table> found = MarkdownTables.in(text, "## Initial provisioning").stream()
                .filter(t -> Report.BY_ROUTE.substring(4).equals(t.subheading())).findFirst();
        int columns = Floor.ROUTES.length + 5;
        if (found.isEmpty()) {
            problems.add("no table '" + Report.BY_ROUTE + "'");
            return;
        }
        List<List<String>> rows = found.get().rows();
        modelsInOrder("the route table", rows, 0);
        for (List<String> row : rows) {
            if (row.size() != columns || !allNumeric(row, 3, columns) || !NUMBER.matcher(row.get(1)).matches()) {
                problems.add("route table row is not " + columns + " numeric cells: " + String.join(" | ", row));
                continue;
            }
            long sum = 0;
            for (int i = 3; i < columns - 1; i++) {
                sum += Long.parseLong(row.get(i));
            }
            long total = Long.parseLong(row.get(columns - 1));
            String size = key(row.get(0), row.get(1));
            if (sum != total) {
                problems.add("route table, " + size + ", " + row.get(2) + ": routes sum to " + sum + ", total " + total);
            }
            if (row.get(2).equals(Report.FLOOR)) {
                if (Long.parseLong(row.get(columns - 2)) != 0) {
                    problems.add("route table, " + size + ": the floor has requests outside its routes");
                }
                if (floors.containsKey(size) && floors.get(size) != total) {
                    problems.add("route table, " + size + ": the floor's routes sum to " + total + ", the floor table "
                            + "says " + floors.get(size));
                }
            } else if (requests.containsKey(key(size, row.get(2))) && requests.get(key(size, row.get(2))) != total) {
                problems.add("route table, " + size + ", " + row.get(2) + ": " + total + " requests by route, "
                        + requests.get(key(size, row.get(2))) + " in the provisioning table");
            }
        }
        for (GroupModel model : GroupModel.values()) {
            if (rows.stream().noneMatch(r -> r.get(0).equals(model.label()) && r.get(2).equals(Report.OPERATOR))) {
                problems.add("the route table has no operator row in the " + model.label() + " model");
            }
        }
    }

    /** The goals: a row per model and size, today's first; verdicts the figures' own; a cause beside each miss. */
    private void goals(String text, Map<String, Long> floors, Map<String, Long> requests) {
        List<List<String>> rows = firstTable(text, "## Goals", 7);
        modelsInOrder("the goals table", rows, 0);
        for (List<String> row : rows) {
            boolean missed = false;
            for (int i = 2; i < 5; i++) {
                if (!row.get(i).startsWith("PASS") && !row.get(i).startsWith("MISS")) {
                    problems.add("goal cell '" + row.get(i) + "' is neither PASS nor MISS");
                }
                missed |= row.get(i).startsWith("MISS");
            }
            if (missed && (row.get(6).isEmpty() || row.get(6).equals("-"))) {
                problems.add("a missed goal at " + key(row.get(0), row.get(1)) + " states no cause");
            }
            Long sent = requests.get(key(key(row.get(0), row.get(1)), Report.ENGINE));
            Long floor = floors.get(key(row.get(0), row.get(1)));
            if (sent != null && floor != null && row.get(2).startsWith("PASS") != sent.equals(floor)) {
                problems.add("goal 'requests = floor' at " + key(row.get(0), row.get(1)) + " says " + row.get(2)
                        + " for " + sent + " requests and a floor of " + floor);
            }
        }
        if (rows.size() != GroupModel.values().length * config.sizes().size()) {
            problems.add("the goals table has " + rows.size() + " rows, expected "
                    + GroupModel.values().length * config.sizes().size());
        }
    }

    /** A section with one table per model, today's first, each with a row per contender. */
    private void perModel(String text, String heading, int columns, List<String> contenders, int[] numericColumns) {
        for (MarkdownTables.Table table : modelTables(text, heading, columns)) {
            table.rows().forEach(row -> numeric(row, numericColumns));
            for (String contender : contenders) {
                if (table.rows().stream().noneMatch(r -> r.get(0).equals(contender))) {
                    problems.add(heading + ", " + table.subheading() + ": no row for " + contender);
                }
            }
        }
    }

    private void operator(String text) {
        int expected = GroupModel.values().length * config.operatorSizes().size();
        List<List<String>> rows = firstTable(text, "## The operator", 12);
        if (rows.size() != expected) {
            problems.add("the operator table has " + rows.size() + " rows, expected one per model and size");
        }
        modelsInOrder("the operator table", rows, 0);
        rows.forEach(row -> numeric(row, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        List<List<String>> atSize = firstTable(text, "### At size", OperatorSizeSection.COLUMNS);
        if (atSize.size() != expected) {
            problems.add("the operator's at-size table has " + atSize.size() + " rows, expected one per model and size");
        }
        modelsInOrder("the operator's at-size table", atSize, 0);
        atSize.forEach(row -> numeric(row, java.util.stream.IntStream.range(1, OperatorSizeSection.COLUMNS).toArray()));
        List<List<String>> ownProcess = firstTable(text, OperatorFootprintSection.HEADING, OperatorFootprintSection.COLUMNS);
        if (ownProcess.size() != expected) {
            problems.add("the operator's own-process table has " + ownProcess.size() + " rows, expected one per model and size");
        }
        modelsInOrder("the operator's own-process table", ownProcess, 0);
        ownProcess.forEach(row -> numeric(row, java.util.stream.IntStream.range(1, OperatorFootprintSection.COLUMNS).toArray()));
    }

    /** The section's tables under a model's heading: one per model, in the models' order, each row {@code columns} wide. */
    private List<MarkdownTables.Table> modelTables(String text, String heading, int columns) {
        List<MarkdownTables.Table> tables = MarkdownTables.in(text, heading).stream()
                .filter(t -> modelOfHeading(t.subheading()).isPresent()).toList();
        List<GroupModel> seen = tables.stream().map(t -> modelOfHeading(t.subheading()).orElseThrow()).toList();
        if (!seen.equals(List.of(GroupModel.values()))) {
            problems.add(heading + ": tables for " + seen.stream().map(GroupModel::label).toList() + ", expected one "
                    + "per model, today's first");
        }
        List<MarkdownTables.Table> whole = new ArrayList<>();
        for (MarkdownTables.Table table : tables) {
            if (table.header().size() != columns || table.rows().stream().anyMatch(r -> r.size() != columns)) {
                problems.add(heading + ", " + table.subheading() + ": rows are not " + columns + " cells wide");
            } else {
                whole.add(table);
            }
        }
        return whole;
    }

    private static Optional<GroupModel> modelOfHeading(String subheading) {
        for (GroupModel model : GroupModel.values()) {
            if (Report.capitalised(model.title()).equals(subheading)) {
                return Optional.of(model);
            }
        }
        return Optional.empty();
    }

    /** The section's first table's rows, each {@code columns} wide (the narrower ones reported and left out). */
    private List<List<String>> firstTable(String text, String heading, int columns) {
        List<MarkdownTables.Table> tables = MarkdownTables.in(text, heading);
        if (tables.isEmpty()) {
            problems.add(heading + ": no table");
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : tables.get(0).rows()) {
            if (row.size() != columns) {
                problems.add(heading + ": a row with " + row.size() + " cells, expected " + columns);
            } else {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Both models' rows, every row of today's model before any of the other. */
    private void modelsInOrder(String table, List<List<String>> rows, int column) {
        List<String> labels = rows.stream().map(r -> r.get(column)).distinct().toList();
        List<String> expected = java.util.Arrays.stream(GroupModel.values()).map(GroupModel::label).toList();
        int last = -1;
        boolean ordered = true;
        for (List<String> row : rows) {
            int index = expected.indexOf(row.get(column));
            ordered &= index >= last;
            last = Math.max(last, index);
        }
        if (!labels.equals(expected) || !ordered) {
            problems.add(table + ": models " + labels + ", expected " + expected + " in that order");
        }
    }

    private void numeric(List<String> row, int[] columns) {
        for (int c : columns) {
            if (c >= row.size() || !NUMBER.matcher(row.get(c)).matches()) {
                problems.add("'" + (c < row.size() ? row.get(c) : "") + "' in row " + String.join(" | ", row)
                        + " is not a number");
            }
        }
    }

    private static boolean allNumeric(List<String> row, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!NUMBER.matcher(row.get(i)).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String key(String first, String second) {
        return first + "/" + second;
    }
}
