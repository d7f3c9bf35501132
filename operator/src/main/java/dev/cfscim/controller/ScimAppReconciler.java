package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.DeletionPolicy;
import dev.cfscim.api.KubeDuration;
import dev.cfscim.api.PlaceholderToken;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.Problem;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.ResourceValidator;
import dev.cfscim.api.load.Severity;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.plan.PlanProblem;
import dev.cfscim.scim.ApiToken;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
@ControllerConfiguration(name = ScimAppReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = AppUpdates.class))
public final class ScimAppReconciler implements Reconciler<ScimApp>, Cleaner<ScimApp> {

    public static final String NAME = "scimapp";

    private static final Logger LOG = LoggerFactory.getLogger(ScimAppReconciler.class);
    /** An orphaning event names this many members, then counts the rest (an event holds 1,000 characters). */
    private static final int ORPHANS_NAMED = 20;

    private final ReconcilerSettings settings;
    private final Clock clock;
    private final ChangeArrivals arrivals = new ChangeArrivals();
    private final NamespaceInformers informers = new NamespaceInformers(arrivals);
    private final OperatorMetrics metrics;
    private final AppSessions sessions;
    private final AppSync sync;
    private final UserFinalizers finalizers;
    private final StatusWriter statusWriter;
    private final RequeueTiming requeue;
    private final UserNameVerdicts userNames = new UserNameVerdicts();
    private final DeclarationIndexes indexes = new DeclarationIndexes();
    /** The uids of the apps whose cleanup finished: gone from the API server, perhaps not yet from the cache. */
    private final Set<String> cleanedUp = ConcurrentHashMap.newKeySet();

    /**
     * @param ledgerNamespace where the accounts' removal ledgers are kept (the operator's own
     *     namespace): written through {@code kube}, the operator's client
     */
    public ScimAppReconciler(ReconcilerSettings settings, Clock clock, OperatorMetrics metrics, KubernetesClient kube,
                             String ledgerNamespace) {
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.sessions = new AppSessions(settings, metrics);
        this.sync = new AppSync(settings, new ChangeEvents(metrics), new RemovalLedgers(kube, ledgerNamespace));
        ApiServerWrites writes = new ApiServerWrites();
        this.finalizers = new UserFinalizers(writes);
        this.statusWriter = new StatusWriter(writes);
        this.requeue = new RequeueTiming(settings);
    }

    @Override
    public List<EventSource<?, ScimApp>> prepareEventSources(EventSourceContext<ScimApp> context) {
        return informers.prepare(context);
    }

    // ---- reconcile ----------------------------------------------------------------------------------

    /**
     * Every reconcile ends in a condition on the app: nothing throws past here. An error no
     * outcome foresaw becomes {@code Synced=False ReconcileError} with its message, a log line with
     * its trace, and a visit again after a backoff ({@link UnexpectedErrors}), rather than a failed
     * reconciliation that JOSDK retries a few times and then leaves without a word in the status.
     */
    @Override
    public UpdateControl<ScimApp> reconcile(ScimApp app, Context<ScimApp> context) {
        Instant now = clock.instant();
        UpdateControl<ScimApp> control;
        try {
            control = reconcileAt(app, context, now);
        } catch (RuntimeException | StackOverflowError e) {
            // A stack overflow too: some input drove a recursion too deep, and only this reconcile's stack paid.
            control = UnexpectedErrors.control(app, e, now, requeue);
        }
        return StatusWriter.whole(context, app, control);
    }

