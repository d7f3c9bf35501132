package dev.cfscim.cli;

import dev.cfscim.api.GroupMode;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.Problem;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.ResourceValidator;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.Owner;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.plan.PlanPolicy;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code plan} and {@code apply} share: the declaration read from files and validated, the
 * one ScimApp to work on, its token and endpoint, and an engine connected to Cloudflare.
 */
final class Workspace {

    /** The options both commands take, as a picocli mixin. */
    static final class Options {
        /** Options as doctor gives them: no {@code -n} (null: the loader's default) and no plan limits. */
        static Options of(DeclarationOptions declaration, ConnectionOptions connection) {
            Options options = new Options();
            options.declaration = declaration;
            options.connection = connection;
            return options;
        }

        @Mixin
        DeclarationOptions declaration = new DeclarationOptions();

        @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = ResourceKey.DEFAULT_NAMESPACE,
                description = "The namespace of resources that name none, as kubectl's -n (default: ${DEFAULT-VALUE}).")
        String namespace;

        @Mixin
        ConnectionOptions connection = new ConnectionOptions();

        @Option(names = "--allow-deprovisions", paramLabel = "N", description = "Let this one plan deprovision up to N members on top of deprovisionLimit.")
        Integer allowDeprovisions;

        @Option(names = "--allow-role-removals", paramLabel = "N", description = "Let this one plan remove up to N role memberships on top of roleRemovalLimit.")
        Integer allowRoleRemovals;

        @Option(names = "--timings", description = "Print on standard error where the run spent its time: start, parse, "
                + "validate, connect, desired (the state the files declare), scan, plan and the command's own work.")
        boolean timings;

        @Option(names = {"--no-color", "-no-color"}, description = "Plain text only, as terraform -no-color: cfscim "
                + "prints no colour, and with this no progress line either (its only terminal escape).")
        boolean noColor;

