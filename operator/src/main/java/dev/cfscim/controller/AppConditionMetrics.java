package dev.cfscim.controller;

import dev.cfscim.api.Condition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code cfscim_app_condition{namespace,name,type,status}}: for each condition of each ScimApp, one
 * series per possible status ({@code true}, {@code false}, {@code unknown}), 1 for the condition's
 * current status and 0 for the others, as kube-state-metrics exports a pod's or a node's conditions.
 * So an alert can name the ScimApp that is not Ready, which the aggregate gauges cannot. A label per
 * ScimApp is affordable where a label per user would not be: an app is one Cloudflare account, a
 * cluster has a handful. An app that is gone takes its series with it.
 */
final class AppConditionMetrics {

    static final String NAME = "cfscim_app_condition";
    /** kube-state-metrics' spelling of a condition's status in its label: lower case. */
    private static final List<String> STATUSES = List.of(Condition.TRUE, Condition.FALSE, Condition.UNKNOWN);

    /** One ScimApp's conditions as its last written status says them: type to status. */
    private record Conditions(String uid, Map<String, String> byType) {
    }

    private final MultiGauge gauge;
    /** By "namespace/name": series are named so, and an app deleted then created again is the same one. */
    private final Map<String, Conditions> apps = new ConcurrentHashMap<>();

    AppConditionMetrics(MeterRegistry registry) {
        this.gauge = MultiGauge.builder(NAME)
                .description("1 for the current status of each condition of each ScimApp, 0 for the other two "
                        + "statuses (as kube-state-metrics)")
                .register(registry);
    }

    /** The conditions the app's last reconcile wrote. */
    void record(String namespace, String name, String uid, List<Condition> conditions) {
        Map<String, String> byType = new ConcurrentHashMap<>();
        for (Condition condition : conditions == null ? List.<Condition>of() : conditions) {
            byType.put(condition.type(), condition.status());
        }
        Conditions previous = apps.put(namespace + "/" + name, new Conditions(uid, byType));
        if (previous == null || !previous.byType.keySet().equals(byType.keySet())) {
            publish();
        }
    }

    /** The app is gone: its series go, unless the name already belongs to a newer app (another uid). */
    void forget(String namespace, String name, String uid) {
        if (apps.computeIfPresent(namespace + "/" + name, (key, app) -> app.uid.equals(uid) ? null : app) == null) {
            publish();
        }
    }

    /**
     * Registers exactly the series of the apps known now, each reading its app's current status when
     * scraped, so a status change needs no new series; MultiGauge removes the series of the apps that
     * are no longer there. Serialised: two reconciles finishing at once must not publish an older set last.
     */
    private synchronized void publish() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        apps.forEach((key, app) -> {
            int slash = key.indexOf('/');
            String namespace = key.substring(0, slash);
            String name = key.substring(slash + 1);
            for (String type : app.byType.keySet()) {
                for (String status : STATUSES) {
                    rows.add(MultiGauge.Row.of(Tags.of("namespace", namespace, "name", name, "type", type,
                            "status", status.toLowerCase(Locale.ROOT)), () -> value(key, type, status)));
                }
            }
        });
        gauge.register(rows, false);
    }

    /** 1 when the app's condition has this status now, else 0 (also for an app or a type that went meanwhile). */
    private double value(String key, String type, String status) {
        Conditions app = apps.get(key);
        return app != null && status.equals(app.byType.get(type)) ? 1 : 0;
    }
}
