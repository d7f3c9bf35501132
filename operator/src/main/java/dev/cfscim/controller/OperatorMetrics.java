package dev.cfscim.controller;

import dev.cfscim.plan.Change;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The operator's own metrics, beside JOSDK's reconcile metrics: what it asks of Cloudflare and
 * what it changes there. Labels stay low-cardinality: routes are templates ({@code PATCH
 * /Groups/{id}}), tokens are short fingerprints, and no label names a ScimApp or a user.
 */
public final class OperatorMetrics {

    private final MeterRegistry registry;
    private final Map<String, Boolean> budgets = new ConcurrentHashMap<>();

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts and times every SCIM answer (status 0: no answer, a dropped connection or a timeout). */
    public CloudflareScimClient.RequestObserver requests() {
        return (method, route, status, elapsed) -> {
            Counter.builder("cfscim_scim_requests_total")
                    .description("Requests to Cloudflare's SCIM and v4 APIs, by method, route and status")
                    .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                    .register(registry).increment();
            Timer.builder("cfscim_scim_request_seconds")
                    .description("Time to Cloudflare's answer, by method and route")
                    .tag("method", method).tag("route", route)
                    .register(registry).record(elapsed);
            if (status == 429) {
                Counter.builder("cfscim_rate_limited_total")
                        .description("429 answers from Cloudflare: each pauses every caller of the token")
                        .register(registry).increment();
            }
        };
    }

    /** Reports how many requests a token's budget still allows in the current window. */
    public void watch(String tokenFingerprint, TokenBudget budget) {
        budgets.computeIfAbsent(tokenFingerprint, fp -> {
            Gauge.builder("cfscim_request_budget_remaining", budget, TokenBudget::remaining)
                    .description("Requests the token's budget allows before callers wait")
                    .tag("token", fp)
                    .register(registry);
            return true;
        });
    }

    void applied(Change change) {
        Counter.builder("cfscim_changes_applied_total").description("Changes made in Cloudflare, by action")
                .tag("action", change.action().label()).register(registry).increment();
    }

    void held(HeldChange held) {
        Counter.builder("cfscim_changes_held_total").description("Changes held back, by reason")
                .tag("reason", held.reason()).register(registry).increment();
    }

    /** Gauges over the apps' last reconciles: how many are drifted, how many hold a deprovision. */
    void watchApps(Supplier<Long> drifted, Supplier<Long> blocked) {
        // Micrometer holds a gauge's object weakly by default: these suppliers live nowhere else.
        Gauge.builder("cfscim_apps_drifted", drifted, s -> s.get()).strongReference(true)
                .description("ScimApps whose account differs from the declaration").register(registry);
        Gauge.builder("cfscim_apps_blocked", blocked, s -> s.get()).strongReference(true)
                .description("ScimApps with a deprovision or role removal held by a safety rail").register(registry);
    }
}