    private UpdateControl<ScimApp> reconcileAt(ScimApp app, Context<ScimApp> context, Instant now) {
        KubernetesClient kube = context.getClient();
        String namespace = ResourceSet.namespaceOf(app);
        // Taken before the caches are read: a change arriving later waits for the next reconcile.
        OptionalLong arrival = arrivals.take(ResourceID.fromResource(app));
        ResourceSet declared = informers.declaredIn(namespace);
        List<ScimUser> departing = declared.departingIn(namespace);
        boolean finalizersFirst = !UserFinalizers.membersCarryTheTag(app);
        if (finalizersFirst) {
            finalizers.keep(kube, declared.usersIn(namespace));
        }

        AppSession session = null;
        Outcome outcome;
        List<Problem> appErrors = errorsOf(app, declared);
        if (!appErrors.isEmpty()) {
            outcome = Outcome.failed(null, null, Reason.INVALID_SPEC, appErrors.stream()
                    .map(p -> p.field() + ": " + p.message()).limit(3).collect(Collectors.joining("; ")));
        } else {
            DesiredState declaredState = PlanInputs.desiredState(declared, app, indexes.of(app));
            List<PlanProblem> refusals = indexes.refusals(app, declaredState,
                    () -> DesiredStates.refusals(declared.usersIn(namespace), userNames::refusal));
            DesiredState desired = DesiredStates.withDeparting(DesiredStates.without(declaredState, refusals), departing);
            // The endpoint is checked before the token is even looked at: a token goes nowhere else.
            boolean allowed = endpointAllowed(app);
            Optional<String> token = allowed ? declared.tokenOf(app) : Optional.empty();
            Optional<String> unusable = token.flatMap(value -> tokenRefusal(app, value));
            if (!allowed) {
                outcome = Outcome.failed(desired, null, Reason.ENDPOINT_NOT_ALLOWED, endpointRefusal(app));
            } else if (token.isEmpty()) {
                outcome = Outcome.failed(desired, null, Reason.SECRET_NOT_FOUND,
                        NamespaceInformers.tokenMissing(app, declared));
            } else if (unusable.isPresent()) {
                outcome = Outcome.failed(desired, null, Reason.INVALID_CREDENTIALS, unusable.get());
            } else {
                session = sessions.open(app, ApiToken.of(token.get()));
                outcome = sync.run(app, desired, AbsenceChecks.of(app, declared.usersIn(namespace), departing), session,
                        new KubeEvents(kube), now, () -> arrival.ifPresent(at -> metrics.changeSynced(arrivals.since(at))));
            }
        }

        // Cloudflare first, bookkeeping after: on a first sync this is a write per ScimUser, which must
        // not hold back the account's first request. A user deleted before it has its finalizer is
        // still taken out: its member carries the app's tag, and a tagged member no ScimUser declares
        // is a stray (docs/architecture.md, "Why ScimUsers keep a finalizer").
        if (!finalizersFirst) {
            finalizers.keep(kube, declared.usersIn(namespace));
        }
        if (!departing.isEmpty()) {
            finalizers.release(kube, declared.usersIn(namespace),
                    informers.appsIn(namespace).stream().map(sessions::lastLook).toList());
        }
        AppSurroundings surroundings = new AppSurroundings(statusWriter.writeSecondary(kube, app, declared, outcome, now),
                informers.othersOnTheAccountOf(app));
        ScimAppStatus status = Statuses.app(app, outcome, surroundings, session, now);
        sessions.recordHealth(app, status);
        return StatusWriter.appStatus(app, status).rescheduleAfter(requeue.nextVisit(app, outcome, session, now));
    }

    private boolean endpointAllowed(ScimApp app) {
        return settings.allowedEndpoints().allows(app.getSpec().resolvedEndpoint());
    }

    private String endpointRefusal(ScimApp app) {
        return "endpoint host " + EndpointAllowList.hostOf(app.getSpec().resolvedEndpoint())
                + " is not allowed: the operator sends tokens only to " + settings.allowedEndpoints()
                + " (its --allowed-endpoint-hosts, the Helm value allowedEndpointHosts)";
    }

    /**
     * Why the Secret's {@code value} is sent nowhere, if it is not: where it is and what is wrong
     * with it, never the token ("the token in Secret ns/name key k has ..."); the examples'
     * placeholder with the commands that create the real Secret.
     */
    private static Optional<String> tokenRefusal(ScimApp app, String value) {
        TokenSecretRef ref = app.getSpec().getTokenSecretRef();
        String namespace = ResourceSet.namespaceOf(app);
        String key = ref.getKey() == null ? TokenSecretRef.DEFAULT_KEY : ref.getKey();
        String where = "the token in Secret " + namespace + "/" + ref.getName() + " key " + key + " ";
        if (PlaceholderToken.is(value)) {
            return Optional.of(where + PlaceholderToken.PROBLEM + " (kubectl apply -f examples/ applied "
                    + "secret.yaml as written): delete it and create the real Secret with "
                    + PlaceholderToken.howToCreate(namespace, ref.getName(), key));
        }
        return ApiToken.problem(value).map(problem -> where + problem + ": put the token there alone, as Cloudflare showed it");
    }

