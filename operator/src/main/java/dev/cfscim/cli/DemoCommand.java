package dev.cfscim.cli;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.Problem;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.ResourceValidator;
import dev.cfscim.controller.OperatorRuntime;
import dev.cfscim.controller.ReconcilerSettings;
import dev.cfscim.emulator.CloudflareEmulator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cfscim demo}: the whole product on one machine, with nothing to install. A Cloudflare
 * emulator, an in-process Kubernetes API, the examples applied, the operator running, and a
 * member's lifecycle walked step by step ({@link DemoScript}), each step checked
 * ({@link DemoChecks}) against both the resources' status and the account itself, then shown
 * ({@link DemoTables}). This class sets the stage and runs the steps; it stops at the first step
 * that does not show what it should, because every step builds on the state the previous one left.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the operator end to end on this machine: a Cloudflare emulator, an in-process "
                + "Kubernetes API, the examples applied, and the lifecycle of a member step by step.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Every step showed what it should.", "1:A step did not, or an error."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "MODEL", converter = DemoModel.Converter.class,
            completionCandidates = DemoModel.Labels.class, defaultValue = "user-groups",
            description = "user-groups (default: today's Cloudflare, examples/ on the emulator's user-groups profile) or "
                    + "virtual-groups (the model Cloudflare ended on 2 December 2025, examples/virtual-groups/, and the "
                    + "migration to user groups, on the transition profile).")
    DemoModel model;

    @Option(names = "--examples", paramLabel = "PATH",
            description = "The folder of examples to apply (default: examples/ or examples/virtual-groups/ by --model, "
                    + "from the repository's root).")
    Path examples;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private DemoLogging logging;

    @Override
    public Integer call() throws InterruptedException {
        out = spec.commandLine().getOut();
        if (examples == null) {
            examples = Invocation.of(spec).workingDirectory().resolve(model.examples());
        }
        long started = System.nanoTime();
        logging = DemoLogging.quiet();
        try {
            return walk(started);
        } finally {
            logging.restore();
        }
    }

    private int walk(long started) throws InterruptedException {
        ResourceSet declared = load();
        ScimApp app = declared.apps().get(0);
        String namespace = ResourceSet.namespaceOf(app);
        String accountId = app.getSpec().getAccountId();

        try (CloudflareEmulator cf = CloudflareEmulator.builder().account(accountId, DemoScript.TOKEN)
                     .superAdmin(DemoScript.OWNER).profile(model.profile()).build().start();
             EmbeddedCluster cluster = EmbeddedCluster.start();
             OperatorRuntime operator = OperatorRuntime.start(cluster.client(), OperatorRuntime.Options.defaults()
                     .with(o -> {
                         o.serverSideApply = false;
                         o.httpPort = -1;
                         o.settings = ReconcilerSettings.loopback();
                     }))) {
            DemoScene scene = new DemoScene(cluster.client(), namespace, app.getMetadata().getName(), cf.account(accountId));
            DemoTables tables = new DemoTables(scene);
            // A line of its own first: whatever a build left on the terminal's line (Maven's colour
            // resets, written without a line end) must not run into the demo's own first line.
            out.println();
            out.println("cfscim demo: the lifecycle of a Cloudflare account member, declared as custom resources ("
                    + model.label() + " model, " + examples + ")");
            out.println("  Cloudflare   emulator at " + cf.baseUrl() + " (" + model.profile().label() + " profile), account "
                    + accountId + ", Super Administrator " + DemoScript.OWNER + " (made outside SCIM, as the token's "
                    + "creator is)");
            out.println("  Kubernetes   in-process API server at " + cluster.url() + " (fabric8 mock), "
                    + EmbeddedCluster.CRDS.size() + " CRDs installed");
            out.println("  operator     running, watching all namespaces (retries and rechecks shortened for the demo)");
            out.printf(Locale.ROOT, "  ready in %.1f s%n", seconds(started));
            out.flush();

            List<DemoStep> steps = new DemoScript(model, declared, examples, scene,
                    new DemoHandEdits(cf, DemoScript.TOKEN)).steps(cf.scimBaseUrl());
            int exit = run(steps, tables, started);
            logging.quieterForShutdown();
            return exit;
        }
    }

    /** Runs the steps in order, stopping at the first that does not show what it should; 0 when all did. */
    private int run(List<DemoStep> steps, DemoTables tables, long started) throws InterruptedException {
        int passed = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (!run(i + 1, steps.size(), steps.get(i), tables)) {
                out.printf(Locale.ROOT, "%nDemo failed: %d of %d steps as expected, stopped at step %d "
                        + "(the later steps build on it) in %.1f s%n", passed, steps.size(), i + 1, seconds(started));
                out.flush();
                return 1;
            }
            passed++;
        }
        out.printf(Locale.ROOT, "%nDemo complete: %d of %d steps as expected in %.1f s%n", passed, steps.size(),
                seconds(started));
        if (model == DemoModel.USER_GROUPS) {
            out.println("The model Cloudflare ended on 2 December 2025, and the migration from it: cfscim demo "
                    + "--model virtual-groups");
        }
        out.flush();
        return 0;
    }

    /** The examples, read and validated as plan does, in the model asked for, and holding what the walk acts on. */
    private ResourceSet load() {
        if (!Files.isDirectory(examples)) {
            throw new UserError("no examples folder at " + examples.toAbsolutePath().normalize()
                    + ": run the demo from the repository's root, or pass --examples PATH");
        }
        LoadResult loaded = new ResourceLoader().load(examples);
        ResourceSet declared = loaded.resources();
        var problems = loaded.problems().plus(ResourceValidator.standard().validate(declared));
        if (problems.hasErrors()) {
            throw new UserError(problems.errors().size() + " error(s) in " + examples + ":\n"
                    + problems.errors().stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        if (declared.apps().size() != 1) {
            throw new UserError(examples + " declares " + declared.apps().size() + " ScimApps: the demo needs exactly one");
        }
        ScimApp app = declared.apps().get(0);
        if (app.getSpec().getGroupMode() != model.groupMode()) {
            throw new UserError(examples + " declares groupMode " + app.getSpec().getGroupMode() + ", and the "
                    + model.label() + " model walks " + model.groupMode() + ": pass --examples " + model.examples()
                    + ", or --model " + (model == DemoModel.USER_GROUPS ? DemoModel.VIRTUAL_GROUPS : DemoModel.USER_GROUPS)
                    .label());
        }
        String ns = ResourceSet.namespaceOf(app);
        List<String> missing = new ArrayList<>();
        for (String user : List.of(DemoScript.KEPT_USER, DemoScript.LEAVING_USER)) {
            if (declared.user(ns, user).isEmpty()) {
                missing.add("ScimUser " + user);
            }
        }
        for (String group : List.of(DemoScript.ROLE_GROUP, DemoScript.POLICY_GROUP)) {
            if (declared.group(ns, group).isEmpty()) {
                missing.add("ScimGroup " + group);
            }
        }
        if (!missing.isEmpty()) {
            throw new UserError("the demo walks through the examples as shipped, and " + examples + " has no "
                    + String.join(", no ", missing));
        }
        return declared;
    }

    /** Runs one step: its commands, its action, its check (polled), the tables, what it must show, and ✓ or ✗. */
    private boolean run(int number, int total, DemoStep step, DemoTables tables) throws InterruptedException {
        out.printf("%nStep %d of %d. %s%n", number, total, step.title());
        step.commands().forEach(command -> out.println(command.startsWith("(") ? "  " + command : "  $ " + command));
        out.flush();
        long started = System.nanoTime();
        String mismatch;
        try {
            step.action().run();
            mismatch = DemoChecks.await(step.mismatch());
        } catch (RuntimeException e) {
            mismatch = "the step could not be carried out: " + e.getMessage();
        }
        tables.show(out);
        if (mismatch == null) {
            List<String> notes = step.notes().get();
            if (!notes.isEmpty()) {
                out.println();
                notes.forEach(note -> out.println("  " + note));
            }
            out.printf(Locale.ROOT, "  ✓ %s (%.1f s)%n", step.expected(), seconds(started));
        } else {
            out.printf(Locale.ROOT, "  ✗ expected %s; but after %.0f s %s%n", step.expected(), seconds(started),
                    mismatch);
        }
        out.flush();
        return mismatch == null;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
