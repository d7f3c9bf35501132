package dev.cfscim.bench;

import java.util.ArrayList;
import java.util.List;

/** Every figure of one run, as the report and the chart need them. */
record Results(Bench.Config config, Machine machine, List<Provisioning> provisioning, List<Edit> edits,
               List<Quiet> quiet, OperatorScenario.Result operator, double runSeconds) {

    /** One contender provisioning one workload size. */
    record Provisioning(String contender, int users, int groups, long memberships, long requests, String routes,
                        long floor, double wallSeconds, double limitedSeconds, double projectedSeconds,
                        long rateLimited) {

        double ratio() {
            return requests / (double) floor;
        }
    }

    /** One membership edit in a converged account, over many edits. */
    record Edit(String contender, int users, double requestsPerEdit, List<Double> millis, String note) {

        double median() {
            return percentile(millis, 0.5);
        }

        double p95() {
            return percentile(millis, 0.95);
        }
    }

    /** Requests with nothing changing, and one drift scan. */
    record Quiet(String contender, int users, long quietHourRequests, String quietHourBasis, long driftScanRequests,
                 String driftScanNote) {
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
