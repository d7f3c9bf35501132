package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.DeletionPolicy;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.load.Problem;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.ResourceValidator;
import dev.cfscim.api.load.Severity;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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
    private final NamespaceInformers informers = new NamespaceInformers();
    private final AppSessions sessions;
    private final AppSync sync;
    private final UserFinalizers finalizers;
    private final StatusWriter statusWriter;
    private final RequeueTiming requeue;

    public ScimAppReconciler(Settings settings, Clock clock, OperatorMetrics metrics) {
        this.settings = settings;
        this.clock = clock;
        this.sessions = new AppSessions(settings, metrics);
        this.sync = new AppSync(settings, new ChangeEvents(metrics));
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

    @Override
    public UpdateControl<ScimApp> reconcile(ScimApp app, Context<ScimApp> context) {
        Instant now = clock.instant();
        KubernetesClient kube = context.getClient();
        String namespace = ResourceSet.namespaceOf(app);
        ResourceSet declared = informers.declaredIn(namespace);
        List<ScimUser> departing = declared.usersIn(namespace).stream()
                .filter(u -> u.getMetadata().getDeletionTimestamp() != null).toList();
        finalizers.keep(kube, declared.usersIn(namespace));

        AppSession session = null;
        Outcome outcome;
        List<Problem> appErrors = errorsOf(app, declared);
        if (!appErrors.isEmpty()) {
            outcome = Outcome.failed(null, null, Reason.INVALID_SPEC, appErrors.stream()
                    .map(p -> p.field() + ": " + p.message()).limit(3).collect(Collectors.joining("; ")));
        } else {
            DesiredState desired = DesiredStates.withDeparting(PlanInputs.desiredState(declared, app), departing);
            var token = declared.tokenOf(app);
            if (token.isEmpty()) {
                outcome = Outcome.failed(desired, null, Reason.SECRET_NOT_FOUND, "no token at key '"
                        + app.getSpec().getTokenSecretRef().getKey() + "' of Secret "
                        + app.getSpec().getTokenSecretRef().getName() + " in namespace " + namespace);
            } else {
                session = sessions.open(app, ApiToken.of(token.get()));
                outcome = sync.run(app, desired, session, new KubeEvents(kube), now);
            }
        }

        if (!departing.isEmpty()) {
            finalizers.release(kube, declared.usersIn(namespace),
                    informers.appsIn(namespace).stream().map(sessions::lastLook).toList());
        }
        statusWriter.writeSecondary(kube, app, declared, outcome, now);
        ScimAppStatus status = Statuses.app(app, outcome, session, now);
        return StatusWriter.appStatus(app, status).rescheduleAfter(requeue.nextVisit(app, outcome, session, now));
    }

    /**
     * Errors that make this app's own spec unusable. A reference to a ScimUser or ScimGroup not
     * there yet is not one: GitOps tools apply in any order, and its arrival wakes the app up.
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
                .filter(p -> p.field() == null || !p.field().startsWith("spec.assignments."))
                .toList();
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
            String namespace = ResourceSet.namespaceOf(app);
            boolean others = informers.appsIn(namespace).stream()
                    .anyMatch(other -> !other.getMetadata().getUid().equals(app.getMetadata().getUid()));
            if (!others) {
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
            ResourceSet declared = informers.declaredIn(ResourceSet.namespaceOf(app));
            var token = declared.tokenOf(app);
            if (token.isEmpty()) {
                new KubeEvents(context.getClient()).warning(app, Reason.SECRET_NOT_FOUND,
                        "cannot deprovision the app's members without its token; restore the Secret");
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.retryBase().toMillis());
            }
            session = sessions.open(app, ApiToken.of(token.get()));
            DesiredState none = DesiredStates.everyoneLeaving(PlanInputs.desiredState(declared, app));
            Outcome outcome = sync.run(app, none, session, new KubeEvents(context.getClient()), clock.instant());
            if (outcome.failureReason() == null && outcome.outstanding().isEmpty()) {
                sessions.close(app);
                return DeleteControl.defaultDelete();
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.blockedRecheck().toMillis());
        } finally {
            if (session == null) {
                sessions.close(app);
            }
        }
    }
}
