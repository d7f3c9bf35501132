package dev.cfscim.controller;

import dev.cfscim.plan.Change;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own metrics, beside JOSDK's reconcile metrics: what it asks of Cloudflare and
 * what it changes there. Labels stay low-cardinality: routes are templates ({@code PATCH
 * /Groups/{id}}), tokens are short fingerprints, and no label names a user; only
 * {@link AppConditionMetrics} names ScimApps, which are few.
 */
public final class OperatorMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorMetrics.class);

    private final MeterRegistry registry;
    /** The budget in use per token fingerprint: a ScimApp that changes its limit brings a new one. */
    private final Map<String, AtomicReference<TokenBudget>> budgets = new ConcurrentHashMap<>();
    private final Map<String, TokenBudget.WaitListener> waitLogs = new ConcurrentHashMap<>();
    private final AppConditionMetrics appConditions;

    /**
     * SCIM answer-time buckets, in seconds: Cloudflare answers in tens to hundreds of milliseconds,
     * a 429 pause or a slow page takes seconds; a histogram lets a p95 be summed across replicas,
     * which a client-side summary cannot.
     */
    private static final Duration[] REQUEST_BUCKETS = Stream.of(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
            .map(s -> Duration.ofMillis(Math.round(s * 1000))).toArray(Duration[]::new);

    /** From 10 ms: an edit's way through the operator is tens of milliseconds, its first sync seconds or minutes. */
    private static final Duration[] SYNC_BUCKETS = Stream.of(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0, 60.0)
            .map(s -> Duration.ofMillis(Math.round(s * 1000))).toArray(Duration[]::new);

    /** The timer of {@link #changeSynced}; read by the benchmark. */
    public static final String CHANGE_TO_SYNC = "cfscim_change_to_sync_seconds";

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.appConditions = new AppConditionMetrics(registry);
    }

    /** The per-ScimApp condition gauge, fed with each status a reconcile writes. */
    AppConditionMetrics appConditions() {
        return appConditions;
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
                    .serviceLevelObjectives(REQUEST_BUCKETS)
                    .register(registry).record(elapsed);
            if (status == 429) {
                Counter.builder("cfscim_rate_limited_total")
                        .description("429 answers from Cloudflare: each pauses every caller of the token")
                        .register(registry).increment();
            }
        };
    }

    /**
     * Reports how many requests a token's budget still allows in the current window, how often and
     * how long callers waited for it, and logs each notable wait: a reconcile standing still on the
     * budget must never be silent.
     */
    public void watch(String tokenFingerprint, TokenBudget budget) {
        budgets.computeIfAbsent(tokenFingerprint, fp -> {
            AtomicReference<TokenBudget> current = new AtomicReference<>(budget);
            Gauge.builder("cfscim_request_budget_remaining", current, r -> r.get().remaining())
                    .description("Requests the token's budget allows before callers wait")
                    .tag("token", fp).strongReference(true)
                    .register(registry);
            FunctionCounter.builder("cfscim_request_budget_waits_total", current, r -> r.get().waits())
                    .description("Times a request waited for the token's budget, or was put off to a later reconcile")
                    .tag("token", fp)
                    .register(registry);
            FunctionCounter.builder("cfscim_request_budget_wait_seconds_total", current, r -> r.get().waitedSeconds())
                    .description("Time requests spent waiting for the token's budget")
                    .tag("token", fp)
                    .register(registry);
            return current;
        }).set(budget);
        budget.onWait(waitLogs.computeIfAbsent(tokenFingerprint,
                fp -> wait -> LOG.info("token {}: {}", fp, wait.describe())));
    }

    /**
     * Takes this operator's wait log off the budgets it watched: they are shared by the whole process
     * and outlive the operator (an operator started again in the same process, as tests and the demo do).
     */
    @Override
    public void close() {
        waitLogs.forEach((fp, listener) -> {
            AtomicReference<TokenBudget> budget = budgets.get(fp);
            if (budget != null) {
                budget.get().removeWaitListener(listener);
            }
        });
    }

    void applied(Change change) {
        Counter.builder("cfscim_changes_applied_total").description("Changes made in Cloudflare, by action")
                .tag("action", change.action().label()).register(registry).increment();
    }

    /** A plan made: over every user ({@code full}), or over the users an edit touched. */
    void planned(boolean full) {
        Counter.builder("cfscim_plans_total")
                .description("Plans made, over every declared user (full) or over the users an edit touched (touched)")
                .tag("scope", full ? "full" : "touched").register(registry).increment();
    }

    void held(HeldChange held) {
        Counter.builder("cfscim_changes_held_total").description("Changes held back, by reason")
                .tag("reason", held.reason().toString()).register(registry).increment();
    }

    /**
     * A declaration change's way through the operator: from its watch event reaching the operator to
     * the end of the Cloudflare work of the reconcile that took it up ({@link ChangeArrivals}).
     */
    void changeSynced(long nanos) {
        Timer.builder(CHANGE_TO_SYNC).description("From a change to a ScimUser, ScimGroup or GroupRoleBinding "
                        + "reaching the operator to the end of the Cloudflare work that followed it")
                .serviceLevelObjectives(SYNC_BUCKETS)
                .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
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
