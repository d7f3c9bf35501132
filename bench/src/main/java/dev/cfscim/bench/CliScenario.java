package dev.cfscim.bench;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.RateLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code cfscim plan} at size, as a pipeline runs it: N ScimUsers declared in YAML, the account
 * already converged (so the plan is "No changes." and every figure is the cost of looking), a
 * fresh JVM per run. {@code cfscim apply} converges the account first, from empty, in a child JVM
 * too; then {@code plan --timings --detailed-exitcode} runs {@link #RUNS} times, each required to
 * exit 0 (no changes) and to print its Timings line, and the medians are kept.
 */
final class CliScenario {

    /** Runs per size and model; the median of each phase is reported. */
    static final int RUNS = 3;
    /** No child may run longer: the 50,000-user apply takes about 20 s on a 2-core machine. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private CliScenario() {
    }

    static Results.Cli run(GroupModel model, int users, Bench.Config config, Progress progress) {
        Workload workload = Workload.generate(users, config.groups(), config.seed());
        Path dir = ChildJvm.workDir("cfscim-cli-bench-");
        try (CloudflareEmulator cf = CloudflareEmulator.builder().profile(model.profile())
                .account(OperatorScenario.ACCOUNT, OperatorScenario.TOKEN).rateLimit(RateLimit.OFF)
                .superAdmin(Bench.OWNER).build().start()) {
            Path declaration = dir.resolve("declaration");
            CliDeclaration.write(declaration, model, workload, OperatorScenario.ACCOUNT, cf.scimBaseUrl());
            Path token = tokenFile(dir);
            String[] files = {"-f", declaration.toString(), "--token-file", token.toString()};

            ChildJvm.Outcome apply = ChildJvm.cfscim(dir, "apply", TIMEOUT, concat(new String[] {"apply",
                "--auto-approve"}, files)).expectExit(0, "converging the account");
            Convergence.missing(cf.account(), model, workload, true).ifPresent(missing -> {
                throw apply.failure("cfscim apply did not converge the " + model.label() + " account: " + missing);
            });
            Floor scan = Floor.scan(model, Floor.Found.in(cf.account()));
            progress.say("%s, cfscim apply: %d users from empty in %.1f s", model.label(), users, apply.wallSeconds());

            List<CliTimings> timings = new ArrayList<>();
            List<Double> walls = new ArrayList<>();
            List<Double> bootAndExit = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            long requests = -1;
            for (int i = 1; i <= RUNS; i++) {
                long before = cf.requests().total();
                // --detailed-exitcode: exit 0 only when there is nothing to change, so each measured plan is checked.
                ChildJvm.Outcome plan = ChildJvm.cfscim(dir, "plan-" + i, TIMEOUT, concat(new String[] {"plan"}, files,
                        new String[] {"--timings", "--detailed-exitcode"})).expectExit(0, "a plan of the converged "
                        + "account (0: no changes)");
                long sent = cf.requests().total() - before;
                if (!plan.out().contains("No changes.")) {
                    throw plan.failure("the plan of the converged account does not say 'No changes.'");
                }
                if (requests >= 0 && sent != requests) {
                    throw plan.failure("plan " + i + " sent " + sent + " requests, the one before " + requests);
                }
                requests = sent;
                CliTimings t = CliTimings.parse(plan.err());
                timings.add(t);
                walls.add(plan.wallSeconds());
                bootAndExit.add(plan.wallSeconds() - (t.of("total") - t.of("start")));
                if (plan.peakRssKb() > 0) {
                    rss.add(plan.peakRssKb() / 1024.0);
                }
                progress.say("%s, cfscim plan %d/%d, %d users: %s; wall %.2f s, peak RSS %s, %d requests",
                        model.label(), i, RUNS, users, t, plan.wallSeconds(), plan.peakRssKb() > 0
                                ? String.format("%.0f MB", plan.peakRssKb() / 1024.0) : "unknown", sent);
            }
            Map<String, Double> medians = new LinkedHashMap<>();
            for (String phase : CliTimings.PHASES) {
                medians.put(phase, Results.percentile(timings.stream().map(t -> t.of(phase)).toList(), 0.5));
            }
            Results.Cli result = new Results.Cli(model, users, RUNS, medians, Results.percentile(walls, 0.5),
                    Results.percentile(bootAndExit, 0.5), rss.size() == RUNS ? Results.percentile(rss, 0.5) : -1,
                    requests, scan.total(), apply.wallSeconds());
            ChildJvm.delete(dir);
            return result;
        }
        // On a failure the folder stays, with each run's output, and the error names the run.
    }

    /** The emulator's token, readable by this user alone, as a token file should be. */
    private static Path tokenFile(Path dir) {
        Path token = dir.resolve("token");
        try {
            Files.writeString(token, OperatorScenario.TOKEN + "\n");
            try {
                Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the emulator's token is no secret anyway.
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] concat(String[]... parts) {
        return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
    }

}
