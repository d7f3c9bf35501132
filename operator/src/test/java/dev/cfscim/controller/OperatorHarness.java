package dev.cfscim.controller;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.cli.EmbeddedCluster;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Exchange;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * One emulated Cloudflare account, one in-process Kubernetes API with the CRDs, and the operator
 * running against both, as the end-to-end tests need them. Closing stops all three.
 */
final class OperatorHarness implements AutoCloseable {

    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String NAMESPACE = "cfscim";
    /** The operator's own namespace, where it keeps the accounts' removal ledgers. */
    static final String OPERATOR_NAMESPACE = "cfscim-system";
    /**
     * Each harness has a token of its own: the operator keeps one request budget per token for the
     * whole process (as Cloudflare counts per token), so tests sharing a token would spend each
     * other's budget and a later test would wait out a window it never used.
     */
    private static final java.util.concurrent.atomic.AtomicInteger TOKENS = new java.util.concurrent.atomic.AtomicInteger();
    static final String OWNER = "owner@example.com";
    static final String SUPER = "Super Administrator - All Privileges";

    final String token = "e2e-token-" + TOKENS.incrementAndGet();
    final CloudflareEmulator cf;
    final EmbeddedCluster cluster;
    final KubernetesClient kube;
    private OperatorRuntime operator;
    /** The client of an operator started by {@link #startCrashableOperator()}, which {@link #crash()} closes. */
    private KubernetesClient operatorClient;
    private final java.util.concurrent.atomic.AtomicInteger operatorsStarted = new java.util.concurrent.atomic.AtomicInteger();
    /** What a test wants done with each exchange the emulator answers, before the answer leaves. */
    private volatile Consumer<Exchange> exchangeHook = exchange -> { };

    OperatorHarness(CloudflareEmulator.Builder emulator) {
        // Every exchange goes to the published-schema check: each test class using a harness extends with it.
        this.cf = emulator.account(ACCOUNT, token).rateLimit(RateLimit.OFF).superAdmin(OWNER)
                .onExchange(exchange -> {
                    PublishedSchemaCheck.record(exchange);
                    exchangeHook.accept(exchange);
                }).build().start();
        this.cluster = EmbeddedCluster.start();
        this.kube = cluster.client();
        for (String namespace : List.of(NAMESPACE, OPERATOR_NAMESPACE)) {
            kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .create();
        }
        kube.secrets().inNamespace(NAMESPACE).resource(tokenSecret("cloudflare-scim-token", token, true)).create();
    }

    /** Another namespace, with the token Secret of this harness's account, as a second team has it. */
    void namespaceWithToken(String name) {
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        kube.secrets().inNamespace(name).resource(tokenSecret("cloudflare-scim-token", token, true)).create();
    }

    /** A token Secret as a user writes one: labelled for the operator, or not ({@code labelled} false). */
    static Secret tokenSecret(String name, String token, boolean labelled) {
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToStringData("token", token);
        if (labelled) {
            secret.editMetadata().addToLabels(TokenSecretRef.LABEL, TokenSecretRef.LABEL_VALUE).endMetadata();
        }
        return secret.build();
    }

