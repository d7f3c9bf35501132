package dev.cfscim.bench;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.RequestCounts;
import dev.cfscim.scim.TokenBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark harness: our engine and operator beside an Okta-pattern and an Entra-pattern
 * client, all against the same emulator. Writes {@code results.md} and {@code results.png} to the
 * output folder, then checks that what it wrote is well-formed (exit 1 when not).
 *
 * <pre>
 * java -jar bench/target/cfscim-bench.jar --full  --out bench      # the committed figures
 * java -jar bench/target/cfscim-bench.jar --quick --out /tmp/x     # small sizes, as CI runs it
 * java -jar bench/target/cfscim-bench.jar --full --cli-only --out /tmp/x  # cfscim plan at size alone
 * </pre>
 */
public final class Bench {

    static final String OWNER = "owner@example.com";
    /** Cloudflare's real window, to which compressed times are projected. */
    static final Duration REAL_WINDOW = Duration.ofMinutes(5);

    /**
     * Sizes and the compressed window of one run; {@code operatorSizes}: the ScimUsers of the
     * operator's scenario ({@link OperatorScenario}); {@code cliSizes}: the declared users of
     * {@code cfscim plan} at size ({@link CliScenario}).
     */
    record Config(String mode, List<Integer> sizes, int groups, int edits, List<Integer> operatorSizes,
                  Duration window, long seed, List<Integer> cliSizes) {

        static Config quick() {
            return new Config("quick", List.of(200), 5, 10, List.of(500), Duration.ofSeconds(1), 7, List.of(200));
        }

        static Config full() {
            return new Config("full", List.of(1000, 10000), 20, 100, List.of(1000, 10000, 50000),
                    Duration.ofSeconds(3), 7, List.of(1000, 10000, 50000));
        }

        int editUsers() {
            return sizes.get(sizes.size() - 1);
        }

        /** How much faster than Cloudflare's the emulator's window runs. */
        double compression() {
            return REAL_WINDOW.toNanos() / (double) window.toNanos();
        }
    }

    private static final String USAGE = "usage: Bench (--quick | --full) [--cli-only] [--operator-sizes N,N,...] [--out DIR]";

