package dev.cfscim.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4), and the checks
 * {@code promtool check metrics} makes, so that CI, which has no promtool, still refuses a scrape
 * Prometheus or promtool would: every family has HELP and TYPE, once each and before its samples;
 * names and labels are valid and snake_case; no series twice; counters end in {@code _total} and
 * never go below 0; histograms have sum, count and a +Inf bucket equal to the count, their buckets
 * never decreasing; no reserved suffix or label out of place; no unit but the base units.
 */
final class ExpositionFormat {

    /** One sample: its name as written, its labels, its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric family: the name of its TYPE and HELP lines, its type, HELP text and samples. */
    record Family(String name, String type, String help, List<Sample> samples) {
    }

    /** What {@link #read} found: the families in order, and every problem, each with its line. */
    record Scrape(Map<String, Family> families, List<String> problems) {

        List<Sample> samples(String name) {
            List<Sample> found = new ArrayList<>();
            families.values().forEach(f -> f.samples.stream().filter(s -> s.name.equals(name)).forEach(found::add));
            return found;
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][A-Z]");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(Inf|NaN|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    /** Units promtool's linter wants in their base unit (seconds, bytes), as whole words of a name. */
    private static final Set<String> NON_BASE_UNITS = Set.of("milliseconds", "microseconds", "nanoseconds", "minutes",
            "hours", "days", "weeks", "kilobytes", "megabytes", "gigabytes", "terabytes", "percent", "ms", "us", "ns",
            "sec", "secs", "kb", "mb", "gb");

    private ExpositionFormat() {
    }

    static Scrape read(String text) {
        Reader reader = new Reader();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            reader.problems.add("the last line does not end with a line feed");
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            reader.line(i + 1, lines[i]);
        }
        reader.finish();
        return new Scrape(reader.families, reader.problems);
    }

    /** The reading of one scrape, a line at a time. */
    private static final class Reader {
        final Map<String, Family> families = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        final Map<String, String> helps = new HashMap<>();
        final Map<String, String> types = new HashMap<>();
        final Set<String> series = new HashSet<>();
        /** Families whose lines have ended: another family's began after them. */
        final Set<String> closed = new HashSet<>();
        String current;

        void line(int number, String line) {
            String where = "line " + number + ": ";
            if (line.contains("\r")) {
                problems.add(where + "carriage return");
            } else if (line.isBlank()) {
                return;
            } else if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                descriptor(where, line);
            } else if (line.startsWith("#")) {
                return;
            } else {
                sample(where, line);
            }
        }

        private void descriptor(String where, String line) {
            boolean help = line.startsWith("# HELP ");
            String rest = line.substring(7);
            int space = rest.indexOf(' ');
            String name = space < 0 ? rest : rest.substring(0, space);
            String value = space < 0 ? "" : rest.substring(space + 1);
            if (!METRIC_NAME.matcher(name).matches()) {
                problems.add(where + "invalid metric name '" + name + "'");
                return;
            }
            enter(where, name);
            Map<String, String> seen = help ? helps : types;
            if (seen.containsKey(name)) {
                problems.add(where + (help ? "second HELP" : "second TYPE") + " for " + name);
            }
            if (help) {
                if (value.isBlank()) {
                    problems.add(where + name + " has no help text");
                }
                checkEscapes(where, value, false);
            } else {
                if (!TYPES.contains(value)) {
                    problems.add(where + "unknown type '" + value + "' of " + name);
                }
                Family family = families.get(name);
                if (family != null && !family.samples.isEmpty()) {
                    problems.add(where + "TYPE of " + name + " after its samples");
                }
            }
            seen.put(name, value);
            families.compute(name, (n, f) -> new Family(n, types.get(n), helps.get(n), f == null ? new ArrayList<>() : f.samples));
        }

        /** Moves to the family {@code name}: one whose lines already ended may not start again. */
        private void enter(String where, String name) {
            if (name.equals(current)) {
                return;
            }
            if (closed.contains(name)) {
                problems.add(where + "the lines of " + name + " are not together");
            }
            if (current != null) {
                closed.add(current);
            }
            current = name;
        }

