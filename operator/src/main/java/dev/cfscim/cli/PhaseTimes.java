package dev.cfscim.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a {@code plan} or {@code apply} run spent its time, phase by phase, for {@code --timings}:
 * what a pipeline pays at each step, and what to look at when a large declaration is slow.
 * "start" is from the process's start (the JVM's boot, class loading, picocli) to the command's
 * first step; each later phase is from the end of the one before.
 */
final class PhaseTimes {

    /** The line's prefix, which the benchmark and the tests read. */
    static final String PREFIX = "Timings:";

    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private long lapStarted;

    private PhaseTimes(Duration start) {
        phases.put("start", start);
        lapStarted = System.nanoTime();
    }

    /** Begins at the process's start, as the operating system tells it (to about 10 ms on Linux). */
    static PhaseTimes sinceProcessStart() {
        Instant now = Instant.now();
        Duration start = ProcessHandle.current().info().startInstant()
                .map(began -> Duration.between(began, now))
                .filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
        return new PhaseTimes(start);
    }

    /** Ends the phase running since the last lap and names it. */
    void lap(String phase) {
        long now = System.nanoTime();
        phases.merge(phase, Duration.ofNanos(now - lapStarted), Duration::plus);
        lapStarted = now;
    }

    Map<String, Duration> phases() {
        return Map.copyOf(phases);
    }

    /** One line: {@code Timings: start 0.41 s, parse 1.30 s, ..., total 3.02 s}. */
    void print(PrintWriter err) {
        Duration total = phases.values().stream().reduce(Duration.ZERO, Duration::plus);
        err.println(PREFIX + " " + phases.entrySet().stream()
                .map(e -> e.getKey() + " " + seconds(e.getValue()))
                .collect(Collectors.joining(", ")) + ", total " + seconds(total));
        err.flush();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
}
