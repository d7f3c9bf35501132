package dev.cfscim.bench;

import ch.qos.logback.classic.Level;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
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
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The benchmark harness: our engine and operator beside an Okta-pattern and an Entra-pattern
 * client, all against the same emulator. Writes {@code results.md} and {@code results.png} to the
 * output folder, then checks that what it wrote is well-formed (exit 1 when not).
 *
 * <pre>
 * java -jar bench/target/cfscim-bench.jar --full  --out bench      # the committed figures
 * java -jar bench/target/cfscim-bench.jar --quick --out /tmp/x     # small sizes, as CI runs it
 * </pre>
 */
public final class Bench {

    static final String OWNER = "owner@example.com";
    /** Cloudflare's real window, to which compressed times are projected. */
    static final Duration REAL_WINDOW = Duration.ofMinutes(5);

    /** Sizes and the compressed window of one run. */
    record Config(String mode, List<Integer> sizes, int groups, int edits, int operatorUsers, Duration window,
                  long seed) {

        static Config quick() {
            return new Config("quick", List.of(200), 5, 10, 500, Duration.ofSeconds(1), 7);
        }

        static Config full() {
            return new Config("full", List.of(1000, 10000), 20, 100, 10000, Duration.ofSeconds(3), 7);
        }

        int editUsers() {
            return sizes.get(sizes.size() - 1);
        }

        /** How much faster than Cloudflare's the emulator's window runs. */
        double compression() {
            return REAL_WINDOW.toNanos() / (double) window.toNanos();
        }
    }