        private void sample(String where, String line) {
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
            if (nameEnd <= 0) {
                problems.add(where + "not a sample: " + line);
                return;
            }
            String name = line.substring(0, nameEnd);
            if (!METRIC_NAME.matcher(name).matches()) {
                problems.add(where + "invalid metric name '" + name + "'");
                return;
            }
            Map<String, String> labels = new TreeMap<>();
            int after = nameEnd;
            if (nameEnd == brace) {
                after = labels(where, line, brace + 1, labels);
                if (after < 0) {
                    return;
                }
            }
            String[] rest = line.substring(after).strip().split(" ");
            if (!line.startsWith(" ", after) || rest.length < 1 || rest.length > 2 || !FLOAT.matcher(rest[0]).matches()
                    || (rest.length == 2 && !rest[1].matches("-?\\d+"))) {
                problems.add(where + "bad value or timestamp: " + line);
                return;
            }
            double value = rest[0].endsWith("Inf") ? (rest[0].startsWith("-") ? Double.NEGATIVE_INFINITY
                    : Double.POSITIVE_INFINITY) : Double.parseDouble(rest[0]);
            Family family = familyOf(name);
            if (family == null) {
                problems.add(where + name + " has no TYPE line before it");
                return;
            }
            enter(where, family.name);
            if (!series.add(name + labels)) {
                problems.add(where + "series twice: " + name + labels);
            }
            family.samples.add(new Sample(name, labels, value));
        }

        /** The family a sample belongs to, by its name and the suffixes its family's type gives it. */
        private Family familyOf(String name) {
            Family exact = families.get(name);
            if (exact != null && !exact.samples.isEmpty() || exact != null && name.equals(current)) {
                return exact;
            }
            for (String suffix : List.of("_bucket", "_sum", "_count")) {
                if (name.endsWith(suffix)) {
                    Family f = families.get(name.substring(0, name.length() - suffix.length()));
                    if (f != null && ("histogram".equals(f.type) || "summary".equals(f.type) && !suffix.equals("_bucket"))) {
                        return f;
                    }
                }
            }
            return exact;
        }

