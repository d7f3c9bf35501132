package dev.cfscim.cli;

import dev.cfscim.api.Conditions;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.Problem;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.ResourceValidator;
import dev.cfscim.controller.EndpointAllowList;
import dev.cfscim.controller.OperatorRuntime;
import dev.cfscim.controller.ScimAppReconciler;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.EmulatedAccount;
import dev.cfscim.emulator.MemberView;
import dev.cfscim.emulator.Profile;
import dev.cfscim.scim.CloudflareScimClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code cfscim demo}: the whole product on one machine, with nothing to install. A Cloudflare
 * emulator, an in-process Kubernetes API, examples/ applied, the operator running, and a member's
 * lifecycle walked step by step, each step checked ({@link DemoChecks}) against both the resources'
 * status and the account itself, then shown ({@link DemoTables}). This class is the script: the
 * steps, what each does and what it must show. It stops at the first step that does not show what
 * it should, because every step builds on the state the previous one left.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the operator end to end on this machine: a Cloudflare emulator, an in-process "
                + "Kubernetes API, examples/ applied, and the lifecycle of a member step by step.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Every step showed what it should.", "1:A step did not, or an error."})
final class DemoCommand implements Callable<Integer> {

    /** The Super Administrator who made the token: seeded outside SCIM, as in a real account. */
    static final String OWNER = "owner@example.com";
    static final String MINIMAL = "Minimal Account Access";

    // The resources of examples/ the walk acts on, by name.
    static final String KEPT_USER = "hannah-schmidt";
    static final String ROLE_GROUP = "dns-editors";
    static final String LEAVING_USER = "jonas-berg";
    static final String OWNER_USER = "owner";

    /** The mock server logs every request at INFO through java.util.logging, and Vert.x under it too. */
    private static final List<String> NOISY_JUL_LOGGERS = List.of("io.fabric8.mockwebserver",
            "io.fabric8.kubernetes.client.server.mock", "io.vertx", "io.netty");

    @Option(names = "--examples", paramLabel = "PATH", defaultValue = "examples",
            description = "The folder of examples to apply (default: ${DEFAULT-VALUE}, from the repository's root).")
    Path examples;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One row of the lifecycle table: what is done, and what must then be seen. */
    private record Step(String title, List<String> commands, Runnable action, String expected,
                        Supplier<String> mismatch) {
    }

    private PrintWriter out;
    private String namespace;
    private String appName;
    private DemoScene scene;
    private DemoChecks checks;
    private DemoTables tables;

    @Override
    public Integer call() throws InterruptedException {
        out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Logging logging = Logging.quiet();
        try {
            return walk(started);
        } finally {
            logging.restore();
        }
    }

    private int walk(long started) throws InterruptedException {
        ResourceSet declared = load();
        ScimApp app = declared.apps().get(0);
        namespace = ResourceSet.namespaceOf(app);
        appName = app.getMetadata().getName();
        String accountId = app.getSpec().getAccountId();
        // The examples' Secret carries a placeholder token: the emulator takes it as the account's, so
        // the Secret is applied exactly as written. Without one, the demo makes its own.
        Optional<String> declaredToken = declared.tokenOf(app);
        String token = declaredToken.orElse("cfscim-demo-token");

        // The transition profile has both of Cloudflare's models live, as in the second half of 2025:
        // the walk starts in the seed's virtual groups and ends in today's user groups.
        try (CloudflareEmulator cf = CloudflareEmulator.builder().account(accountId, token).superAdmin(OWNER)
                     .profile(Profile.TRANSITION).build().start();
             EmbeddedCluster cluster = EmbeddedCluster.start();
             OperatorRuntime operator = OperatorRuntime.start(cluster.client(), OperatorRuntime.Options.defaults()
                     .withServerSideApply(false).withHttpPort(-1).withSettings(fastSettings()))) {
            scene = new DemoScene(cluster.client(), namespace, appName, cf.account(accountId));
            checks = new DemoChecks(scene);
            tables = new DemoTables(scene);
            out.println("cfscim demo: the lifecycle of a Cloudflare account member, declared as custom resources");
            out.println("  Cloudflare   emulator at " + cf.baseUrl() + ", account " + accountId + ", Super Administrator "
                    + OWNER + " (made outside SCIM, as the token's creator is)");
            out.println("  Kubernetes   in-process API server at " + cluster.url() + " (fabric8 mock), "
                    + EmbeddedCluster.CRDS.size() + " CRDs installed");
            out.println("  operator     running, watching all namespaces (retries and rechecks shortened for the demo)");
            out.printf(Locale.ROOT, "  ready in %.1f s%n", seconds(started));
            out.flush();

            List<Step> steps = steps(declared, app, cf.scimBaseUrl(), declaredToken.isEmpty() ? token : null);
            int passed = 0;
            for (int i = 0; i < steps.size(); i++) {
                if (!run(i + 1, steps.size(), steps.get(i))) {
                    out.printf(Locale.ROOT, "%nDemo failed: %d of %d steps as expected, stopped at step %d "
                            + "(the later steps build on it) in %.1f s%n", passed, steps.size(), i + 1, seconds(started));
                    out.flush();
                    return 1;
                }
                passed++;
            }
            out.printf(Locale.ROOT, "%nDemo complete: %d of %d steps as expected in %.1f s%n", passed, steps.size(),
                    seconds(started));
            out.flush();
            return 0;
        }
    }