        @Option(names = "--migrate-to", paramLabel = "MODE",
                description = "Plan as if the ScimApp's groupMode were MODE (UserGroups: push user groups and policies, "
                        + "then take members out of the virtual role groups).")
        GroupMode migrateTo;
    }

    /**
     * {@code client} is the engine's connection, kept for its request count; {@code errors} are the
     * declaration's errors the plan holds around (printed when it was opened): the run goes on, and
     * fails (exit 1) when it is done. {@code times} counts the phases for {@code --timings}.
     */
    record Target(ScimApp app, ResourceSet resources, DesiredState desired, PlanPolicy policy, Engine engine,
                  CloudflareScimClient client, String endpoint, TokenSource token, List<Problem> errors,
                  PhaseTimes times) {
        String name() {
            return ResourceSet.namespaceOf(app) + "/" + app.getMetadata().getName();
        }

        /** Reads the account and plans; a plan the account cannot take at all is the user's error. */
        Planned plan() {
            RemoteState remote = engine.scan(desired.accountId(), desired.model());
            times.lap("scan");
            Plan plan = engine.plan(desired, remote, policy, null);
            times.lap("plan");
            plan.blockingProblem().ifPresent(p -> {
                throw new UserError(p.reason() + ": " + p.message());
            });
            return new Planned(remote, plan);
        }
    }

    /** The account as read, and the plan for it. */
    record Planned(RemoteState remote, Plan plan) {
    }

    private Workspace() {
    }

    /** Reads, validates and connects; a {@link UserError} says what to fix. */
    static Target open(Options options, Map<String, String> environment, PrintWriter err) {
        return open(options, environment, Invocation.process()::readStandardInput, err);
    }

    /** As {@link #open(Options, Map, PrintWriter)}, with {@code -f -} read from {@code standardInput}. */
    static Target open(Options options, Map<String, String> environment, Supplier<String> standardInput,
                       PrintWriter err) {
        return open(options, environment, standardInput, err, PhaseTimes.sinceJvmStart());
    }

    /** As {@link #open(Options, Map, Supplier, PrintWriter)}, counting its phases in {@code times}. */
    static Target open(Options options, Map<String, String> environment, Supplier<String> standardInput,
                       PrintWriter err, PhaseTimes times) {
        DeclarationOptions files = options.declaration;
        if (!files.givesFiles()) {
            throw new UserError("Missing required option '--filename=PATH': give -f PATH (a file, a folder, or - for standard input)");
        }
        for (Path path : files.paths) {
            if (!path.toString().equals(ResourceLoader.STANDARD_INPUT) && !Files.exists(path)) {
                throw new UserError("no such file or folder: " + path);
            }
        }
        LoadResult loaded = new ResourceLoader(options.namespace, files.recursive).load(files.paths, standardInput);
        times.lap("parse");
        ResourceSet resources = loaded.resources();
        if (options.migrateTo != null) {
            // Before validation, so that the declaration is checked in the mode it will run in
            // (user-group names Cloudflare refuses, say).
            resources.apps().stream()
                    .filter(a -> a.getSpec() != null && (files.app == null || isNamed(a, files.app)))
                    .forEach(a -> a.getSpec().setGroupMode(options.migrateTo));
        }
        var problems = loaded.problems().plus(ResourceValidator.standard().validate(resources));
        times.lap("validate");
        problems.warnings().forEach(p -> err.println(p));
        if (!problems.blocking().isEmpty()) {
            throw new UserError(problems.errors().size() + " error(s) in the declaration:\n"
                    + problems.errors().stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        // Planned around, as the operator plans around them: what depends on them is held, the rest goes ahead.
        problems.holding().forEach(p -> err.println(p));
        if (!problems.holding().isEmpty()) {
            err.println("The plan holds the changes that depend on these " + problems.holding().size()
                    + " error(s); fix them to release those changes.");
        }
        ScimApp app = selectApp(resources, files.app);
        String endpoint = endpoint(options, app);
        TokenSource token = TokenSource.of(options.connection.tokenFile, environment, resources, app);
        token.tell(err);
        CloudflareScimClient client = client(endpoint, token.token(),
                PlanInputs.requestLimit(app, TokenBudget.Limit.CLOUDFLARE), err);
        // No status here: the limits count this one plan, as if the window were empty.
        PlanPolicy policy = PlanInputs.policy(app);
        if (options.allowDeprovisions != null) {
            policy = policy.withAllowedDeprovisions(options.allowDeprovisions);
        }
        if (options.allowRoleRemovals != null) {
            policy = policy.withAllowedRoleRemovals(options.allowRoleRemovals);
        }
        times.lap("connect");
        DesiredState desired = PlanInputs.desiredState(resources, app);
        times.lap("desired");
        return new Target(app, resources, desired, policy, new Engine(client.directory(), client.iam(), Owner.of(app)),
                client, endpoint, token, problems.holding(), times);
    }

    /**
     * A command's connection to Cloudflare. One run, one process: a request budget of its own, which
     * says on {@code err} whenever it makes the run wait.
     */
    static CloudflareScimClient client(String endpoint, ApiToken token, TokenBudget.Limit limit, PrintWriter err) {
        TokenBudget paced = new TokenBudget(limit);
        paced.onWait(wait -> err.println("Waiting " + wait.seconds() + "s: " + wait.cause() + "."));
        return new CloudflareScimClient(endpoint, token, paced, CloudflareScimClient.Settings.defaults(),
                CloudflareScimClient.RequestObserver.NONE);
    }

    private static ScimApp selectApp(ResourceSet resources, String wanted) {
        List<ScimApp> apps = resources.apps();
        if (apps.isEmpty()) {
            throw new UserError("the files declare no ScimApp");
        }
        if (wanted == null) {
            if (apps.size() > 1) {
                throw new UserError("the files declare " + apps.size() + " ScimApps; choose one with --app: "
                        + apps.stream().map(Workspace::nameOf).collect(Collectors.joining(", ")));
            }
            return apps.get(0);
        }
        return apps.stream()
                .filter(a -> isNamed(a, wanted))
                .findFirst()
                .orElseThrow(() -> new UserError("no ScimApp " + wanted + " in the files; they declare "
                        + apps.stream().map(Workspace::nameOf).collect(Collectors.joining(", "))));
    }

    /** NAMESPACE/NAME or NAME, as --app takes it. */
    private static boolean isNamed(ScimApp app, String wanted) {
        return nameOf(app).equals(wanted) || app.getMetadata().getName().equals(wanted);
    }

    private static String nameOf(ScimApp app) {
        return ResourceSet.namespaceOf(app) + "/" + app.getMetadata().getName();
    }

    /**
     * An account a command reaches without declaration files (doctor, export): the checked SCIM base
     * URL, the account id (null when only an endpoint without an {@code accounts/ID} segment was
     * given), and the token from outside files.
     */
    record AccountTarget(String endpoint, String accountId, TokenSource token) {
    }

    /**
     * The account of {@code --endpoint} or, without it, Cloudflare's endpoint for {@code --account-id};
     * {@code nothingGiven} is the error when neither is given. Says on {@code err} which token it uses.
     */
    static AccountTarget accountTarget(ConnectionOptions connection, String accountId, Map<String, String> environment,
                                       String nothingGiven, PrintWriter err) {
        String endpoint = connection.endpoint;
        if (accountId != null && !accountId.matches(ScimAppSpec.ACCOUNT_ID_PATTERN)) {
            throw new UserError("'" + accountId + "' is not a Cloudflare account id (32 lower-case hex characters)");
        }
        if (endpoint == null && accountId == null) {
            throw new UserError(nothingGiven);
        }
        String url = checkedEndpoint(endpoint != null ? endpoint : ScimAppSpec.cloudflareEndpoint(accountId), false);
        TokenSource token = TokenSource.outsideFiles(connection.tokenFile, environment).orElseThrow(() -> new UserError(
                "no API token: set " + TokenSource.ENVIRONMENT + " or pass --token-file"));
        token.tell(err);
        return new AccountTarget(url, accountId != null ? accountId : accountIdIn(url), token);
    }

    /** The segment after {@code accounts} in a SCIM base URL, or null. */
    static String accountIdIn(String url) {
        String[] segments = URI.create(url).getPath().split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equals("accounts")) {
                return segments[i + 1];
            }
        }
        return null;
    }

    /**
     * The SCIM base URL: {@code --endpoint}, else the ScimApp's. Plain http only to this machine
     * (an emulator) or where the ScimApp allows it: the token would cross the network in clear.
     */
    static String endpoint(Options options, ScimApp app) {
        String given = options.connection.endpoint;
        return checkedEndpoint(given != null ? given : app.getSpec().resolvedEndpoint(),
                app.getSpec().isAllowInsecureEndpoint());
    }

    /** An http(s) URL, refused when it is plain http to another machine and {@code allowInsecure} is false. */
    static String checkedEndpoint(String endpoint, boolean allowInsecure) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new UserError("invalid endpoint " + endpoint + ": " + e.getMessage());
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new UserError("invalid endpoint " + endpoint + ": expected an http(s) URL");
        }
        if ("http".equals(uri.getScheme()) && !allowInsecure && !isLoopback(uri.getHost())) {
            throw new UserError("refusing plain http to " + uri.getHost()
                    + ": the token would travel unencrypted (set allowInsecureEndpoint on the ScimApp to allow it)");
        }
        return endpoint;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