        /** Reads {@code {a="b",...}} from {@code start} (after the brace): the index after '}', or -1. */
        private int labels(String where, String line, int start, Map<String, String> labels) {
            int i = start;
            while (true) {
                if (i < line.length() && line.charAt(i) == '}') {
                    return i + 1;
                }
                int equals = line.indexOf('=', i);
                if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                    problems.add(where + "bad labels: " + line);
                    return -1;
                }
                String label = line.substring(i, equals);
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    problems.add(where + "invalid label name '" + label + "'");
                }
                StringBuilder value = new StringBuilder();
                int j = equals + 2;
                while (j < line.length() && line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = j + 1 < line.length() ? line.charAt(j + 1) : ' ';
                        if (next != '\\' && next != '"' && next != 'n') {
                            problems.add(where + "bad escape \\" + next + " in label " + label);
                        }
                        value.append(next == 'n' ? '\n' : next);
                        j += 2;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                if (j >= line.length()) {
                    problems.add(where + "unterminated label value: " + line);
                    return -1;
                }
                if (labels.put(label, value.toString()) != null) {
                    problems.add(where + "label " + label + " twice");
                }
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                } else if (i >= line.length() || line.charAt(i) != '}') {
                    problems.add(where + "bad labels: " + line);
                    return -1;
                }
            }
        }

        private void checkEscapes(String where, String text, boolean quotes) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\\') {
                    char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
                    if (next != '\\' && next != 'n' && !(quotes && next == '"')) {
                        problems.add(where + "bad escape \\" + next);
                    }
                    i++;
                }
            }
        }

        /** What can only be checked once every line is read: each family whole. */
        void finish() {
            for (Family family : families.values()) {
                String name = family.name;
                if (family.type == null) {
                    problems.add(name + " has no TYPE");
                }
                if (family.help == null) {
                    problems.add(name + " has no HELP");
                }
                lintName(family);
                if (family.type == null) {
                    continue;
                }
                for (Sample sample : family.samples) {
                    sampleFits(family, sample);
                }
                if ("histogram".equals(family.type)) {
                    Histograms.check(family, problems);
                }
            }
        }

        private void lintName(Family family) {
            String name = family.name;
            if (name.contains(":")) {
                problems.add(name + ": colons are for recording rules");
            }
            if (CAMEL_CASE.matcher(name).find()) {
                problems.add(name + ": not snake_case");
            }
            for (String word : name.split("_")) {
                if (NON_BASE_UNITS.contains(word)) {
                    problems.add(name + ": '" + word + "' is not a base unit (seconds, bytes)");
                }
            }
            if ("counter".equals(family.type) && !name.endsWith("_total")) {
                problems.add(name + ": a counter's name must end in _total");
            }
            if (!"counter".equals(family.type) && name.endsWith("_total")) {
                problems.add(name + ": _total is for counters, and this is a " + family.type);
            }
            if (family.type != null && !"untyped".equals(family.type)
                    && (name.contains("_" + family.type + "_") || name.endsWith("_" + family.type))) {
                problems.add(name + ": the name repeats its type " + family.type);
            }
            if (!"histogram".equals(family.type) && !"summary".equals(family.type)
                    && (name.endsWith("_bucket") || name.endsWith("_count") || name.endsWith("_sum"))) {
                problems.add(name + ": _bucket, _count and _sum are for histograms and summaries");
            }
        }

        private void sampleFits(Family family, Sample sample) {
            String name = family.name;
            String suffix = sample.name.substring(name.length());
            Set<String> allowed = switch (family.type) {
                case "histogram" -> Set.of("_bucket", "_sum", "_count");
                case "summary" -> Set.of("", "_sum", "_count");
                default -> Set.of("");
            };
            if (!sample.name.startsWith(name) || !allowed.contains(suffix)) {
                problems.add(sample.name + " is not a sample a " + family.type + " named " + name + " has");
            }
            for (String label : sample.labels.keySet()) {
                if (CAMEL_CASE.matcher(label).find()) {
                    problems.add(sample.name + ": label " + label + " is not snake_case");
                }
            }
            boolean bucket = "histogram".equals(family.type) && suffix.equals("_bucket");
            if (bucket != sample.labels.containsKey("le")) {
                problems.add(sample.name + sample.labels + ": le belongs to histogram buckets, and only there");
            }
            boolean quantile = "summary".equals(family.type) && suffix.isEmpty();
            if (quantile != sample.labels.containsKey("quantile")) {
                problems.add(sample.name + sample.labels + ": quantile belongs to summary quantiles, and only there");
            }
            if ("counter".equals(family.type) && !(sample.value >= 0)) {
                problems.add(sample.name + sample.labels + ": a counter at " + sample.value);
            }
        }
    }

    /** A histogram's series, whole: each label set's buckets, sum and count agree. */
    private static final class Histograms {
        static void check(Family family, List<String> problems) {
            Map<Map<String, String>, TreeMap<Double, Double>> buckets = new HashMap<>();
            Map<Map<String, String>, Double> counts = new HashMap<>();
            Set<Map<String, String>> sums = new HashSet<>();
            for (Sample sample : family.samples) {
                Map<String, String> set = new TreeMap<>(sample.labels);
                set.remove("le");
                if (sample.name.endsWith("_bucket")) {
                    String le = sample.labels.getOrDefault("le", "");
                    if (!FLOAT.matcher(le).matches()) {
                        problems.add(sample.name + sample.labels + ": le is not a number");
                        continue;
                    }
                    double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    buckets.computeIfAbsent(set, k -> new TreeMap<>()).put(bound, sample.value);
                } else if (sample.name.endsWith("_count")) {
                    counts.put(set, sample.value);
                } else {
                    sums.add(set);
                }
            }
            for (var entry : buckets.entrySet()) {
                String series = family.name + entry.getKey();
                double previous = 0;
                for (double value : entry.getValue().values()) {
                    if (value < previous) {
                        problems.add(series + ": a bucket below the one before it");
                    }
                    previous = value;
                }
                Double inf = entry.getValue().get(Double.POSITIVE_INFINITY);
                if (inf == null) {
                    problems.add(series + ": no +Inf bucket");
                } else if (!inf.equals(counts.get(entry.getKey()))) {
                    problems.add(series + ": the +Inf bucket (" + inf + ") is not the count (" + counts.get(entry.getKey()) + ")");
                }
                if (!sums.contains(entry.getKey())) {
                    problems.add(series + ": no _sum");
                }
            }
            for (Map<String, String> set : counts.keySet()) {
                if (!buckets.containsKey(set)) {
                    problems.add(family.name + set + ": a _count without buckets");
                }
            }
        }
    }
}