    public static void main(String[] args) throws IOException {
        Config config = null;
        Path out = Path.of(".");
        boolean cliOnly = false;
        List<Integer> operatorSizes = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> config = Config.quick();
                case "--full" -> config = Config.full();
                case "--cli-only" -> cliOnly = true;
                case "--operator-sizes" -> operatorSizes = java.util.Arrays.stream(args[++i].split(","))
                        .map(String::trim).map(Integer::valueOf).toList();
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println(USAGE);
                    System.exit(64);
                }
            }
        }
        if (config == null) {
            System.err.println(USAGE);
            System.exit(64);
        }
        if (operatorSizes != null) {
            // The operator's scenario at 50,000 ScimUsers takes minutes per model: a run may take fewer
            // sizes, and its report says which.
            config = new Config(config.mode(), config.sizes(), config.groups(), config.edits(), operatorSizes,
                    config.window(), config.seed(), config.cliSizes());
        }
        Progress.quietLogs();
        Files.createDirectories(out);
        if (cliOnly) {
            cliOnly(config, out);
        }
        Results results = run(config, new Progress());
        Path md = out.resolve("results.md");
        Path png = out.resolve("results.png");
        Files.writeString(md, Report.markdown(results));
        Chart.write(results, png);
        List<String> problems = ResultsCheck.check(md, png, config);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("results not well-formed: " + p));
            System.exit(1);
        }
        System.err.printf("wrote %s and %s in %.0f s%n", md, png, results.runSeconds());
        System.exit(0);
    }

    static Results run(Config config, Progress progress) {
        long start = System.nanoTime();
        double loadAtStart = Machine.loadAverage();
        Machine machine = Machine.describe();
        List<Results.Provisioning> provisioning = new ArrayList<>();
        List<Results.Edit> edits = new ArrayList<>();
        List<Results.Quiet> quiet = new ArrayList<>();
        List<OperatorScenario.Result> operators = new ArrayList<>();
        List<OperatorFootprint.Result> footprints = new ArrayList<>();
        // Today's model first: every figure of the report leads with it.
        for (GroupModel model : GroupModel.values()) {
            for (int users : config.sizes()) {
                Workload workload = Workload.generate(users, config.groups(), config.seed());
                boolean editHere = users == config.editUsers();
                for (Kind kind : Kind.values()) {
                    provisioning.add(provision(model, kind, workload, config, editHere, edits, quiet, progress));
                }
            }
            for (int users : config.operatorSizes()) {
                Workload operatorWorkload = Workload.generate(users, config.groups(), config.seed());
                OperatorScenario.Result operator = OperatorScenario.run(model, operatorWorkload, config.edits(),
                        config.seed() + 1, progress);
                operators.add(operator);
                edits.add(new Results.Edit(model, Report.OPERATOR, operator.users(), operator.requestsPerEdit(),
                        operator.editMillis(), "kubectl-style edit of a ScimGroup to the PATCH recorded by the "
                        + "emulator, back to back: CRUD mock, informer, reconcile (the desired state's changed parts, "
                        + "the plan over the users it touches), one PATCH; after "
                        + Math.min(config.edits(), OperatorScenario.WARM_UP)
                        + " unmeasured edits"));
                progress.say("%s operator: edit median %.1f ms p95 %.1f ms; heap %.0f -> %.0f MB, RSS %.0f -> %.0f MB",
                        model.label(), Results.percentile(operator.editMillis(), 0.5),
                        Results.percentile(operator.editMillis(), 0.95), operator.heapBeforeMb(),
                        operator.heapAfterMb(), operator.rssBeforeMb(), operator.rssAfterMb());
                footprints.add(OperatorFootprint.run(model, operatorWorkload, config.edits(), config.seed() + 2,
                        progress));
            }
        }
        List<Results.Cli> cli = cli(config, progress);
        return new Results(config, machine, provisioning, edits, quiet, operators, footprints, cli,
                (System.nanoTime() - start) / 1e9, loadAtStart, Machine.loadAverage());
    }

    /** cfscim plan at each of the config's CLI sizes, today's model first. */
    private static List<Results.Cli> cli(Config config, Progress progress) {
        List<Results.Cli> cli = new ArrayList<>();
        for (GroupModel model : GroupModel.values()) {
            for (int users : config.cliSizes()) {
                cli.add(CliScenario.run(model, users, config, progress));
            }
        }
        return cli;
    }

    /**
     * {@code --cli-only}: the command line at size alone (the full sizes take minutes, the whole
     * bench far longer), into {@code results-cli.md}, checked as results.md's section is; exits.
     */
    private static void cliOnly(Config config, Path out) throws IOException {
        long start = System.nanoTime();
        double loadAtStart = Machine.loadAverage();
        Machine machine = Machine.describe();
        List<Results.Cli> cli = cli(config, new Progress());
        Results results = new Results(config, machine, List.of(), List.of(), List.of(), List.of(), List.of(), cli,
                (System.nanoTime() - start) / 1e9, loadAtStart, Machine.loadAverage());
        StringBuilder md = new StringBuilder(String.format(java.util.Locale.ROOT, "# cfscim plan at size%n%n"
                + "Mode `%s`, `--cli-only`, in %.0f s. Machine: %d cores, %s, %s, %s; 1-minute load average %.2f at "
                + "the start, %.2f at the end.%n%n", config.mode(), results.runSeconds(), machine.cores(),
                machine.memory(), machine.jdk(), machine.os(), loadAtStart, results.loadAtEnd()));
        CliSection.append(md, results);
        Path file = out.resolve("results-cli.md");
        Files.writeString(file, md);
        List<String> problems = ResultsCheck.checkCliText(md.toString(), config);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("results not well-formed: " + p));
            System.exit(1);
        }
        System.err.printf("wrote %s in %.0f s%n", file, results.runSeconds());
        System.exit(0);
    }

    /** The three contenders; each gets fresh emulators, so none finds another's users. */
    enum Kind {
        ENGINE, OKTA, ENTRA;

        Contender create(GroupModel model, CloudflareEmulator cf, TokenBudget.Limit limit) {
            return switch (this) {
                case ENGINE -> new EngineContender(model, cf.scimBaseUrl(), cf.token(), cf.accountId(), limit);
                case OKTA -> new OktaPattern(model, cf.scimBaseUrl(), cf.token(), cf.accountId());
                case ENTRA -> new EntraPattern(model, cf.scimBaseUrl(), cf.token(), cf.accountId());
            };
        }

        /** Whether this contender writes the pushed groups' policies: ours does, an IdP never. */
        boolean writesPolicies() {
            return this == ENGINE;
        }
    }

    private static Results.Provisioning provision(GroupModel model, Kind kind, Workload workload, Config config,
                                                  boolean editHere, List<Results.Edit> edits,
                                                  List<Results.Quiet> quiet, Progress progress) {
        int users = workload.users().size();
        // 1. No rate limit: the requests the pattern needs, and its wall time on this machine.
        long requests;
        Map<String, Long> routes;
        Floor floor;
        double wall;
        String name;
        try (CloudflareEmulator cf = emulator(model, RateLimit.OFF)) {
            floor = Floor.provisioning(model, workload, Floor.Found.in(cf.account()));
            Contender contender = kind.create(model, cf, EngineContender.unlimited());
            name = contender.name();
            long t0 = System.nanoTime();
            contender.provision(workload);
            wall = (System.nanoTime() - t0) / 1e9;
            RequestCounts counts = cf.requests();
            verifyConverged(cf, model, workload, kind, name);
            requests = counts.total();
            routes = counts.routes();
            if (contender.sent() != requests) {
                throw new IllegalStateException(name + " counted " + contender.sent() + " requests, the emulator "
                        + requests);
            }
            progress.say("%s, %s: %d users provisioned with %d requests (floor %d) in %.2f s", model.label(), name,
                    users, requests, floor.total(), wall);
            if (editHere) {
                edits.add(edit(model, kind, contender, cf, workload, config, progress));
                quiet.add(quiet(model, kind, contender, cf, workload, progress));
            }
        }
        // 2. Under Cloudflare's limit, compressed in time; our budget is compressed the same way.
        RateLimit limit = RateLimit.of(Floor.PER_WINDOW, config.window());
        try (CloudflareEmulator cf = emulator(model, limit)) {
            Contender contender = kind.create(model, cf, new TokenBudget.Limit(Floor.PER_WINDOW, config.window(),
                    TokenBudget.Limit.CLOUDFLARE.headroom()));
            long t0 = System.nanoTime();
            contender.provision(workload);
            double limited = (System.nanoTime() - t0) / 1e9;
            verifyConverged(cf, model, workload, kind, name);
            RequestCounts counts = cf.requests();
            // A baseline waits once per window, after its 429; ours as the emulator counted them.
            long windows = kind == Kind.ENGINE ? Math.max(1, cf.rateLimitWindows()) : counts.status(429) + 1;
            double projected = project(counts.total(), windows, wall);
            progress.say("%s, %s: %d users under %s: %.1f s (projected %.1f min at 1200/5m, %d windows), %d requests, "
                    + "%d 429s", model.label(), name, users, limit, limited, projected / 60, windows, counts.total(),
                    counts.status(429));
            long byHand = kind.writesPolicies() || model != GroupModel.USER_GROUPS ? 0 : workload.members().size();
            return new Results.Provisioning(model, name, users, workload.members().size(), workload.memberships(),
                    requests, routes, floor, wall, limited, windows, projected, counts.status(429), byHand);
        }
    }

    /**
     * Time at Cloudflare's real limit. Multiplying the compressed time by the compression would
     * scale the work too (a run that fits one window would take minutes) and, for the baselines,
     * Retry-After's whole seconds, which are coarse against a 3 s window. So: the windows the
     * compressed run used, each but the last a full 5 minutes, plus the last window's share of the
     * work at the unlimited pace.
     */
    static double project(long requests, long windows, double wallNoLimit) {
        long inLast = Math.max(0, requests - (windows - 1) * Floor.PER_WINDOW);
        return (windows - 1) * (double) REAL_WINDOW.toSeconds() + wallNoLimit * inLast / Math.max(1, requests);
    }

    private static Results.Edit edit(GroupModel model, Kind kind, Contender contender, CloudflareEmulator cf,
                                     Workload workload, Config config, Progress progress) {
        Random random = new Random(config.seed() + 1);
        List<String> roles = workload.roles();
        List<Double> millis = new ArrayList<>();
        long before = cf.requests().total();
        for (int i = 0; i < config.edits(); i += 2) {
            String role = roles.get(random.nextInt(roles.size()));
            String userName = OperatorEdits.outsider(workload, role, random);
            for (boolean add : i + 1 < config.edits() ? new boolean[] {true, false} : new boolean[] {true}) {
                long t0 = System.nanoTime();
                contender.edit(workload, role, userName, add);
                // Each contender returns once its PATCH is answered: the emulator has applied it.
                millis.add((System.nanoTime() - t0) / 1e6);
            }
        }
        double perEdit = (cf.requests().total() - before) / (double) config.edits();
        String note = switch (kind) {
            case ENGINE -> "plan over the whole declared state, then one PATCH (remote state kept from its own writes)";
            case OKTA -> "one PATCH as Okta pushes a membership change; Okta's own queueing delay is not modelled";
            case ENTRA -> "one PATCH, sent only at Entra's next cycle: up to 40 min later (documented), not simulated";
        };
        progress.say("%s, %s: %d edits, %.2f requests each, median %.2f ms, p95 %.2f ms", model.label(),
                contender.name(), config.edits(), perEdit, Results.percentile(millis, 0.5),
                Results.percentile(millis, 0.95));
        return new Results.Edit(model, contender.name(), workload.users().size(), perEdit, millis, note);
    }

    private static Results.Quiet quiet(GroupModel model, Kind kind, Contender contender, CloudflareEmulator cf,
                                       Workload workload, Progress progress) {
        verifyConverged(cf, model, workload, kind, contender.name());
        Floor floor = Floor.scan(model, Floor.Found.in(cf.account()));
        long before = cf.requests().total();
        contender.driftScan(workload);
        long scan = cf.requests().total() - before;
        int users = workload.users().size();
        String lists = model == GroupModel.USER_GROUPS
                ? "users and groups paged at 100, the user groups and permission groups at 50" : "users paged at 100, "
                + "the group list";
        Results.Quiet result = switch (kind) {
            case ENGINE -> new Results.Quiet(model, contender.name(), users, 6 * scan,
                    "measured: one scan per resyncInterval (10m) = 6 scans/hour; nothing sent between scans", scan,
                    floor, "full scan (" + lists + ") and an empty plan; a member the last state knew and the listing "
                    + "lacks would be read by id (none: the listing was whole); finds and corrects drift");
            case OKTA -> new Results.Quiet(model, contender.name(), users, 0,
                    "documented: Okta pushes on events only; it does not poll the app", scan, floor,
                    "Okta never looks for drift in push mode; the nearest is an import (users and groups paged at 100), "
                            + "which finds users, not role drift to correct");
            case ENTRA -> new Results.Quiet(model, contender.name(), users, 0,
                    "documented: a cycle every 40 min (1.5/hour); an incremental cycle with no change sends nothing",
                    scan, floor, "Entra reads the target only for objects it evaluates; the nearest is a restarted full "
                            + "cycle: one lookup per user and per group");
        };
        progress.say("%s, %s: drift scan %d requests (floor %d); quiet hour %d", model.label(), contender.name(), scan,
                floor.total(), result.quietHourRequests());
        return result;
    }

    private static CloudflareEmulator emulator(GroupModel model, RateLimit limit) {
        return CloudflareEmulator.builder().profile(model.profile())
                .rateLimit(limit).superAdmin(OWNER).build().start();
    }

    /** Every contender must have done the whole job, or its figures mean nothing. */
    private static void verifyConverged(CloudflareEmulator cf, GroupModel model, Workload workload, Kind kind,
                                        String name) {
        Convergence.missing(cf.account(), model, workload, kind.writesPolicies()).ifPresent(missing -> {
            throw new IllegalStateException(name + " did not converge in the " + model.label() + " model: " + missing);
        });
    }

}
