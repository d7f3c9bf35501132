package dev.cfscim.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a {@code plan} or {@code apply} run spent its time, phase by phase, for {@code --timings}:
 * what a pipeline pays at each step, and what to look at when a large declaration is slow.
 * "start" is from the JVM's start (its boot, class loading, picocli) to the command's first step;
 * each later phase is from the end of the one before.
 */
final class PhaseTimes {

    /** The line's prefix, which the benchmark and the tests read. */
    static final String PREFIX = "Timings:";

    private final Map<String, Duration> phases = new LinkedHashMap<>();
    /** When the first step began, on the wall clock: "start" is measured back from it, and only when printed. */
    private final long beganMillis;
    private long lapStarted;

    private PhaseTimes() {
        beganMillis = System.currentTimeMillis();
        lapStarted = System.nanoTime();
    }

    /**
     * Begins now; "start" is counted from the JVM's own start time, in milliseconds (the operating
     * system's process start time, which ProcessHandle gives, is rounded to whole seconds of the
     * boot time on Linux and came out 0.65 s early). The management classes are loaded only when
     * the line is printed, so a run without {@code --timings} does not pay for them.
     */
    static PhaseTimes sinceJvmStart() {
        return new PhaseTimes();
    }

    /** Ends the phase running since the last lap and names it. */
    void lap(String phase) {
        long now = System.nanoTime();
        phases.merge(phase, Duration.ofNanos(now - lapStarted), Duration::plus);
        lapStarted = now;
    }

    /** Every phase, "start" first. */
    Map<String, Duration> phases() {
        Map<String, Duration> all = new LinkedHashMap<>();
        long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
        all.put("start", Duration.ofMillis(Math.max(0, beganMillis - jvmStarted)));
        all.putAll(phases);
        return all;
    }

    /** One line: {@code Timings: start 0.41 s, parse 1.30 s, ..., total 3.02 s}. */
    void print(PrintWriter err) {
        Map<String, Duration> phases = phases();
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