    /** The examples, read and validated as plan does, and holding what the walk acts on. */
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
        String ns = ResourceSet.namespaceOf(declared.apps().get(0));
        List<String> missing = new ArrayList<>();
        for (String user : List.of(KEPT_USER, LEAVING_USER)) {
            if (declared.user(ns, user).isEmpty()) {
                missing.add("ScimUser " + user);
            }
        }
        if (declared.group(ns, ROLE_GROUP).isEmpty()) {
            missing.add("ScimGroup " + ROLE_GROUP);
        }
        if (!missing.isEmpty()) {
            throw new UserError("the demo walks through the examples as shipped, and " + examples + " has no "
                    + String.join(", no ", missing));
        }
        return declared;
    }

    /** Reconciler settings for a walk measured in seconds: quick retries and rechecks of held changes. */
    private static ScimAppReconciler.Settings fastSettings() {
        return new ScimAppReconciler.Settings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(500),
                CloudflareScimClient.Settings.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
                        .withMaxRateLimitWait(Duration.ofSeconds(2)))
                // The emulator listens on loopback: the one host beside Cloudflare's the demo may send its token to.
                .withAllowedEndpoints(EndpointAllowList.LOOPBACK);
    }

    // ---- the walk ---------------------------------------------------------------------------------------

    private List<Step> steps(ResourceSet declared, ScimApp app, String endpoint, String tokenToCreate) {
        KubernetesClient kube = scene.kube();
        EmulatedAccount account = scene.account();
        String kept = declared.user(namespace, KEPT_USER).orElseThrow().getSpec().getUserName();
        String leaving = declared.user(namespace, LEAVING_USER).orElseThrow().getSpec().getUserName();
        ScimGroup group = declared.group(namespace, ROLE_GROUP).orElseThrow();
        String groupRole = declared.bindingsOf(app).stream()
                .filter(b -> ROLE_GROUP.equals(b.getSpec().getGroupRef()))
                .map(b -> b.getSpec().getRole()).findFirst()
                .orElseThrow(() -> new UserError("no GroupRoleBinding in " + examples + " binds ScimGroup " + ROLE_GROUP));

        // What step 1 expects, read from the declaration rather than the planner, so that the walk
        // checks the operator against what a reader of examples/ would expect.
        Map<String, Set<String>> expectedRoles = new TreeMap<>();
        for (ScimUser user : declared.assignedUsers(app)) {
            if (user.getSpec().isActive()) {
                expectedRoles.put(user.getSpec().getUserName(), new LinkedHashSet<>(List.of(MINIMAL)));
            }
        }
        for (GroupRoleBinding binding : declared.bindingsOf(app)) {
            declared.group(namespace, binding.getSpec().getGroupRef()).ifPresent(g -> declared.members(g).stream()
                    .map(u -> expectedRoles.get(u.getSpec().getUserName())).filter(Objects::nonNull)
                    .forEach(roles -> roles.add(binding.getSpec().getRole())));
        }
        int assigned = expectedRoles.size();
        String[] keptMemberId = new String[1];

        List<Step> steps = new ArrayList<>();
        steps.add(new Step("Member added with Minimal Account Access",
                List.of("kubectl create namespace " + namespace,
                        "kubectl apply -f " + examples + "    # ScimApp " + appName + "'s endpoint set to the emulator"),
                () -> apply(declared, endpoint, tokenToCreate),
                "all " + assigned + " assigned users are members; " + kept + " holds only " + MINIMAL
                        + ", the others their bound roles",
                () -> {
                    String problem = checks.provisionedAsDeclared(expectedRoles, kept, MINIMAL);
                    if (problem == null) {
                        // Step 4 checks that the member kept is this one, not a recreated one.
                        keptMemberId[0] = account.member(kept).orElseThrow().id();
                    }
                    return problem;
                }));
        steps.add(new Step("Role added",
                List.of("kubectl -n " + namespace + " patch scimgroup " + ROLE_GROUP + " --type=json -p '[{\"op\":\"add\","
                        + "\"path\":\"/spec/members/-\",\"value\":\"" + KEPT_USER + "\"}]'"),
                () -> editGroup(group.getMetadata().getName(), members -> members.add(KEPT_USER)),
                kept + " holds " + groupRole + " through ScimGroup " + ROLE_GROUP,
                () -> checks.holdsExactly(kept, Set.of(MINIMAL, groupRole), assigned)));
        steps.add(new Step("Role removed",
                List.of("kubectl -n " + namespace + " edit scimgroup " + ROLE_GROUP + "    # " + KEPT_USER
                        + " taken out of spec.members"),
                () -> editGroup(group.getMetadata().getName(), members -> members.remove(KEPT_USER)),
                kept + " no longer holds " + groupRole,
                () -> checks.holdsExactly(kept, Set.of(MINIMAL), assigned)));
        steps.add(new Step("Member kept with no permissions",
                List.of("(nothing to change: " + KEPT_USER + " stays assigned, in no bound group)"),
                () -> { },
                kept + " is still a member (the same one, " + "id unchanged) with " + MINIMAL + " only, and ScimApp "
                        + appName + " is Ready",
                () -> checks.keptAsTheSameMember(kept, KEPT_USER, keptMemberId[0], Set.of(MINIMAL), assigned)));
        steps.add(new Step("Member removed",
                List.of("kubectl -n " + namespace + " patch scimuser " + LEAVING_USER
                        + " --type=merge -p '{\"spec\":{\"active\":false}}'"),
                () -> mergePatch(ScimUser.class, LEAVING_USER, "{\"spec\":{\"active\":false}}"),
                leaving + " is no longer a member; " + (assigned - 1) + " members remain assigned and provisioned",
                () -> checks.deprovisioned(leaving, assigned - 1)));
        steps.add(new Step("The only Super Administrator's deprovision is blocked",
                List.of("kubectl -n " + namespace + " apply -f owner.yaml    # ScimUser " + OWNER_USER + ": userName "
                        + OWNER + ", active: false"),
                () -> {
                    ScimUser owner = new ScimUser();
                    owner.getMetadata().setName(OWNER_USER);
                    owner.getMetadata().setNamespace(namespace);
                    owner.setSpec(new ScimUserSpec(OWNER, null, null, false));
                    kube.resource(owner).create();
                },
                "ScimApp " + appName + " reports DeprovisionBlocked=True (" + Conditions.Reason.LAST_SUPER_ADMINISTRATOR
                        + "), so does ScimUser " + OWNER_USER + ", and " + OWNER + " is still a member",
                () -> checks.lastSuperAdministratorKept(OWNER, OWNER_USER)));
        Map<String, Set<String>> rolesBefore = new TreeMap<>();
        Set<String> pushedGroups = new TreeSet<>();
        declared.bindingsOf(app).forEach(b -> declared.group(namespace, b.getSpec().getGroupRef())
                .ifPresent(g -> pushedGroups.add(g.getSpec().getDisplayName())));
        steps.add(new Step("Today's Cloudflare: the same roles, through user groups",
                List.of("kubectl -n " + namespace + " patch scimapp " + appName
                        + " --type=merge -p '{\"spec\":{\"groupMode\":\"UserGroups\"}}'"),
                () -> {
                    account.members().stream().filter(MemberView::active)
                            .forEach(m -> rolesBefore.put(m.userName(), new TreeSet<>(m.roles())));
                    mergePatch(ScimApp.class, appName, "{\"spec\":{\"groupMode\":\"" + GroupMode.UserGroups + "\"}}");
                },
                "every member keeps its roles, now from user groups " + String.join(", ", pushedGroups)
                        + " and their policies; the CF-" + account.id() + " - <Role> groups hold none of them",
                () -> checks.sameRolesThroughUserGroups(rolesBefore, pushedGroups)));
        return steps;
    }

    private boolean run(int number, int total, Step step) throws InterruptedException {
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
            out.printf(Locale.ROOT, "  ✓ %s (%.1f s)%n", step.expected(), seconds(started));
        } else {
            out.printf(Locale.ROOT, "  ✗ expected %s; but after %.0f s %s%n", step.expected(), seconds(started),
                    mismatch);
        }
        out.flush();
        return mismatch == null;
    }

    // ---- acting on the cluster -------------------------------------------------------------------------

    /** Applies the examples as {@code kubectl apply} would, with the ScimApp pointed at the emulator. */
    private void apply(ResourceSet declared, String endpoint, String tokenToCreate) {
        KubernetesClient kube = scene.kube();
        Set<String> namespaces = new LinkedHashSet<>();
        declared.all().forEach(r -> namespaces.add(ResourceSet.namespaceOf(r)));
        for (String ns : namespaces) {
            kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
        // The token's Secret first, as its own comments ask: the app's first reconcile then finds it,
        // rather than failing and waiting out a retry.
        List<HasMetadata> resources = new ArrayList<>(declared.all());
        resources.sort(Comparator.comparing(r -> r instanceof Secret ? 0 : 1));
        for (HasMetadata resource : resources) {
            if (resource instanceof ScimApp scimApp) {
                scimApp.getSpec().setEndpoint(endpoint);
                // Plain http, to this machine only: the emulator serves no TLS.
                scimApp.getSpec().setAllowInsecureEndpoint(true);
            }
            kube.resource(resource).create();
        }
        if (tokenToCreate != null) {
            TokenSecretRef ref = declared.apps().get(0).getSpec().getTokenSecretRef();
            String key = ref.getKey() == null ? TokenSecretRef.DEFAULT_KEY : ref.getKey();
            Secret secret = new SecretBuilder().withNewMetadata().withName(ref.getName()).withNamespace(namespace)
                    .addToLabels(TokenSecretRef.LABEL, TokenSecretRef.LABEL_VALUE)
                    .endMetadata().addToStringData(key, tokenToCreate).build();
            kube.resource(secret).create();
        }
    }

    /** As {@code kubectl patch --type=merge} does: no resourceVersion, so the operator's status writes never conflict. */
    private <R extends HasMetadata> void mergePatch(Class<R> type, String name, String patch) {
        scene.kube().resources(type).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    /**
     * As {@code kubectl edit} does, again when the operator wrote a status meanwhile (a conflict):
     * a list cannot go in a merge patch here (the mock API server merges lists rather than replace them).
     */
    private void editGroup(String name, Consumer<List<String>> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                scene.kube().resources(ScimGroup.class).inNamespace(namespace).withName(name).edit(g -> {
                    List<String> members = g.getSpec().getMembers() == null ? new ArrayList<>()
                            : new ArrayList<>(g.getSpec().getMembers());
                    change.accept(members);
                    g.getSpec().setMembers(members);
                    return g;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /**
     * Keeps the console for the walk: the mock server logs every request at INFO through
     * java.util.logging, and the operator logs its startup and reconciles. Restored afterwards, for
     * callers in the same JVM (tests).
     */
    private static final class Logging {
        // java.util.logging holds loggers weakly: keep them, or their level goes with them.
        private final Map<Logger, Level> previous = new LinkedHashMap<>();
        private Runnable restoreLogback = () -> { };

        static Logging quiet() {
            Logging logging = new Logging();
            logging.restoreLogback = Logs.quiet();
            for (String name : NOISY_JUL_LOGGERS) {
                Logger logger = Logger.getLogger(name);
                logging.previous.put(logger, logger.getLevel());
                logger.setLevel(Level.WARNING);
            }
            return logging;
        }

        void restore() {
            previous.forEach(Logger::setLevel);
            restoreLogback.run();
        }
    }
}