    public static void main(String[] args) throws IOException {
        Config config = null;
        Path out = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> config = Config.quick();
                case "--full" -> config = Config.full();
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: Bench (--quick | --full) [--out DIR]");
                    System.exit(64);
                }
            }
        }
        if (config == null) {
            System.err.println("usage: Bench (--quick | --full) [--out DIR]");
            System.exit(64);
        }
        // The operator logs every change at info; thousands of lines would drown the progress.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        // fabric8's mock server logs every request through java.util.logging.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Files.createDirectories(out);
        Results results = run(config, new Progress());
        Path md = out.resolve("results.md");
        Path png = out.resolve("results.png");
        Files.writeString(md, Report.markdown(results));
        Chart.write(results, png);
        List<String> problems = Report.check(md, png, config);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("results not well-formed: " + p));
            System.exit(1);
        }
        System.err.printf("wrote %s and %s in %.0f s%n", md, png, results.runSeconds());
        System.exit(0);
    }

    static Results run(Config config, Progress progress) {
        long start = System.nanoTime();
        Machine machine = Machine.describe();
        List<Results.Provisioning> provisioning = new ArrayList<>();
        List<Results.Edit> edits = new ArrayList<>();
        List<Results.Quiet> quiet = new ArrayList<>();
        for (int users : config.sizes()) {
            Workload workload = Workload.generate(users, config.groups(), config.seed());
            boolean editHere = users == config.editUsers();
            for (Kind kind : Kind.values()) {
                provisioning.add(provision(kind, workload, config, editHere, edits, quiet, progress));
            }
        }
        Workload operatorWorkload = Workload.generate(config.operatorUsers(), config.groups(), config.seed());
        OperatorScenario.Result operator = OperatorScenario.run(operatorWorkload, config.edits(), config.seed() + 1,
                progress);
        edits.add(new Results.Edit("cfscim operator", operator.users(), operator.requestsPerEdit(),
                operator.editMillis(), "kubectl-style edit of a ScimGroup to the PATCH recorded by the emulator: "
                + "CRUD mock, informer, reconcile (desired state of all users, plan), one PATCH"));
        progress.say("operator: edit median %.1f ms p95 %.1f ms; heap %.0f -> %.0f MB, RSS %.0f -> %.0f MB",
                Results.percentile(operator.editMillis(), 0.5), Results.percentile(operator.editMillis(), 0.95),
                operator.heapBeforeMb(), operator.heapAfterMb(), operator.rssBeforeMb(), operator.rssAfterMb());
        return new Results(config, machine, provisioning, edits, quiet, operator, (System.nanoTime() - start) / 1e9);
    }

    /** The three contenders; each gets fresh emulators, so none finds another's users. */
    enum Kind {
        ENGINE, OKTA, ENTRA;

        Contender create(CloudflareEmulator cf, TokenBudget.Limit limit) {
            return switch (this) {
                case ENGINE -> new EngineContender(cf.scimBaseUrl(), cf.token(), cf.accountId(), limit);
                case OKTA -> new OktaPattern(cf.scimBaseUrl(), cf.token(), cf.accountId());
                case ENTRA -> new EntraPattern(cf.scimBaseUrl(), cf.token(), cf.accountId());
            };
        }
    }

    private static Results.Provisioning provision(Kind kind, Workload workload, Config config, boolean editHere,
                                                  List<Results.Edit> edits, List<Results.Quiet> quiet,
                                                  Progress progress) {
        int users = workload.users().size();
        long floor = users + workload.memberPatchFloor() + Workload.scanFloor(1);
        // 1. No rate limit: the requests the pattern needs, and its wall time on this machine.
        long requests;
        String routes;
        double wall;
        String name;
        try (CloudflareEmulator cf = emulator(RateLimit.OFF)) {
            Contender contender = kind.create(cf, EngineContender.unlimited());
            name = contender.name();
            long t0 = System.nanoTime();
            contender.provision(workload);
            wall = (System.nanoTime() - t0) / 1e9;
            RequestCounts counts = cf.requests();
            verifyConverged(cf, workload, name);
            requests = counts.total();
            routes = routes(counts);
            if (contender.sent() != requests) {
                throw new IllegalStateException(name + " counted " + contender.sent() + " requests, the emulator "
                        + requests);
            }
            progress.say("%s: %d users provisioned with %d requests (floor %d) in %.2f s", name, users, requests, floor,
                    wall);
            if (editHere) {
                edits.add(edit(kind, contender, cf, workload, config, progress));
                quiet.add(quiet(kind, contender, cf, workload, progress));
            }
        }
        // 2. Under Cloudflare's limit, compressed in time; our budget is compressed the same way.
        RateLimit limit = RateLimit.of(1200, config.window());
        try (CloudflareEmulator cf = emulator(limit)) {
            Contender contender = kind.create(cf, new TokenBudget.Limit(1200, config.window(),
                    TokenBudget.Limit.CLOUDFLARE.headroom()));
            long t0 = System.nanoTime();
            contender.provision(workload);
            double limited = (System.nanoTime() - t0) / 1e9;
            verifyConverged(cf, workload, name);
            RequestCounts counts = cf.requests();
            double projected = project(kind, counts, cf.rateLimitWindows(), wall);
            progress.say("%s: %d users under %s: %.1f s (projected %.1f min at 1200/5m), %d requests, %d 429s", name,
                    users, limit, limited, projected / 60, counts.total(), counts.status(429));
            return new Results.Provisioning(name, users, workload.members().size(), workload.memberships(), requests,
                    routes, floor, wall, limited, projected, counts.status(429));
        }
    }

    /**
     * Time at Cloudflare's real limit. Multiplying the compressed time by the compression would
     * scale the work too (a run that fits one window would take minutes) and, for the baselines,
     * Retry-After's whole seconds, which are coarse against a 3 s window. So: the windows the
     * compressed run used (a baseline waits once per window, after its 429; our budget's, as the
     * emulator counted them), each but the last a full 5 minutes, plus the last window's share of
     * the work at the unlimited pace.
     */
    static double project(Kind kind, RequestCounts limited, long windowsOpened, double wallNoLimit) {
        long requests = limited.total();
        long perWindow = 1200;
        long windows = kind == Kind.ENGINE ? Math.max(1, windowsOpened) : limited.status(429) + 1;
        long inLast = Math.max(0, requests - (windows - 1) * perWindow);
        return (windows - 1) * (double) REAL_WINDOW.toSeconds() + wallNoLimit * inLast / Math.max(1, requests);
    }

    private static Results.Edit edit(Kind kind, Contender contender, CloudflareEmulator cf, Workload workload,
                                     Config config, Progress progress) {
        Random random = new Random(config.seed() + 1);
        List<String> roles = workload.roles();
        List<Double> millis = new ArrayList<>();
        long before = cf.requests().total();
        for (int i = 0; i < config.edits(); i += 2) {
            String role = roles.get(random.nextInt(roles.size()));
            String userName = OperatorScenario.outsider(workload, role, random);
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
        progress.say("%s: %d edits, %.2f requests each, median %.2f ms, p95 %.2f ms", contender.name(), config.edits(),
                perEdit, Results.percentile(millis, 0.5), Results.percentile(millis, 0.95));
        return new Results.Edit(contender.name(), workload.users().size(), perEdit, millis, note);
    }

    private static Results.Quiet quiet(Kind kind, Contender contender, CloudflareEmulator cf, Workload workload,
                                       Progress progress) {
        verifyConverged(cf, workload, contender.name());
        long before = cf.requests().total();
        contender.driftScan(workload);
        long scan = cf.requests().total() - before;
        Results.Quiet result = switch (kind) {
            case ENGINE -> new Results.Quiet(contender.name(), workload.users().size(), 6 * scan,
                    "measured: one scan per resyncInterval (10m) = 6 scans/hour; nothing sent between scans", scan,
                    "full scan (users paged at 100, one group list) and an empty plan; finds and corrects drift");
            case OKTA -> new Results.Quiet(contender.name(), workload.users().size(), 0,
                    "documented: Okta pushes on events only; it does not poll the app", scan,
                    "Okta never looks for drift in push mode; the nearest is an import (users and groups paged at 100), "
                            + "which finds users, not role drift to correct");
            case ENTRA -> new Results.Quiet(contender.name(), workload.users().size(), 0,
                    "documented: a cycle every 40 min (1.5/hour); an incremental cycle with no change sends nothing", scan,
                    "Entra reads the target only for objects it evaluates; the nearest is a restarted full cycle: "
                            + "one lookup per user and per group");
        };
        progress.say("%s: drift scan %d requests; quiet hour %d", contender.name(), scan, result.quietHourRequests());
        return result;
    }

    private static CloudflareEmulator emulator(RateLimit limit) {
        return CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(limit).superAdmin(OWNER).build().start();
    }

    /** Every contender must have done the whole job, or its figures mean nothing. */
    private static void verifyConverged(CloudflareEmulator cf, Workload workload, String name) {
        int members = cf.account().members().size();
        if (members != workload.users().size() + 1 || !OperatorScenario.rolesConverged(cf, workload)) {
            throw new IllegalStateException(name + " did not converge: " + members + " members for "
                    + workload.users().size() + " users");
        }
    }

    private static String routes(RequestCounts counts) {
        Map<String, Long> sorted = new TreeMap<>(counts.routes());
        return sorted.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    static <T> List<T> of(List<T> all, Function<T, Boolean> keep) {
        return all.stream().filter(keep::apply).toList();
    }
}