    /**
     * Errors that make this app's own spec unusable. A reference to a ScimUser or ScimGroup not
     * there yet is not one: GitOps tools apply in any order, and its arrival wakes the app up. A
     * userSelector that cannot be used is one: it would select no one, and everyone it selected
     * before would be planned out of the account.
     */
    private static List<Problem> errorsOf(ScimApp app, ResourceSet declared) {
        ResourceKey key = ResourceKey.of(app);
        String namespace = ResourceSet.namespaceOf(app);
        // Only the apps and Secrets bear on an app's own spec: validating thousands of users at
        // every reconcile would cost more than the reconcile itself.
        List<HasMetadata> relevant = new ArrayList<>(declared.appsIn(namespace));
        declared.secrets().stream().filter(s -> ResourceSet.namespaceOf(s).equals(namespace)).forEach(relevant::add);
        return ResourceValidator.standard().validate(ResourceSet.of(relevant.toArray(HasMetadata[]::new))).all().stream()
                .filter(p -> p.severity() == Severity.ERROR && key.equals(p.resource()))
                .filter(p -> p.field() == null || !(p.field().startsWith("spec.assignments.users")
                        || p.field().startsWith("spec.assignments.groups")))
                .toList();
    }

    // ---- deletion of the app ------------------------------------------------------------------------

