package dev.cfscim.bench;

import java.util.Locale;

/**
 * The operator in a process of its own ("### In a process of its own", after "### At size"): its
 * heap and resident set at each size under the chart's 512Mi, and issue 20's memory goals, met or
 * missed, as the figures say.
 */
final class OperatorFootprintSection {

    static final String HEADING = "### In a process of its own";
    static final int COLUMNS = 7;
    /** Goals at every size: the objects alive on the heap, and the resident set within the chart's limit. */
    static final double HEAP_GOAL_MIB = 256;
    static final double RSS_GOAL_MIB = OperatorFootprint.LIMIT_MIB;

    private OperatorFootprintSection() {
    }

    static void write(StringBuilder md, Results r) {
        md.append(HEADING).append("\n\n");
        md.append("`cfscim operator` in a child JVM started with the Helm chart's options in its 512Mi container (`")
                .append(String.join(" ", OperatorFootprint.CHART_JVM))
                .append("`: the JVM sizes its heap from the container's limit as it does from -XX:MaxRAM), against the "
                        + "same in-process API server and emulator, converging the same workload, then taking the "
                        + "same number of edits back to back. Measured once it was quiet (nothing written to the API "
                        + "server for 2 s): *live heap*, the bytes of the objects alive after a full collection "
                        + "(`jcmd <pid> GC.class_histogram`, which collects first); *RSS*, its VmRSS then; *peak RSS*, "
                        + "its VmHWM, the most it was resident at any moment of the run, the convergence's included. "
                        + "Only the operator is in that process: the mock's stored objects and the emulator's "
                        + "account are in the bench's. -1: not known (the JDK has no jcmd, or the child died first).\n\n");
        md.append("| model | ScimUsers | converge (s) | edit, back to back, median (ms) | live heap (MiB) | RSS (MiB) "
                + "| peak RSS (MiB) |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (OperatorFootprint.Result f : r.footprints()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.0f | %.0f |%n", f.model().label(),
                    f.users(), f.convergeSeconds(), f.editMillis().isEmpty() ? -1 : Results.percentile(f.editMillis(), 0.5),
                    f.liveHeapMib(), f.rssMib(), f.peakRssMib()));
        }
        md.append("\nGoals (issue 20), checked on the figures above:\n\n");
        for (OperatorFootprint.Result f : r.footprints()) {
            if (f.exitedEarly() != null) {
                md.append(String.format(Locale.ROOT, "- %s, %d ScimUsers: MISS: the operator exited %d before the "
                        + "end of the run.%n", f.model().label(), f.users(), f.exitedEarly()));
                continue;
            }
            md.append(String.format(Locale.ROOT, "- %s, %d ScimUsers: live heap %.0f MiB (%s %.0f), peak RSS %.0f MiB "
                            + "(%s %.0f, the chart's limit).%n", f.model().label(), f.users(), f.liveHeapMib(),
                    OperatorSizeSection.verdict(f.liveHeapMib() >= 0 && f.liveHeapMib() < HEAP_GOAL_MIB), HEAP_GOAL_MIB,
                    f.peakRssMib(), OperatorSizeSection.verdict(f.peakRssMib() >= 0 && f.peakRssMib() <= RSS_GOAL_MIB),
                    RSS_GOAL_MIB));
        }
        md.append('\n');
    }
}
