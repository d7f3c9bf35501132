package dev.cfscim.controller;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.Owner;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import dev.cfscim.scim.TokenBudgets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The sessions of the ScimApps this operator reconciles, by uid, and the gauges over their last looks. */
final class AppSessions {

    private final ReconcilerSettings settings;
    private final OperatorMetrics metrics;
    private final Map<String, AppSession> byUid = new ConcurrentHashMap<>();
    /** What each app's last written status says, by uid: the gauges count exactly these. */
    private final Map<String, Health> health = new ConcurrentHashMap<>();

    /** Whether an app's status says Drifted=True, DeprovisionBlocked=True. */
    private record Health(boolean drifted, boolean blocked) {
    }

    AppSessions(ReconcilerSettings settings, OperatorMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        metrics.watchApps(() -> count(Health::drifted), () -> count(Health::blocked));
    }

    /**
     * The status a reconcile wrote for the app: the gauges follow its conditions, so that
     * {@code cfscim_apps_drifted} counts exactly the apps whose Drifted condition is True (not those
     * whose account could not be read, which say Unknown).
     */
    void recordHealth(ScimApp app, ScimAppStatus status) {
        health.put(app.getMetadata().getUid(), new Health(isTrue(status, Conditions.Type.DRIFTED),
                isTrue(status, Conditions.Type.DEPROVISION_BLOCKED)));
        metrics.appConditions().record(app.getMetadata().getNamespace(), app.getMetadata().getName(),
                app.getMetadata().getUid(), status.getConditions());
    }

    private static boolean isTrue(ScimAppStatus status, String type) {
        return Conditions.find(status.getConditions(), type).map(Condition::isTrue).orElse(false);
    }

    /** The app's session: the one it had, or a new one when its endpoint, token or budget changed. */
    AppSession open(ScimApp app, ApiToken token) {
        TokenBudget.Limit limit = PlanInputs.requestLimit(app, settings.defaultBudget());
        String endpoint = app.getSpec().resolvedEndpoint();
        AppSession.Connection connection = new AppSession.Connection(endpoint, token.fingerprint(), limit.requests(),
                limit.per().toMillis(), limit.headroom());
        return byUid.compute(app.getMetadata().getUid(), (uid, existing) -> {
            if (existing != null && existing.connection.equals(connection)) {
                return existing;
            }
            TokenBudget shared = TokenBudgets.shared(token, limit);
            metrics.watch(token.fingerprint(), shared);
            CloudflareScimClient client = new CloudflareScimClient(endpoint, token, shared, settings.client(),
                    metrics.requests());
            return new AppSession(connection, token, new Engine(client.directory(), client.iam(), Owner.of(app)));
        });
    }

    /** Forgets the app's session, health and condition series: the app is gone. */
    void close(ScimApp app) {
        byUid.remove(app.getMetadata().getUid());
        health.remove(app.getMetadata().getUid());
        metrics.appConditions().forget(app.getMetadata().getNamespace(), app.getMetadata().getName(),
                app.getMetadata().getUid());
    }

    /** What the app's last reconcile saw, from any thread; {@link LastLook#NOT_YET} without a session. */
    LastLook lastLook(ScimApp app) {
        AppSession session = byUid.get(app.getMetadata().getUid());
        return session == null ? LastLook.NOT_YET : session.lastLook();
    }

    private long count(Predicate<Health> test) {
        return health.values().stream().filter(test).count();
    }
}
