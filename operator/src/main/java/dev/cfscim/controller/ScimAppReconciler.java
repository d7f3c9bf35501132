package dev.cfscim.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.DeletionPolicy;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.RequestBudget;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.load.Problem;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.ResourceValidator;
import dev.cfscim.api.load.Severity;
import dev.cfscim.plan.Applier;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.Declarations;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.DesiredUser;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanPolicy;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.ScimException;
import dev.cfscim.scim.TokenBudget;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit of remote work: one ScimApp, one Cloudflare account. Every ScimUser, ScimGroup and
 * GroupRoleBinding of its namespace, and its token Secret, reach it through informers whose
 * mappers look ScimApps up by index. Each reconcile builds the desired state from the caches, scans
 * Cloudflare when the cache is cold or {@code resyncInterval} has passed, plans, applies, and
 * writes statuses that changed. With nothing changing, it sends no request to Cloudflare: the
 * remote state is kept current from the operator's own writes between scans.
 *
 * <p>Deleting a ScimUser deprovisions it: the operator keeps a finalizer on every ScimUser and
 * removes it once no ScimApp of the namespace still has the user as a member. A deprovision held by
 * a safety rail keeps the finalizer and is retried.
 */
@ControllerConfiguration(name = ScimAppReconciler.NAME, generationAwareEventProcessing = false)
public final class ScimAppReconciler implements Reconciler<ScimApp>, Cleaner<ScimApp> {

    public static final String NAME = "scimapp";
    /** On every ScimUser: deleting one deprovisions it first. */
    public static final String USER_FINALIZER = "scim.cfscim.dev/deprovision";

    static final String BY_NAMESPACE = "byNamespace";
    static final String BY_SECRET = "bySecret";

