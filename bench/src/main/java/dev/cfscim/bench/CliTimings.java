package dev.cfscim.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line {@code cfscim plan --timings} prints on stderr, read back:
 * {@code Timings: start 0.99 s, parse 2.17 s, ..., total 7.48 s}, each phase in seconds, in the
 * order printed. A run whose stderr lacks the line, or a phase the table needs, is an error: a
 * table of zeros would look like a fast CLI.
 */
record CliTimings(Map<String, Double> seconds) {

    /** The line's prefix, as the CLI's PhaseTimes writes it. */
    static final String PREFIX = "Timings:";
    /** The phases the report shows, in the CLI's order ("start": the JVM's boot to the first step). */
    static final List<String> PHASES = List.of("start", "parse", "validate", "connect", "desired", "scan", "plan",
            "print", "total");

    private static final Pattern PHASE = Pattern.compile("([a-z][a-z-]*) (\\d+(?:\\.\\d+)?) s");

    CliTimings {
        seconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    /** The Timings line of a run's stderr; throws, quoting the stderr, when it is missing or malformed. */
    static CliTimings parse(String stderr) {
        String line = stderr.lines().map(String::strip).filter(l -> l.startsWith(PREFIX)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no '" + PREFIX + "' line in cfscim's stderr:\n"
                        + stderr));
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String part : line.substring(PREFIX.length()).split(",")) {
            Matcher m = PHASE.matcher(part.strip());
            if (!m.matches()) {
                throw new IllegalStateException("cannot read '" + part.strip() + "' in the line: " + line);
            }
            if (seconds.put(m.group(1), Double.parseDouble(m.group(2))) != null) {
                throw new IllegalStateException("phase '" + m.group(1) + "' twice in the line: " + line);
            }
        }
        for (String phase : PHASES) {
            if (!seconds.containsKey(phase)) {
                throw new IllegalStateException("no phase '" + phase + "' in the line: " + line);
            }
        }
        return new CliTimings(seconds);
    }

    double of(String phase) {
        Double value = seconds.get(phase);
        if (value == null) {
            throw new IllegalArgumentException("no phase '" + phase + "' in " + seconds);
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        seconds.forEach((phase, s) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f s", phase, s)));
        return text.toString();
    }
}