    OperatorHarness() {
        this(CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS));
    }

    /** Fast retries and rechecks, so that tests wait seconds, not minutes; the emulator's loopback host allowed. */
    static ReconcilerSettings fastSettings() {
        return ReconcilerSettings.loopback();
    }

    OperatorHarness startOperator() {
        return startOperator(options());
    }

    OperatorHarness startOperator(OperatorRuntime.Options options) {
        return startOperator(kube, options);
    }

    /** The operator on a client of its own (one whose requests a test tells apart, say). */
    OperatorHarness startOperator(KubernetesClient client, OperatorRuntime.Options options) {
        operator = OperatorRuntime.start(client, options);
        return this;
    }

    /**
     * The operator serving its probes and /metrics on a free port, the examples applied and converged;
     * returns that port.
     */
    int startServingHttpWithExamplesConverged() {
        startOperator(options().with(o -> o.httpPort = 0));
        applyExamples();
        awaitExamplesConverged();
        return operator().httpPort();
    }

    /** As in production, less server-side apply (the mock cannot) and the probes' port. */
    static OperatorRuntime.Options options() {
        return OperatorRuntime.Options.defaults().with(o -> {
            o.serverSideApply = false;
            o.httpPort = -1;
            o.settings = fastSettings();
            o.ledgerNamespace = OPERATOR_NAMESPACE;
        });
    }

    /** The operator on a client of its own, as a process that {@link #crash()} can kill. */
    OperatorHarness startCrashableOperator() {
        operatorClient = cluster.client("cfscim-operator-" + operatorsStarted.incrementAndGet());
        return startOperator(operatorClient, options());
    }

    /**
     * The operator's process dies, now: nothing it was doing reaches the API server any more (its
     * client is closed), as with a pod killed mid-reconcile. Safe to call from the emulator's
     * thread, before its answer leaves; {@link #stopOperator()} then stops what is left of it.
     */
    void crash() {
        operatorClient.close();
    }

    /** Runs {@code hook} on each exchange the emulator answers, before the answer leaves (on its thread). */
    void onExchange(Consumer<Exchange> hook) {
        exchangeHook = hook;
    }

    OperatorRuntime operator() {
        return operator;
    }

    void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
        if (operatorClient != null) {
            operatorClient.close();
            operatorClient = null;
        }
    }

    /** Today's model: examples/ declares groupMode UserGroups. */
    static final Path USER_GROUPS_EXAMPLES = Path.of("../examples");
    /** The seed's model: examples/virtual-groups/ declares the same account with groupMode VirtualGroups. */
    static final Path VIRTUAL_GROUPS_EXAMPLES = Path.of("../examples/virtual-groups");

    /**
     * The examples in the emulator's model, with the ScimApp pointed at the emulator and changed by
     * {@code edit}: examples/ on the user-groups profile; examples/virtual-groups/ on the
     * virtual-groups profile and on the transition profile, where a migration starts from them.
     */
    void applyExamples(Consumer<ScimApp> edit) {
        applyExamples(cf.profile() == Profile.USER_GROUPS ? USER_GROUPS_EXAMPLES : VIRTUAL_GROUPS_EXAMPLES, edit);
    }

    void applyExamples(Path folder, Consumer<ScimApp> edit) {
        List<HasMetadata> resources = new ResourceLoader().load(folder).resources().all();
        for (HasMetadata resource : resources) {
            if (resource instanceof ScimApp app) {
                app.getSpec().setEndpoint(cf.scimBaseUrl());
                app.getSpec().setAllowInsecureEndpoint(true);
                edit.accept(app);
            }
            if (resource instanceof io.fabric8.kubernetes.api.model.Secret) {
                continue;
            }
            kube.resource(resource).create();
        }
    }

    void applyExamples() {
        applyExamples(app -> { });
    }

    /**
     * Edits a resource as kubectl edit does, again on a conflict: the operator writes statuses
     * meanwhile, and each write moves the resourceVersion an edit is checked against.
     */
    <R extends HasMetadata> void edit(Class<R> type, String name, java.util.function.UnaryOperator<R> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                kube.resources(type).inNamespace(NAMESPACE).withName(name).edit(change);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    ScimApp app() {
        return kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName("acme-prod").get();
    }

    ScimUser user(String name) {
        return kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName(name).get();
    }

    ScimGroup group(String name) {
        return kube.resources(ScimGroup.class).inNamespace(NAMESPACE).withName(name).get();
    }

    GroupRoleBinding binding(String name) {
        return kube.resources(GroupRoleBinding.class).inNamespace(NAMESPACE).withName(name).get();
    }

    static Optional<Condition> condition(HasMetadata resource, String type) {
        Object status = resource == null ? null : ((io.fabric8.kubernetes.client.CustomResource<?, ?>) resource).getStatus();
        if (!(status instanceof dev.cfscim.api.ConditionedStatus conditioned)) {
            return Optional.empty();
        }
        return Conditions.find(conditioned.getConditions(), type);
    }

    static boolean is(HasMetadata resource, String type, String status) {
        return condition(resource, type).map(c -> c.status().equals(status)).orElse(false);
    }

    /**
     * Generous: CI runs the suite on a busy 2-core machine beside other work. A bound only costs time
     * when a test fails; one that is too tight fails a run that would have passed.
     */
    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
    }

    /** Someone changes Cloudflare by hand: takes a member out of a role group through SCIM. */
    void removeFromRoleByHand(String userName, String role) throws Exception {
        String userId = cf.account().member(userName).orElseThrow().id();
        String groupId = cf.account().roleGroupId(role);
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\","
                + "\"path\":\"members[value eq \\\"" + userId + "\\\"]\"}]}";
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(cf.scimBaseUrl() + "/Groups/" + groupId))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/scim+json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("hand edit failed: " + response.statusCode() + " " + response.body());
        }
    }

    List<String> roles(String userName) {
        return cf.account().effectiveRoles(userName);
    }

    boolean isMember(String userName) {
        return cf.account().member(userName).map(m -> m.active()).orElse(false);
    }

    /**
     * The reconciliations JOSDK counted as failed (its {@code operator.sdk.reconciliations.failed}
     * counter, as /metrics shows it): a reconcile that threw past the reconciler.
     */
    double failedReconciliations() {
        return operator.registry().find("operator.sdk.reconciliations.failed").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** Puts {@code value} in the token Secret, as {@code kubectl edit} would. */
    void setToken(String value) {
        kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").edit(secret -> {
            secret.setData(null);
            secret.setStringData(java.util.Map.of("token", value));
            return secret;
        });
    }

    /** Whether the examples' ScimApp is Ready with its five assigned users provisioned. */
    boolean examplesConverged() {
        ScimApp app = app();
        return is(app, "Ready", "True") && app.getStatus().getProvisioned() == 5;
    }

    /** Waits until the examples have converged ({@link #examplesConverged()}). */
    void awaitExamplesConverged() {
        try {
            eventually().until(this::examplesConverged);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // The app's status says why it is not there: keep it in the failure, not only in a log.
            ScimApp app = app();
            String events = kube.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                    .map(ev -> ev.getType() + " " + ev.getReason() + " " + ev.getInvolvedObject().getKind() + "/"
                            + ev.getInvolvedObject().getName() + ": " + ev.getMessage())
                    .collect(java.util.stream.Collectors.joining("\n  "));
            throw new AssertionError("the examples did not converge; the app's status: "
                    + io.fabric8.kubernetes.client.utils.Serialization.asYaml(app == null ? null : app.getStatus())
                    + "\nits namespace's events:\n  " + events, e);
        }
    }

    @Override
    public void close() {
        stopOperator();
        cluster.close();
        cf.close();
    }
}