    /**
     * Orphan (the default) leaves the account as it is; Deprovision takes the app's members out of
     * the account first, within the same safety rails, and keeps the finalizer while any is held.
     * A deletion never hangs on what cannot come back by waiting, though: when the token Secret is
     * gone (a namespace being deleted takes it first), the endpoint is not allowed, or Cloudflare
     * stays unreachable for {@link ReconcilerSettings#deprovisionGiveUp()} after the deletion was asked, the
     * app's members are orphaned instead, a Warning event names them, and the finalizers go.
     */
    @Override
    public DeleteControl cleanup(ScimApp app, Context<ScimApp> context) {
        try {
            return cleanupOrThrow(app, context);
        } catch (RuntimeException | StackOverflowError e) {
            // As for a reconcile: nothing throws past here; the deletion is tried again after a backoff.
            Duration wait = requeue.afterUnexpected(app, clock.instant());
            LOG.error("ScimApp {}/{}: unexpected error while it is deleted, tried again in {}: {}",
                    ResourceSet.namespaceOf(app), app.getMetadata().getName(), KubeDuration.format(wait),
                    UnexpectedErrors.describe(e), e);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait.toMillis());
        }
    }

    private DeleteControl cleanupOrThrow(ScimApp app, Context<ScimApp> context) {
        DeleteControl control = deprovisionIfAsked(app, context);
        if (control.isRemoveFinalizer()) {
            String namespace = ResourceSet.namespaceOf(app);
            // Apps whose cleanup finished may linger in the cache: two apps deleted at once (a
            // namespace deleted) would each see the other and neither release the users' finalizers.
            cleanedUp.add(app.getMetadata().getUid());
            arrivals.forget(ResourceID.fromResource(app));
            indexes.forget(app);
            boolean others = informers.appsIn(namespace).stream()
                    .anyMatch(other -> !cleanedUp.contains(other.getMetadata().getUid()));
            if (!others) {
                informers.forget(namespace);
                finalizers.releaseAll(context.getClient(), informers.usersIn(namespace));
            }
        }
        return control;
    }

    private DeleteControl deprovisionIfAsked(ScimApp app, Context<ScimApp> context) {
        AppSession session = null;
        try {
            if (app.getSpec().getDeletionPolicy() != DeletionPolicy.Deprovision) {
                sessions.close(app);
                return DeleteControl.defaultDelete();
            }
            KubeEvents events = new KubeEvents(context.getClient());
            ResourceSet declared = informers.declaredIn(ResourceSet.namespaceOf(app));
            DesiredState desired = PlanInputs.desiredState(declared, app);
            if (!endpointAllowed(app)) {
                return orphan(app, desired, events, endpointRefusal(app));
            }
            var token = declared.tokenOf(app);
            if (token.isEmpty()) {
                // Waiting would not bring it back: in a namespace being deleted it went first.
                return orphan(app, desired, events, "its token cannot be read: "
                        + NamespaceInformers.tokenMissing(app, declared));
            }
            Instant now = clock.instant();
            Optional<String> unusable = tokenRefusal(app, token.get());
            Outcome outcome;
            if (unusable.isPresent()) {
                // As Cloudflare refusing the token: retried, and given up on after deprovisionGiveUp.
                outcome = Outcome.failed(desired, null, Reason.INVALID_CREDENTIALS, unusable.get());
            } else {
                session = sessions.open(app, ApiToken.of(token.get()));
                outcome = sync.run(app, DesiredStates.everyoneLeaving(desired),
                        AbsenceChecks.everyone(app, declared.usersIn(ResourceSet.namespaceOf(app))), session, events,
                        now, () -> { });
            }
            if (outcome.failure().isEmpty() && outcome.outstanding().isEmpty()) {
                sessions.close(app);
                return DeleteControl.defaultDelete();
            }
            if (outcome instanceof Outcome.Failed failed && unreachableTooLong(app, outcome, now)) {
                return orphan(app, desired, events, "Cloudflare could not be reached for "
                        + KubeDuration.format(settings.deprovisionGiveUp()) + " since the deletion was asked ("
                        + failed.reason() + ": " + failed.message() + ")");
            }
            // A hold by a safety rail is not given up on: it waits for the allow annotation.
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(outcome.failure().isPresent()
                    ? settings.retryBase().toMillis() : settings.blockedRecheck().toMillis());
        } finally {
            if (session == null) {
                sessions.close(app);
            }
        }
    }

    /**
     * Whether the deletion has waited long enough on a Cloudflare that cannot be reached (or no
     * longer takes the token): counted from the deletion timestamp, so a restart does not start over.
     */
    private boolean unreachableTooLong(ScimApp app, Outcome outcome, Instant now) {
        boolean unreachable = outcome.failure().map(Outcome.Failed::reason)
                .filter(reason -> reason == Reason.UNREACHABLE || reason == Reason.INVALID_CREDENTIALS).isPresent();
        String asked = app.getMetadata().getDeletionTimestamp();
        return unreachable && asked != null
                && !now.isBefore(Instant.parse(asked).plus(settings.deprovisionGiveUp()));
    }

    /**
     * Gives deprovisioning up: the app's members stay in Cloudflare, a Warning event says which
     * and why, and the app's finalizer goes (the users' follow in {@link #cleanup}).
     */
    private DeleteControl orphan(ScimApp app, DesiredState desired, KubeEvents events, String why) {
        LastLook look = sessions.lastLook(app);
        List<String> left = desired.users().values().stream().filter(u -> u.assigned())
                .map(u -> u.userName()).filter(look::mayHaveMember).sorted().toList();
        String named = left.size() <= ORPHANS_NAMED ? String.join(", ", left)
                : String.join(", ", left.subList(0, ORPHANS_NAMED)) + " and " + (left.size() - ORPHANS_NAMED) + " more";
        String message = "deletionPolicy Deprovision could not proceed, " + why + "; "
                + (left.isEmpty() ? "no member was left in Cloudflare"
                : left.size() + " member(s) left in Cloudflare: " + named + "; remove them in the dashboard if they must go");
        LOG.warn("ScimApp {}/{} deleted without deprovisioning: {}", ResourceSet.namespaceOf(app),
                app.getMetadata().getName(), message);
        events.warning(app, Reason.DEPROVISION_SKIPPED, message);
        sessions.close(app);
        return DeleteControl.defaultDelete();
    }
}