    private static final Logger LOG = LoggerFactory.getLogger(ScimAppReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENTS_PER_RECONCILE = 20;
    /** A few writes in flight to the API server: enough to hide round trips, few enough to be polite. */
    private static final int PARALLEL_WRITES = 8;

    /** How the operator paces itself: retries, rail rechecks, and the client's settings. */
    public record Settings(Duration retryBase, Duration retryMax, Duration blockedRecheck,
                           CloudflareScimClient.Settings client, Duration defaultResync,
                           TokenBudget.Limit defaultBudget) {

        /** With the built-in defaults for ScimApps that leave resyncInterval and requestBudget out. */
        public Settings(Duration retryBase, Duration retryMax, Duration blockedRecheck,
                        CloudflareScimClient.Settings client) {
            this(retryBase, retryMax, blockedRecheck, client, Duration.ofMinutes(10), TokenBudget.Limit.CLOUDFLARE);
        }

        /** The operator-wide defaults, as an administrator sets them (the Helm chart's {@code defaults}). */
        public Settings withDefaults(Duration resync, TokenBudget.Limit budget) {
            return new Settings(retryBase, retryMax, blockedRecheck, client, resync, budget);
        }

        public static Settings defaults() {
            // A held deprovision is rechecked (with a scan) every 5 minutes: a few percent of the
            // token's budget for a large account, and only while something is held.
            return new Settings(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(5),
                    // The operator does not sit out a 5-minute 429 in a reconcile thread: it requeues.
                    CloudflareScimClient.Settings.defaults().withMaxRateLimitWait(Duration.ofSeconds(5)));
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, AppRuntime> runtimes = new ConcurrentHashMap<>();
    private InformerEventSource<ScimUser, ScimApp> users;
    private InformerEventSource<ScimGroup, ScimApp> groups;
    private InformerEventSource<GroupRoleBinding, ScimApp> bindings;
    private InformerEventSource<Secret, ScimApp> secrets;
    private IndexerResourceCache<ScimApp> apps;

    private final OperatorMetrics metrics;
    /**
     * Writes to the API server for many ScimUsers at once (finalizers, statuses), a few at a time:
     * one after another, thousands of them cost a round trip each. Idle threads go away.
     */
    private final ThreadPoolExecutor writers = writers();

    public ScimAppReconciler(Settings settings, Clock clock, OperatorMetrics metrics) {
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        metrics.watchApps(() -> runtimes.values().stream().filter(r -> r.drifted).count(),
                () -> runtimes.values().stream().filter(r -> r.blocked).count());
    }

    // ---- event sources ------------------------------------------------------------------------------

    @Override
    public List<EventSource<?, ScimApp>> prepareEventSources(EventSourceContext<ScimApp> context) {
        apps = context.getPrimaryCache();
        apps.addIndexers(Map.of(
                BY_NAMESPACE, app -> List.of(namespace(app)),
                BY_SECRET, app -> app.getSpec() == null || app.getSpec().getTokenSecretRef() == null
                        ? List.of() : List.of(namespace(app) + "/" + app.getSpec().getTokenSecretRef().getName())));
        // Every declared user and group of a namespace is the business of each app there.
        users = new InformerEventSource<>(InformerEventSourceConfiguration.from(ScimUser.class, ScimApp.class)
                .withName("scimusers")
                .withSecondaryToPrimaryMapper(user -> appsIn(namespace(user)))
                .withOnUpdateFilter(ScimAppReconciler::declarationChanged)
                .build(), context);
        groups = new InformerEventSource<>(InformerEventSourceConfiguration.from(ScimGroup.class, ScimApp.class)
                .withName("scimgroups")
                .withSecondaryToPrimaryMapper(group -> appsIn(namespace(group)))
                .withOnUpdateFilter(ScimAppReconciler::declarationChanged)
                .build(), context);
        bindings = new InformerEventSource<>(InformerEventSourceConfiguration.from(GroupRoleBinding.class, ScimApp.class)
                .withName("grouprolebindings")
                .withSecondaryToPrimaryMapper(binding -> binding.getSpec() == null || binding.getSpec().getAppRef() == null
                        ? Set.of() : Set.of(new ResourceID(binding.getSpec().getAppRef(), namespace(binding))))
                .withOnUpdateFilter(ScimAppReconciler::declarationChanged)
                .build(), context);
        secrets = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, ScimApp.class)
                .withName("secrets")
                .withSecondaryToPrimaryMapper(secret -> apps.byIndex(BY_SECRET,
                                namespace(secret) + "/" + secret.getMetadata().getName()).stream()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withOnUpdateFilter((now, before) -> !Objects.equals(now.getData(), before.getData())
                        || !Objects.equals(now.getStringData(), before.getStringData()))
                .build(), context);
        return List.of(users, groups, bindings, secrets);
    }

    private Set<ResourceID> appsIn(String namespace) {
        return apps.byIndex(BY_NAMESPACE, namespace).stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    /**
     * Status writes (ours) and finalizer changes must not wake the app up again; a spec, a label
     * (selectors read labels) or a deletion must.
     */
    static <R extends HasMetadata> boolean declarationChanged(R now, R before) {
        return !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
                || !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
                || !Objects.equals(now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp());
    }

    // ---- reconcile ----------------------------------------------------------------------------------

    @Override
    public UpdateControl<ScimApp> reconcile(ScimApp app, Context<ScimApp> context) {
        Instant now = clock.instant();
        KubernetesClient kube = context.getClient();
        KubeEvents events = new KubeEvents(kube);
        String namespace = namespace(app);
        ResourceSet declared = declaredIn(namespace);
        List<ScimUser> departing = declared.usersIn(namespace).stream()
                .filter(u -> u.getMetadata().getDeletionTimestamp() != null).toList();
        keepFinalizers(kube, declared.usersIn(namespace));

        AppRuntime runtime = null;
        Outcome outcome;
        List<Problem> appErrors = errorsOf(app, declared);
        if (!appErrors.isEmpty()) {
            outcome = Outcome.failed(null, null, Reason.INVALID_SPEC, appErrors.stream()
                    .map(p -> p.field() + ": " + p.message()).limit(3).collect(Collectors.joining("; ")));
        } else {
            DesiredState desired = withDeparting(Declarations.desiredState(declared, app), departing);
            var token = declared.tokenOf(app);
            if (token.isEmpty()) {
                outcome = Outcome.failed(desired, null, Reason.SECRET_NOT_FOUND, "no token at key '"
                        + app.getSpec().getTokenSecretRef().getKey() + "' of Secret "
                        + app.getSpec().getTokenSecretRef().getName() + " in namespace " + namespace);
            } else {
                runtime = runtime(app, ApiToken.of(token.get()));
                outcome = sync(app, desired, runtime, events, now);
            }
        }

        releaseFinalizers(kube, app, departing, outcome);
        writeSecondaryStatuses(kube, app, declared, outcome, now);
        ScimAppStatus status = Statuses.app(app, outcome, runtime, now);
        UpdateControl<ScimApp> control = sameJson(status, app.getStatus())
                ? UpdateControl.noUpdate() : UpdateControl.patchStatus(withStatus(app, status));
        return control.rescheduleAfter(nextVisit(app, outcome, runtime, now));
    }

    /** Scan when due, plan, apply; every failure becomes the outcome's reason, never an exception. */
    private Outcome sync(ScimApp app, DesiredState desired, AppRuntime runtime, KubeEvents events, Instant now) {
        Engine engine = runtime.engine;
        PlanPolicy policy = Declarations.policy(app);
        try {
            if (runtime.scanDue(now, app.getSpec().resyncPeriod(settings.defaultResync()), settings.blockedRecheck())
                    || runtime.scannedModel != desired.model()) {
                runtime.remote = engine.scan(desired.accountId(), desired.model());
                runtime.scannedModel = desired.model();
                runtime.lastScan = now;
                runtime.lastSync = now;
            }
            if (runtime.baseline == null && !policy.correctDrift()) {
                // After a restart nothing says what was applied: under driftPolicy Report, treat every
                // difference as drift until the declaration changes, rather than correct by surprise.
                runtime.baseline = desired;
            }
            Plan plan = engine.plan(desired, runtime.remote, policy, runtime.baseline);
            if (plan.blockingProblem().isPresent()) {
                runtime.drifted = true;
                return Outcome.failed(desired, runtime.remote, plan.blockingProblem().get().reason(),
                        plan.blockingProblem().get().message());
            }
            Applier.Result result = null;
            if (!plan.changes().isEmpty()) {
                result = engine.apply(plan, runtime.remote, new EventsListener(app, events, metrics));
                runtime.lastSync = now;
                if (result.stale()) {
                    runtime.remote = null;
                }
            }
            Outcome outcome = Outcome.of(desired, runtime.remote, plan, result);
            runtime.blocked = outcome.blockingHold().isPresent();
            runtime.drifted = !outcome.outstanding().isEmpty();
            recordNewHolds(app, events, runtime, plan);
            if (result != null && result.aborted() != null) {
                throw result.aborted();
            }
            if (result == null || result.complete()) {
                runtime.baseline = desired;
            }
            runtime.consecutiveFailures = result == null || result.complete() ? 0 : runtime.consecutiveFailures + 1;
            return outcome;
        } catch (ScimException e) {
            runtime.consecutiveFailures++;
            runtime.drifted = true;
            String reason = switch (e.kind()) {
                case INVALID_CREDENTIALS -> Reason.INVALID_CREDENTIALS;
                case RATE_LIMITED -> Reason.RATE_LIMITED;
                case TRANSIENT -> Reason.UNREACHABLE;
                default -> Reason.RECONCILE_ERROR;
            };
            if (e.is(ScimException.Kind.NOT_FOUND) || e.is(ScimException.Kind.PERMANENT)) {
                runtime.remote = null;
            }
            LOG.warn("ScimApp {}/{}: {}", namespace(app), app.getMetadata().getName(), e.getMessage());
            return Outcome.failed(desired, runtime.remote, reason, e.getMessage());
        }
    }

    private AppRuntime runtime(ScimApp app, ApiToken token) {
        RequestBudget budget = app.getSpec().getRequestBudget();
        TokenBudget.Limit limit = budget == null ? settings.defaultBudget()
                : new TokenBudget.Limit(budget.getRequests(), budget.window(), budget.getHeadroom());
        String endpoint = app.getSpec().resolvedEndpoint();
        AppRuntime.Connection connection = new AppRuntime.Connection(endpoint, token.fingerprint(), limit.requests(),
                limit.per().toMillis(), limit.headroom());
        return runtimes.compute(app.getMetadata().getUid(), (uid, existing) -> {
            if (existing != null && existing.connection.equals(connection)) {
                return existing;
            }
            TokenBudget shared = TokenBudget.shared(token, limit);
            metrics.watch(token.fingerprint(), shared);
            CloudflareScimClient client = new CloudflareScimClient(endpoint, token, shared, settings.client(),
                    metrics.requests());
            return new AppRuntime(connection, new Engine(client));
        });
    }

    /** Users being deleted are declared inactive: their deletion deprovisions them. */
    private static DesiredState withDeparting(DesiredState desired, List<ScimUser> departing) {
        if (departing.isEmpty()) {
            return desired;
        }
        Map<String, DesiredUser> users = new LinkedHashMap<>(desired.users());
        for (ScimUser user : departing) {
            DesiredUser d = users.get(DesiredUser.key(user.getSpec().getUserName()));
            if (d != null) {
                users.put(d.key(), new DesiredUser(d.userName(), d.givenName(), d.familyName(), d.externalId(), false,
                        d.assigned(), d.resource()));
            }
        }
        return desired.withUsers(users);
    }

    private ResourceSet declaredIn(String namespace) {
        List<HasMetadata> all = new ArrayList<>();
        apps.list(namespace, a -> true).forEach(all::add);
        users.list(namespace, u -> true).forEach(all::add);
        groups.list(namespace, g -> true).forEach(all::add);
        bindings.list(namespace, b -> true).forEach(all::add);
        secrets.list(namespace, s -> true).forEach(all::add);
        return ResourceSet.of(all.toArray(HasMetadata[]::new));
    }

    /**
     * Errors that make this app's own spec unusable. A reference to a ScimUser or ScimGroup not
     * there yet is not one: GitOps tools apply in any order, and its arrival wakes the app up.
     */
    private static List<Problem> errorsOf(ScimApp app, ResourceSet declared) {
        ResourceKey key = ResourceKey.of(app);
        // Only the apps and Secrets bear on an app's own spec: validating thousands of users at
        // every reconcile would cost more than the reconcile itself.
        List<HasMetadata> relevant = new ArrayList<>(declared.appsIn(namespace(app)));
        declared.secrets().stream().filter(s -> namespace(s).equals(namespace(app))).forEach(relevant::add);
        return ResourceValidator.standard().validate(ResourceSet.of(relevant.toArray(HasMetadata[]::new))).all().stream()
                .filter(p -> p.severity() == Severity.ERROR && key.equals(p.resource()))
                .filter(p -> p.field() == null || !p.field().startsWith("spec.assignments."))
                .toList();
    }

    // ---- finalizers ---------------------------------------------------------------------------------

    private void keepFinalizers(KubernetesClient kube, List<ScimUser> users) {
        inParallel(users.stream()
                .filter(u -> u.getMetadata().getDeletionTimestamp() == null && !u.hasFinalizer(USER_FINALIZER))
                .map(u -> (Runnable) () -> addFinalizer(kube, u)).toList());
    }

    /**
     * A ScimUser with no finalizer yet (all of them, at the first reconcile) gets it with one merge
     * patch checked against the cached resourceVersion, so thousands of users cost no reads; a
     * stale cache is refused (409) and the user then goes the reading way. A user with other
     * finalizers always does: fabric8's mock appends lists in a merge patch rather than replace them.
     */
    static void addFinalizer(KubernetesClient kube, ScimUser user) {
        List<String> finalizers = user.getMetadata().getFinalizers();
        if (finalizers == null || finalizers.isEmpty()) {
            try {
                String patch = JSON.writeValueAsString(Map.of("metadata", Map.of(
                        "resourceVersion", user.getMetadata().getResourceVersion(),
                        "finalizers", List.of(USER_FINALIZER))));
                kube.resources(ScimUser.class).resource(user).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.debug("finalizer of ScimUser {}/{} not added: {}", namespace(user),
                            user.getMetadata().getName(), e.getMessage());
                    return;
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        patchFinalizers(kube, user, true);
    }

    /**
     * Read, then patch. (A JSON Patch from the cached ScimUser guarded by a test of its
     * resourceVersion would save the read, but fabric8's mock never answers a patch whose test fails.)
     */
    private static void patchFinalizers(KubernetesClient kube, ScimUser user, boolean add) {
        try {
            kube.resources(ScimUser.class).inNamespace(namespace(user)).withName(user.getMetadata().getName())
                    .edit(u -> {
                        if (add) {
                            u.addFinalizer(USER_FINALIZER);
                        } else {
                            u.removeFinalizer(USER_FINALIZER);
                        }
                        return u;
                    });
        } catch (KubernetesClientException e) {
            // Gone or changed meanwhile: the informer brings it back to the next reconcile.
            LOG.debug("finalizer of ScimUser {}/{} not {}: {}", namespace(user), user.getMetadata().getName(),
                    add ? "added" : "removed", e.getMessage());
        }
    }

    /**
     * A departing user's finalizer goes once no app of the namespace has it as a member any more,
     * as far as each app's last look at its account tells; an app that has not looked yet keeps it.
     */
    private void releaseFinalizers(KubernetesClient kube, ScimApp app, List<ScimUser> departing, Outcome outcome) {
        for (ScimUser user : departing) {
            String userName = user.getSpec().getUserName();
            boolean stillMember = apps.byIndex(BY_NAMESPACE, namespace(app)).stream().anyMatch(other -> {
                AppRuntime runtime = runtimes.get(other.getMetadata().getUid());
                return runtime == null || runtime.remote == null
                        || runtime.remote.user(userName).map(RemoteUser::active).orElse(false);
            });
            if (!stillMember && user.hasFinalizer(USER_FINALIZER)) {
                patchFinalizers(kube, user, false);
            }
        }
    }

    // ---- writes to the API server, a few at a time --------------------------------------------------

    private static ThreadPoolExecutor writers() {
        AtomicInteger next = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL_WRITES, PARALLEL_WRITES, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "cfscim-writer-" + next.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Runs the writes {@link #PARALLEL_WRITES} at a time and returns when all are done. */
    private void inParallel(List<Runnable> writes) {
        if (writes.size() <= 1) {
            writes.forEach(Runnable::run);
            return;
        }
        List<Future<?>> pending = writes.stream().<Future<?>>map(writers::submit).toList();
        try {
            for (Future<?> write : pending) {
                write.get();
            }
        } catch (InterruptedException e) {
            pending.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the API server", e);
        } catch (ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    // ---- statuses -----------------------------------------------------------------------------------

    private void writeSecondaryStatuses(KubernetesClient kube, ScimApp app, ResourceSet declared, Outcome outcome,
                                        Instant now) {
        List<Runnable> writes = new ArrayList<>();
        if (outcome.desired() != null) {
            for (ScimUser user : declared.usersIn(namespace(app))) {
                if (user.getSpec() != null && user.getSpec().getUserName() != null
                        && !Statuses.userUnchanged(user, app, outcome)) {
                    addStatusWrite(writes, kube, ScimUser.class, user, user.getStatus(),
                            Statuses.user(user, app, outcome, now));
                }
            }
        }
        for (ScimGroup group : declared.groupsIn(namespace(app))) {
            addStatusWrite(writes, kube, ScimGroup.class, group, group.getStatus(), Statuses.group(group, declared, now));
        }
        for (GroupRoleBinding binding : declared.bindingsOf(app)) {
            String displayName = declared.group(namespace(binding), binding.getSpec().getGroupRef())
                    .map(g -> g.getSpec().getDisplayName()).orElse(null);
            addStatusWrite(writes, kube, GroupRoleBinding.class, binding, binding.getStatus(),
                    Statuses.binding(binding, displayName, outcome, now));
        }
        inParallel(writes);
    }

    /** Adds the write of the status subresource to {@code writes}, only when the status really changed. */
    private static <R extends HasMetadata> void addStatusWrite(List<Runnable> writes, KubernetesClient kube,
                                                               Class<R> type, R resource, Object before, Object after) {
        if (!sameJson(before, after)) {
            writes.add(() -> patchStatus(kube, type, resource, after));
        }
    }

    private static <R extends HasMetadata> void patchStatus(KubernetesClient kube, Class<R> type, R resource,
                                                            Object status) {
        try {
            // A JSON Patch that sets the whole status: lists are replaced, never merged element-wise
            // (fabric8's mock server merges lists in a merge patch, which would grow the conditions).
            String patch = JSON.writeValueAsString(List.of(Map.of("op", "add", "path", "/status", "value", status)));
            // Through resource(...): patching by name alone would read the object from the server first.
            kube.resources(type).resource(resource).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), patch);
        } catch (KubernetesClientException | JsonProcessingException e) {
            LOG.debug("status of {} {}/{} not written: {}", resource.getKind(), namespace(resource),
                    resource.getMetadata().getName(), e.getMessage());
        }
    }

    /**
     * Whether a status is unchanged. Conditions keep their transition time while their status
     * holds, and times move only when Cloudflare was read or written, so an idle reconcile
     * builds exactly the status that is there and writes nothing.
     */
    static boolean sameJson(Object before, Object after) {
        if (before == null || after == null) {
            return before == after;
        }
        return JSON.valueToTree(before).equals(JSON.valueToTree(after));
    }

    private static ScimApp withStatus(ScimApp app, ScimAppStatus status) {
        ScimApp fresh = new ScimApp();
        fresh.getMetadata().setName(app.getMetadata().getName());
        fresh.getMetadata().setNamespace(app.getMetadata().getNamespace());
        fresh.setStatus(status);
        return fresh;
    }

    // ---- scheduling ---------------------------------------------------------------------------------

    private Duration nextVisit(ScimApp app, Outcome outcome, AppRuntime runtime, Instant now) {
        Duration resync = app.getSpec().resyncPeriod(settings.defaultResync());
        if (outcome.failureReason() != null || !outcome.synced()) {
            int failures = runtime == null ? 1 : Math.max(1, runtime.consecutiveFailures);
            long millis = Math.min(settings.retryMax().toMillis(),
                    settings.retryBase().toMillis() * (1L << Math.min(16, failures - 1)));
            return Duration.ofMillis(millis);
        }
        Duration untilScan = runtime == null || runtime.lastScan == null ? resync
                : Duration.between(now, runtime.lastScan.plus(resync));
        if (outcome.blockingHold().isPresent() && settings.blockedRecheck().compareTo(untilScan) < 0) {
            return settings.blockedRecheck();
        }
        return untilScan.isNegative() || untilScan.isZero() ? Duration.ofSeconds(1) : untilScan;
    }

    // ---- events -------------------------------------------------------------------------------------

    /**
     * Tells each hold once, as a Warning event and in the held-changes counter, rather than at every
     * reconcile while it stands.
     */
    private void recordNewHolds(ScimApp app, KubeEvents events, AppRuntime runtime, Plan plan) {
        Set<String> now = plan.held().stream().map(h -> h.reason() + ": " + h.change().summary())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        List<HeldChange> fresh = plan.held().stream()
                .filter(h -> !runtime.heldAlreadyTold.contains(h.reason() + ": " + h.change().summary()))
                .toList();
        fresh.forEach(metrics::held);
        fresh.stream().limit(MAX_EVENTS_PER_RECONCILE)
                .forEach(h -> events.warning(app, h.reason(), h.change().summary() + ": " + h.message()));
        runtime.heldAlreadyTold = now;
    }

    /** One event per applied change, up to a bound, so that a 10,000-user apply does not flood etcd. */
    private static final class EventsListener implements Applier.Listener {
        private final ScimApp app;
        private final KubeEvents events;
        private final OperatorMetrics metrics;
        private int recorded;

        EventsListener(ScimApp app, KubeEvents events, OperatorMetrics metrics) {
            this.app = app;
            this.events = events;
            this.metrics = metrics;
        }

        @Override
        public void applied(Change change) {
            metrics.applied(change);
            if (recorded++ < MAX_EVENTS_PER_RECONCILE) {
                events.normal(app, reason(change), change.summary() + " (" + change.reason() + ")");
            }
        }

        @Override
        public void held(HeldChange held) {
            metrics.held(held);
            events.warning(app, held.reason(), held.change().summary() + ": " + held.message());
        }

        @Override
        public void failed(Change change, String message) {
            if (recorded++ < MAX_EVENTS_PER_RECONCILE) {
                events.warning(app, "ChangeFailed", change.summary() + ": " + message);
            }
        }

        private static String reason(Change change) {
            return change.action().eventReason();
        }
    }

    // ---- deletion of the app ------------------------------------------------------------------------

    /**
     * Orphan (the default) leaves the account as it is; Deprovision takes the app's members out of
     * the account first, within the same safety rails, and keeps the finalizer while any is held.
     */
    @Override
    public DeleteControl cleanup(ScimApp app, Context<ScimApp> context) {
        DeleteControl control = deprovisionIfAsked(app, context);
        if (control.isRemoveFinalizer()) {
            releaseUsersIfLastApp(context.getClient(), app);
        }
        return control;
    }

    /**
     * With the namespace's last ScimApp gone, no reconcile would ever release the users'
     * finalizers, and deleting a ScimUser would hang: release them now (their members stay in
     * Cloudflare, as the app's deletion left them).
     */
    private void releaseUsersIfLastApp(KubernetesClient kube, ScimApp app) {
        boolean others = apps.byIndex(BY_NAMESPACE, namespace(app)).stream()
                .anyMatch(other -> !other.getMetadata().getUid().equals(app.getMetadata().getUid()));
        if (!others) {
            users.list(namespace(app), u -> u.hasFinalizer(USER_FINALIZER)).forEach(u -> patchFinalizers(kube, u, false));
        }
    }

    private DeleteControl deprovisionIfAsked(ScimApp app, Context<ScimApp> context) {
        AppRuntime runtime = null;
        try {
            if (app.getSpec().getDeletionPolicy() != DeletionPolicy.Deprovision) {
                runtimes.remove(app.getMetadata().getUid());
                return DeleteControl.defaultDelete();
            }
            ResourceSet declared = declaredIn(namespace(app));
            var token = declared.tokenOf(app);
            if (token.isEmpty()) {
                new KubeEvents(context.getClient()).warning(app, Reason.SECRET_NOT_FOUND,
                        "cannot deprovision the app's members without its token; restore the Secret");
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.retryBase().toMillis());
            }
            runtime = runtime(app, ApiToken.of(token.get()));
            DesiredState desired = Declarations.desiredState(declared, app);
            Map<String, DesiredUser> leaving = new LinkedHashMap<>();
            desired.users().values().forEach(u -> leaving.put(u.key(), new DesiredUser(u.userName(), u.givenName(),
                    u.familyName(), u.externalId(), u.active(), false, u.resource())));
            DesiredState none = new DesiredState(desired.accountId(), leaving, Map.of(), List.of(), desired.model(),
                    Map.of(), desired.declaredGroupNames());
            Outcome outcome = sync(app, none, runtime, new KubeEvents(context.getClient()), clock.instant());
            if (outcome.failureReason() == null && outcome.outstanding().isEmpty()) {
                runtimes.remove(app.getMetadata().getUid());
                return DeleteControl.defaultDelete();
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.blockedRecheck().toMillis());
        } finally {
            if (runtime == null) {
                runtimes.remove(app.getMetadata().getUid());
            }
        }
    }

    static String namespace(HasMetadata resource) {
        return ResourceSet.namespaceOf(resource);
    }
}
