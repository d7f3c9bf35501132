package dev.cfscim.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The section of results.md about {@code cfscim plan} at size ({@link CliScenario}): one row per
 * model and size, today's model first, each phase's median, and the goal's verdict per row.
 * {@link ResultsCheck} reads it back.
 */
final class CliSection {

    static final String HEADING = "## The command line at size";
    /** The table's columns; the check reads the row by these positions. */
    static final List<String> COLUMNS = List.of("model", "users", "start (s)", "parse (s)", "validate (s)",
            "connect (s)", "desired (s)", "scan (s)", "plan (s)", "print (s)", "total (s)", "wall (s)",
            "boot + exit (s)", "peak RSS (MB)", "plan requests", "drift-scan floor", "apply from empty (s)",
            "validation <= parsing");
    static final int PARSE = COLUMNS.indexOf("parse (s)");
    static final int VALIDATE = COLUMNS.indexOf("validate (s)");
    static final int RSS = COLUMNS.indexOf("peak RSS (MB)");
    static final int GOAL = COLUMNS.size() - 1;

    private CliSection() {
    }

    static void append(StringBuilder md, Results r) {
        md.append(HEADING).append("\n\n");
        md.append(String.format(Locale.ROOT, "`cfscim plan -f DIR --token-file FILE --timings --detailed-exitcode` "
                + "on a folder of YAML declaring N ScimUsers (one users.yaml; each labelled for the ScimApp's "
                + "`userSelector` and for its 1 to 3 groups), %d ScimGroups choosing their members by "
                + "`memberSelector`, one GroupRoleBinding each, and one ScimApp with the model's `groupMode`, against "
                + "an emulator with no rate limit and a `requestBudget` that never paces. The account was first "
                + "converged from empty by `cfscim apply --auto-approve` (its wall time in the table), so each plan "
                + "says `No changes.`: it must exit 0, or the run stops. Each command runs in a fresh child JVM, as a "
                + "pipeline runs it: this JVM's `java`, no JVM options, classes loaded from the bench's fat jar "
                + "(cfscim.jar's classes and the bench's own, about as large as cfscim.jar). %d runs per row; "
                + "each phase is its median over the runs, as are *total*, *wall* and the peak RSS, so the phases "
                + "need not sum to the total.%n%n", r.config().groups(), CliScenario.RUNS));
        md.append("The phases, as `--timings` prints them: *start*, from the JVM's start to the command's first "
                + "step (the JVM's boot, class loading, the command line's parsing); *parse*, reading the YAML; "
                + "*validate*, checking the resources; *connect*, choosing the app, its token and endpoint; *desired*, "
                + "the state the files declare; *scan*, reading the account through SCIM; *plan*, the diff; *print*, "
                + "writing the plan. *Wall*: from starting the child to its exit, as this process saw it. "
                + "*Boot + exit*: the wall less every phase after *start*: the JVM's boot and class loading until "
                + "the first step, and its exit, as this process saw them. *Peak RSS*: the child's VmHWM in /proc, "
                + "read every 20 ms while it ran (a lower bound by whatever it grew in its last 20 ms; `-` where "
                + "/proc has none). *Plan requests*: what the emulator received from one "
                + "plan, beside the floor of a drift scan of the converged account.\n\n");
        md.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n|").append("---|".repeat(COLUMNS.size()))
                .append('\n');
        List<Miss> misses = new ArrayList<>();
        for (GroupModel model : GroupModel.values()) {
            for (Results.Cli c : r.cli()) {
                if (c.model() != model) {
                    continue;
                }
                md.append("| ").append(model.label()).append(" | ").append(c.users()).append(" |");
                for (String phase : CliTimings.PHASES) {
                    md.append(String.format(Locale.ROOT, " %.2f |", c.phase(phase)));
                }
                boolean holds = c.validationWithinParsing();
                String verdict = String.format(Locale.ROOT, "%s (%.2f %s %.2f)", Report.verdict(holds),
                        c.phase("validate"), holds ? "<=" : ">", c.phase("parse"));
                md.append(String.format(Locale.ROOT, " %.2f | %.2f | %s | %d | %d | %.1f | %s |%n", c.wallSeconds(),
                        c.bootAndExitSeconds(),
                        c.peakRssMb() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", c.peakRssMb()),
                        c.planRequests(), c.scanFloor(), c.applySeconds(), verdict));
                if (!holds) {
                    misses.add(miss(r, c));
                }
            }
        }
        md.append('\n');
        startAgainstWall(md, r);
        md.append("Goal: validation no more than parsing costs (the *validate* median at most the *parse* median). ");
        md.append(misses.isEmpty() ? "Every row meets it.\n\n"
                : "Missed: " + misses.stream().map(Miss::text).collect(Collectors.joining(", "))
                + (misses.stream().allMatch(Miss::fixedCost) ? ": there validation costs about what it costs for "
                + "ten times the users or more, its fixed part (compiling the CRDs' schemas and CEL rules, "
                + "`api/load/CrdSchemas`, begun on another thread as the files are read), which parsing so few "
                + "users does not cover" : "") + "; every other row meets it.\n\n");
    }

    /** A row that misses the goal; {@code fixedCost} when a larger size of its model validated in at most 10% more. */
    private record Miss(String text, boolean fixedCost) {
    }

    private static Miss miss(Results r, Results.Cli missed) {
        Optional<Results.Cli> larger = r.cli().stream()
                .filter(c -> c.model() == missed.model() && c.users() > missed.users())
                .min(Comparator.comparingInt(Results.Cli::users));
        String text = missed.model().label() + " at " + missed.users() + " users";
        if (larger.isEmpty()) {
            return new Miss(text, false);
        }
        double small = missed.phase("validate");
        double big = larger.get().phase("validate");
        return new Miss(String.format(Locale.ROOT, "%s (validating them took %.2f s, %d users %.2f s)", text, small,
                larger.get().users(), big), big <= small * 1.1);
    }

    /**
     * *start* against what the parent saw: the CLI counts *start* from the JVM's own start time, so
     * *boot + exit* is that plus the launcher before the JVM and the exit after the last phase.
     */
    private static void startAgainstWall(StringBuilder md, Results r) {
        if (r.cli().isEmpty()) {
            return;
        }
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (Results.Cli c : r.cli()) {
            double rest = c.bootAndExitSeconds() - c.phase("start");
            low = Math.min(low, rest);
            high = Math.max(high, rest);
        }
        md.append(String.format(Locale.ROOT, "*Boot + exit* less the CLI's *start*: %+.2f to %+.2f s over the rows: "
                + "the launcher before the JVM started and the JVM's exit, which *start* (counted from the JVM's own "
                + "start time) leaves out.%n%n", low, high));
    }
}
