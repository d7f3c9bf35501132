package dev.cfscim.cli;

import dev.cfscim.api.Condition;
import dev.cfscim.api.ConditionedStatus;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.Problem;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.ResourceValidator;
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
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cfscim demo}: the whole product on one machine, with nothing to install. A Cloudflare
 * emulator, an in-process Kubernetes API, examples/ applied, the operator running, and the seed's
 * lifecycle table (design section 4) walked step by step, each step checked against both the
 * resources' status and the account itself. It stops at the first step that does not show what it
 * should, because every step builds on the state the previous one left.
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

    static final int STEPS = 7;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

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
    private KubernetesClient kube;
    private EmulatedAccount account;
    private String namespace;
    private String appName;

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
            kube = cluster.client();
            account = cf.account(accountId);
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
                if (!run(i + 1, steps.get(i))) {
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
                        .withMaxRateLimitWait(Duration.ofSeconds(2)));
    }

    // ---- the walk ---------------------------------------------------------------------------------------

    private List<Step> steps(ResourceSet declared, ScimApp app, String endpoint, String tokenToCreate) {
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
                    String problem = firstOf(
                            () -> appIs(true, assigned, assigned),
                            () -> expectedRoles.entrySet().stream()
                                    .map(e -> rolesMismatch(e.getKey(), e.getValue()))
                                    .filter(Objects::nonNull).findFirst().orElse(null),
                            () -> rolesMismatch(kept, Set.of(MINIMAL)),
                            () -> allReady(ScimUser.class, "ScimUser"),
                            () -> allReady(GroupRoleBinding.class, "GroupRoleBinding"));
                    if (problem == null) {
                        keptMemberId[0] = account.member(kept).orElseThrow().id();
                    }
                    return problem;
                }));
        steps.add(new Step("Role added",
                List.of("kubectl -n " + namespace + " patch scimgroup " + ROLE_GROUP + " --type=json -p '[{\"op\":\"add\","
                        + "\"path\":\"/spec/members/-\",\"value\":\"" + KEPT_USER + "\"}]'"),
                () -> editGroup(group.getMetadata().getName(), members -> members.add(KEPT_USER)),
                kept + " holds " + groupRole + " through ScimGroup " + ROLE_GROUP,
                () -> firstOf(() -> rolesMismatch(kept, Set.of(MINIMAL, groupRole)),
                        () -> appIs(true, assigned, assigned))));
        steps.add(new Step("Role removed",
                List.of("kubectl -n " + namespace + " edit scimgroup " + ROLE_GROUP + "    # " + KEPT_USER
                        + " taken out of spec.members"),
                () -> editGroup(group.getMetadata().getName(), members -> members.remove(KEPT_USER)),
                kept + " no longer holds " + groupRole,
                () -> firstOf(() -> rolesMismatch(kept, Set.of(MINIMAL)), () -> appIs(true, assigned, assigned))));
        steps.add(new Step("Member kept with no permissions",
                List.of("(nothing to change: " + KEPT_USER + " stays assigned, in no bound group)"),
                () -> { },
                kept + " is still a member (the same one, " + "id unchanged) with " + MINIMAL + " only, and ScimApp "
                        + appName + " is Ready",
                () -> firstOf(() -> rolesMismatch(kept, Set.of(MINIMAL)),
                        () -> account.member(kept).map(MemberView::id).filter(id -> id.equals(keptMemberId[0]))
                                .isPresent() ? null : kept + " was recreated: member id "
                                + account.member(kept).map(MemberView::id).orElse("none") + ", was " + keptMemberId[0],
                        () -> appIs(true, assigned, assigned),
                        () -> conditionIs(user(KEPT_USER), "ScimUser " + KEPT_USER, Conditions.Type.READY,
                                Condition.TRUE, null))));
        steps.add(new Step("Member removed",
                List.of("kubectl -n " + namespace + " patch scimuser " + LEAVING_USER
                        + " --type=merge -p '{\"spec\":{\"active\":false}}'"),
                () -> kube.resources(ScimUser.class).inNamespace(namespace).withName(LEAVING_USER).edit(u -> {
                    u.getSpec().setActive(false);
                    return u;
                }),
                leaving + " is no longer a member; " + (assigned - 1) + " members remain assigned and provisioned",
                () -> firstOf(() -> isMember(leaving) ? leaving + " is still a member" : null,
                        () -> appIs(null, assigned - 1, assigned - 1))));
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
                () -> firstOf(
                        () -> conditionIs(app(), "ScimApp " + appName, Conditions.Type.DEPROVISION_BLOCKED,
                                Condition.TRUE, Conditions.Reason.LAST_SUPER_ADMINISTRATOR),
                        () -> conditionIs(user(OWNER_USER), "ScimUser " + OWNER_USER,
                                Conditions.Type.DEPROVISION_BLOCKED, Condition.TRUE, null),
                        () -> isMember(OWNER) ? null : OWNER + " is no longer a member")));
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
                    kube.resources(ScimApp.class).inNamespace(namespace).withName(appName).edit(a -> {
                        a.getSpec().setGroupMode(GroupMode.UserGroups);
                        return a;
                    });
                },
                "every member keeps its roles, now from user groups " + String.join(", ", pushedGroups)
                        + " and their policies; the CF-" + account.id() + " - <Role> groups hold none of them",
                () -> firstOf(
                        () -> rolesBefore.entrySet().stream().map(e -> rolesMismatch(e.getKey(), e.getValue()))
                                .filter(Objects::nonNull).findFirst().orElse(null),
                        () -> account.groups().stream().filter(g -> g.kind().equals("role") && !g.memberIds().isEmpty())
                                .map(g -> g.displayName() + " still has members").findFirst().orElse(null),
                        () -> {
                            Set<String> custom = new TreeSet<>();
                            account.groups().stream().filter(g -> g.kind().equals("custom"))
                                    .forEach(g -> custom.add(g.displayName()));
                            return custom.equals(pushedGroups) ? null : "user groups are " + custom;
                        })));
        return steps;
    }

    private boolean run(int number, Step step) throws InterruptedException {
        out.printf("%nStep %d of %d. %s%n", number, STEPS, step.title());
        step.commands().forEach(command -> out.println(command.startsWith("(") ? "  " + command : "  $ " + command));
        out.flush();
        long started = System.nanoTime();
        String mismatch;
        try {
            step.action().run();
            mismatch = await(step.mismatch());
        } catch (RuntimeException e) {
            mismatch = "the step could not be carried out: " + e.getMessage();
        }
        show();
        if (mismatch == null) {
            out.printf(Locale.ROOT, "  ✓ %s (%.1f s)%n", step.expected(), seconds(started));
        } else {
            out.printf(Locale.ROOT, "  ✗ expected %s; but after %.0f s %s%n", step.expected(), seconds(started),
                    mismatch);
        }
        out.flush();
        return mismatch == null;
    }

    /**
     * Polls until nothing differs from what the step expects, or the deadline: the operator works
     * asynchronously, and a blind sleep would be either too short on a slow machine or wasted on a
     * fast one. Returns null when all is as expected, else what was last seen instead.
     */
    private static String await(Supplier<String> mismatch) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            String seen;
            try {
                seen = mismatch.get();
            } catch (RuntimeException e) {
                seen = "the state could not be read: " + e;
            }
            if (seen == null || System.nanoTime() > deadline) {
                return seen;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @SafeVarargs
    private static String firstOf(Supplier<String>... checks) {
        for (Supplier<String> check : checks) {
            String seen = check.get();
            if (seen != null) {
                return seen;
            }
        }
        return null;
    }

    // ---- acting on the cluster -------------------------------------------------------------------------

    /** Applies the examples as {@code kubectl apply} would, with the ScimApp pointed at the emulator. */
    private void apply(ResourceSet declared, String endpoint, String tokenToCreate) {
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
                    .endMetadata().addToStringData(key, tokenToCreate).build();
            kube.resource(secret).create();
        }
    }

    private void editGroup(String name, Consumer<List<String>> change) {
        kube.resources(ScimGroup.class).inNamespace(namespace).withName(name).edit(g -> {
            List<String> members = g.getSpec().getMembers() == null ? new ArrayList<>()
                    : new ArrayList<>(g.getSpec().getMembers());
            change.accept(members);
            g.getSpec().setMembers(members);
            return g;
        });
    }

    // ---- reading the cluster and the account -----------------------------------------------------------

    private ScimApp app() {
        return kube.resources(ScimApp.class).inNamespace(namespace).withName(appName).get();
    }

    private ScimUser user(String name) {
        return kube.resources(ScimUser.class).inNamespace(namespace).withName(name).get();
    }

    private <T extends CustomResource<?, ?>> List<T> list(Class<T> kind) {
        return kube.resources(kind).inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
    }

    private boolean isMember(String userName) {
        return account.member(userName).map(MemberView::active).orElse(false);
    }

    /** Null when {@code userName} is a member holding exactly {@code roles}; else what it holds. */
    private String rolesMismatch(String userName, Set<String> roles) {
        if (!isMember(userName)) {
            return userName + " is not a member";
        }
        List<String> held = account.effectiveRoles(userName);
        return new HashSet<>(held).equals(roles) && held.size() == roles.size() ? null
                : userName + " holds " + String.join(", ", held);
    }

    /** Null when the ScimApp's status shows the counts (and Ready, unless null) of a finished reconcile. */
    private String appIs(Boolean ready, int assigned, int provisioned) {
        ScimApp app = app();
        ScimAppStatus status = app == null ? null : app.getStatus();
        if (status == null) {
            return "ScimApp " + appName + " has no status yet";
        }
        if (!Objects.equals(status.getAssigned(), assigned) || !Objects.equals(status.getProvisioned(), provisioned)) {
            return "ScimApp " + appName + " shows " + status.getAssigned() + " assigned, " + status.getProvisioned()
                    + " provisioned";
        }
        if (ready != null) {
            return conditionIs(app, "ScimApp " + appName, Conditions.Type.READY,
                    ready ? Condition.TRUE : Condition.FALSE, null);
        }
        return null;
    }

    /** Null when every resource of {@code kind} is Ready; else the first that is not. */
    private <T extends CustomResource<?, ?>> String allReady(Class<T> kind, String kindName) {
        return list(kind).stream()
                .map(r -> conditionIs(r, kindName + " " + r.getMetadata().getName(), Conditions.Type.READY,
                        Condition.TRUE, null))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Null when {@code resource} has condition {@code type} at {@code status} (and {@code reason}, unless null). */
    private static String conditionIs(HasMetadata resource, String what, String type, String status, String reason) {
        if (resource == null) {
            return what + " does not exist";
        }
        Optional<Condition> condition = condition(resource, type);
        if (condition.isEmpty()) {
            return what + " has no " + type + " condition yet";
        }
        Condition c = condition.get();
        if (!status.equals(c.status()) || reason != null && !reason.equals(c.reason())) {
            return what + " shows " + type + "=" + c.status() + " (" + c.reason() + ": " + c.message() + ")";
        }
        return null;
    }

    private static Optional<Condition> condition(HasMetadata resource, String type) {
        Object status = resource instanceof CustomResource<?, ?> custom ? custom.getStatus() : null;
        return status instanceof ConditionedStatus conditioned
                ? Conditions.find(conditioned.getConditions(), type) : Optional.empty();
    }

    private static String conditionStatus(HasMetadata resource, String type) {
        return condition(resource, type).map(Condition::status).orElse("");
    }

    private static String conditionReason(HasMetadata resource, String type) {
        return condition(resource, type).map(Condition::reason).orElse("");
    }

    // ---- printing ----------------------------------------------------------------------------------------

    /** What {@code kubectl get} would show of the resources, then the account's members and roles. */
    private void show() {
        try {
            List<List<String>> apps = new ArrayList<>();
            apps.add(List.of("NAME", "READY", "SYNCED", "DRIFTED", "ASSIGNED", "PROVISIONED", "PENDING", "BLOCKED", "AGE"));
            for (ScimApp app : list(ScimApp.class)) {
                ScimAppStatus s = app.getStatus();
                apps.add(List.of(app.getMetadata().getName(), conditionStatus(app, Conditions.Type.READY),
                        conditionStatus(app, Conditions.Type.SYNCED), conditionStatus(app, Conditions.Type.DRIFTED),
                        count(s == null ? null : s.getAssigned()), count(s == null ? null : s.getProvisioned()),
                        count(s == null ? null : s.getPending()), count(s == null ? null : s.getBlocked()), age(app)));
            }
            table("kubectl -n " + namespace + " get scimapps", apps);

            List<List<String>> users = new ArrayList<>();
            users.add(List.of("NAME", "USERNAME", "READY", "BLOCKED", "REASON"));
            for (ScimUser user : list(ScimUser.class)) {
                users.add(List.of(user.getMetadata().getName(), user.getSpec().getUserName(),
                        conditionStatus(user, Conditions.Type.READY),
                        conditionStatus(user, Conditions.Type.DEPROVISION_BLOCKED),
                        conditionReason(user, Conditions.Type.READY)));
            }
            table("kubectl -n " + namespace + " get scimusers", users);

            List<List<String>> bindings = new ArrayList<>();
            bindings.add(List.of("NAME", "ROLE", "READY", "REASON"));
            for (GroupRoleBinding binding : list(GroupRoleBinding.class)) {
                bindings.add(List.of(binding.getMetadata().getName(), binding.getSpec().getRole(),
                        conditionStatus(binding, Conditions.Type.READY),
                        conditionReason(binding, Conditions.Type.READY)));
            }
            table("kubectl -n " + namespace + " get grouprolebindings", bindings);
        } catch (RuntimeException e) {
            out.println("  (the cluster could not be read: " + e.getMessage() + ")");
        }

        List<List<String>> members = new ArrayList<>();
        members.add(List.of("MEMBER", "ROLES"));
        account.members().stream().filter(MemberView::active).sorted(Comparator.comparing(MemberView::userName))
                .forEach(m -> members.add(List.of(m.userName(), String.join(", ", m.roles()))));
        table("members of account " + account.id() + " in Cloudflare (the emulator)", members);
    }

    /** A table as kubectl prints one: left-aligned columns, three spaces apart, under a caption. */
    private void table(String caption, List<List<String>> rows) {
        out.println();
        out.println("  " + (caption.startsWith("kubectl") ? "$ " : "") + caption);
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        if (rows.size() == 1) {
            out.println("  No resources found.");
            return;
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String count(Integer value) {
        return value == null ? "" : value.toString();
    }

    /** Age as kubectl shows it: 42s, 3m5s. */
    private static String age(HasMetadata resource) {
        String created = resource.getMetadata().getCreationTimestamp();
        if (created == null) {
            return "<unknown>";
        }
        try {
            long s = Math.max(0, Duration.between(Instant.parse(created), Instant.now()).toSeconds());
            return s < 120 ? s + "s" : s / 60 + "m" + (s % 60) + "s";
        } catch (DateTimeParseException e) {
            return "<unknown>";
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
