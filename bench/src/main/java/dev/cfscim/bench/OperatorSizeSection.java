package dev.cfscim.bench;

import java.util.Locale;

/**
 * The operator at each size ("### At size" under "## The operator"): how soon Cloudflare hears from
 * a first sync, what it writes to the API server, an edit's time end to end and from the watch
 * event, spaced and back to back, and the operator's heap; then each of issue 20's goals, met or
 * missed, as the figures say.
 */
final class OperatorSizeSection {

    static final int COLUMNS = 17;
    /** Goals for an edit from its watch event (spaced edits), at every size. */
    static final double EVENT_MEDIAN_GOAL_MS = 50;
    static final double EVENT_P95_GOAL_MS = 100;
    static final double RECONCILES_GOAL = 1.2;

    private OperatorSizeSection() {
    }

    static void write(StringBuilder md, Results r) {
        md.append("### At size\n\n");
        md.append("*First request*: from the ScimApp's creation to the first request the emulator received. "
                + "*Writes, first sync*: the operator's requests to the API server other than reads and watches "
                + "(finalizers, statuses, events, its ledger) from its start until it was quiet after converging, "
                + "counted by its client's User-Agent in the mock's log. *Spaced* edits each wait until the "
                + "operator has finished the one before (its status writes); *back to back*, each is sent as soon "
                + "as the one before reached Cloudflare. *End to end*: from the edit sent to the mock to the PATCH "
                + "recorded by the emulator; *from the event*: from the watch event reaching the operator to the end "
                + "of its Cloudflare work (its `cfscim_change_to_sync_seconds`), which leaves out the mock's own "
                + "write, whose cost grows with the objects it holds (a real API server reads and writes by key). "
                + "*Heap growth*: heap after `System.gc()` with the operator converged less the same before it "
                + "started, the mock's log of answered requests emptied before each (it keeps every request until "
                + "taken): it counts what the mock and the emulator grew by too (the statuses and finalizers stored, "
                + "the members created); *operator's heap*: what the operator itself holds after the edits, the heap "
                + "after `System.gc()` with it running less the same once it stopped and nothing referred to it, "
                + "the mock and the emulator unchanged between (the goal is checked on this one); *RSS*: the whole process (mock, emulator and operator), which a JVM rarely gives back, so "
                + "a later run starts from what an earlier one left.\n\n");
        md.append("| model | ScimUsers | first request (s) | converge (s) | writes, first sync | writes per ScimUser "
                + "| spaced, end to end, median (ms) | p95 (ms) | spaced, from the event, median (ms) | p95 (ms) "
                + "| back to back, median (ms) | p95 (ms) | reconciles per edit | writes per edit "
                + "| heap growth (MB) | operator's heap (MB) | RSS (MB) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (OperatorScenario.Result o : r.operators()) {
            OperatorScenario.Scale s = o.scale();
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f | %d | %.2f | %.1f | %.1f | %.1f | %.1f "
                            + "| %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.0f |%n", o.model().label(), o.users(),
                    s.firstRequestSeconds(), o.convergeSeconds(), s.firstSyncWrites(),
                    s.firstSyncWrites() / (double) o.users(), Results.percentile(s.spacedMillis(), 0.5),
                    Results.percentile(s.spacedMillis(), 0.95), Results.percentile(s.fromEventMillis(), 0.5),
                    Results.percentile(s.fromEventMillis(), 0.95), Results.percentile(o.editMillis(), 0.5),
                    Results.percentile(o.editMillis(), 0.95), s.reconcilesPerEdit(), s.writesPerEdit(),
                    o.heapAfterMb() - o.heapBeforeMb(), s.retainedMb(), o.rssAfterMb()));
        }
        md.append('\n');
        goals(md, r);
    }

    /** Each goal, row by row: met, or missed with the figure that misses it. */
    private static void goals(StringBuilder md, Results r) {
        md.append("Goals (issue 20), checked on the figures above:\n\n");
        for (OperatorScenario.Result o : r.operators()) {
            OperatorScenario.Scale s = o.scale();
            double median = Results.percentile(s.fromEventMillis(), 0.5);
            double p95 = Results.percentile(s.fromEventMillis(), 0.95);
            md.append(String.format(Locale.ROOT, "- %s, %d ScimUsers: from the event median %.1f ms (%s %.0f), "
                            + "p95 %.1f ms (%s %.0f); %.2f reconciles per edit (%s %.1f).%n", o.model().label(),
                    o.users(), median, verdict(median < EVENT_MEDIAN_GOAL_MS), EVENT_MEDIAN_GOAL_MS, p95,
                    verdict(p95 < EVENT_P95_GOAL_MS), EVENT_P95_GOAL_MS, s.reconcilesPerEdit(),
                    verdict(s.reconcilesPerEdit() <= RECONCILES_GOAL), RECONCILES_GOAL));
        }
        md.append("\nThe goals on the heap and the resident set are checked on the operator in a process of its own "
                + "(next section), where nothing but the operator is measured.\n\n");
    }

    static String verdict(boolean met) {
        return met ? "PASS: under" : "MISS: goal";
    }
}
