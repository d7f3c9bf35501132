package dev.cfscim.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every figure of one run, as the report and the chart need them; {@code loadAtStart} and
 * {@code loadAtEnd}: the machine's 1-minute load average then (-1 where unknown).
 */
record Results(Bench.Config config, Machine machine, List<Provisioning> provisioning, List<Edit> edits,
               List<Quiet> quiet, List<OperatorScenario.Result> operators, List<OperatorFootprint.Result> footprints,
               List<Cli> cli, double runSeconds,
               double loadAtStart, double loadAtEnd) {

    /**
     * One contender provisioning one workload size in one model. {@code routes}: what the emulator
     * received with no limit, by route; {@code windows}: the rate-limit windows the compressed run
     * used; {@code policiesByHand}: policy writes the contender leaves to someone else (an IdP writes
     * none; each pushed group needs one before it grants anything).
     */
    record Provisioning(GroupModel model, String contender, int users, int groups, long memberships, long requests,
                        Map<String, Long> routes, Floor floor, double wallSeconds, double limitedSeconds,
                        long windows, double projectedSeconds, long rateLimited, long policiesByHand) {

        Provisioning {
            routes = Map.copyOf(routes);
        }

        double ratio() {
            return requests / (double) floor.total();
        }

        /**
         * The fixed-window floor: the fewest windows the floor's requests fit in, each but the last a
         * full 5 minutes, plus the last window's requests at this run's no-limit pace; the
         * projection's own arithmetic with the fewest windows and the floor's requests.
         */
        double floorSeconds() {
            long windows = floor.windows();
            long inLast = floor.total() - (windows - 1) * Floor.PER_WINDOW;
            return (windows - 1) * (double) Bench.REAL_WINDOW.toSeconds() + wallSeconds * inLast / requests;
        }

        /** Projected time over the fixed-window floor's. */
        double timeRatio() {
            return projectedSeconds / floorSeconds();
        }
    }

    /** One membership edit in a converged account, over many edits. */
    record Edit(GroupModel model, String contender, int users, double requestsPerEdit, List<Double> millis,
                String note) {

        double median() {
            return percentile(millis, 0.5);
        }

        double p95() {
            return percentile(millis, 0.95);
        }
    }

    /** Requests with nothing changing, and one drift scan beside its floor. */
    record Quiet(GroupModel model, String contender, int users, long quietHourRequests, String quietHourBasis,
                 long driftScanRequests, Floor driftScanFloor, String driftScanNote) {
    }

    /**
     * {@code cfscim plan} in a child JVM on a converged account: the median of each phase its
     * {@code --timings} line gives ({@link CliTimings#PHASES}), the median wall time as the parent
     * saw it, the median of what the wall leaves for the JVM's boot and exit (each run's wall less
     * its phases after "start": the launcher before the JVM started, the JVM's boot and class loading,
     * and its exit), the median peak RSS (-1 where unknown), the requests each plan sent beside a
     * drift scan's floor, and the wall time of the {@code cfscim apply} that converged the account.
     */
    record Cli(GroupModel model, int users, int runs, Map<String, Double> phases, double wallSeconds,
               double bootAndExitSeconds, double peakRssMb, long planRequests, long scanFloor, double applySeconds) {

        Cli {
            phases = Map.copyOf(phases);
        }

        double phase(String name) {
            Double seconds = phases.get(name);
            if (seconds == null) {
                throw new IllegalArgumentException("no phase '" + name + "' in " + phases);
            }
            return seconds;
        }

        /** The goal: validating the declaration costs no more than parsing it (as printed, to the hundredth). */
        boolean validationWithinParsing() {
            return Math.round(phase("validate") * 100) <= Math.round(phase("parse") * 100);
        }
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
