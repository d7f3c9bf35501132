package dev.cfscim.controller;

import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import dev.cfscim.settings.RecordEdit;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the operator paces itself: retries, rail rechecks, and the client's settings; the defaults
 * for ScimApps that leave resyncInterval and requestBudget out; which hosts a token may be sent to;
 * and how long a deletionPolicy: Deprovision app's deletion waits for an unreachable Cloudflare
 * before it orphans the app's members. Copies with a change are made by {@link #with}: one place
 * says how.
 */
public record ReconcilerSettings(Duration retryBase, Duration retryMax, Duration blockedRecheck,
                                 CloudflareScimClient.Settings client, Duration defaultResync,
                                 TokenBudget.Limit defaultBudget, EndpointAllowList allowedEndpoints,
                                 Duration deprovisionGiveUp) {

    public ReconcilerSettings {
        Objects.requireNonNull(retryBase, "retryBase");
        Objects.requireNonNull(retryMax, "retryMax");
        Objects.requireNonNull(blockedRecheck, "blockedRecheck");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(defaultResync, "defaultResync");
        Objects.requireNonNull(defaultBudget, "defaultBudget");
        Objects.requireNonNull(allowedEndpoints, "allowedEndpoints");
        Objects.requireNonNull(deprovisionGiveUp, "deprovisionGiveUp");
    }

    /** Production's: what the Helm chart runs with unless an administrator sets its {@code defaults}. */
    public static ReconcilerSettings defaults() {
        return new ReconcilerSettings(Duration.ofSeconds(10), Duration.ofMinutes(10),
                // A held deprovision is rechecked (with a scan) every 5 minutes: a few percent of the
                // token's budget for a large account, and only while something is held.
                Duration.ofMinutes(5),
                // The operator does not sit out a 5-minute 429 in a reconcile thread: it requeues.
                CloudflareScimClient.Settings.defaults().with(c -> c.maxRateLimitWait = Duration.ofSeconds(5)),
                Duration.ofMinutes(10), TokenBudget.Limit.CLOUDFLARE, EndpointAllowList.CLOUDFLARE_ONLY,
                Duration.ofMinutes(15));
    }

    /**
     * For an emulator on loopback (the demo, the tests, the benchmark): retries and rechecks in
     * milliseconds, so that a walk waits seconds, not minutes, and the loopback host allowed.
     */
    public static ReconcilerSettings loopback() {
        return defaults().with(s -> {
            s.retryBase = Duration.ofMillis(200);
            s.retryMax = Duration.ofSeconds(2);
            s.blockedRecheck = Duration.ofMillis(500);
            s.client = CloudflareScimClient.Settings.defaults().with(c -> {
                c.baseBackoff = Duration.ofMillis(5);
                c.maxBackoff = Duration.ofMillis(50);
                c.maxRateLimitWait = Duration.ofSeconds(2);
            });
            s.allowedEndpoints = EndpointAllowList.LOOPBACK;
        });
    }

    /** A copy with what {@code edit} changes: {@code settings.with(s -> s.retryBase = Duration.ofSeconds(1))}. */
    public ReconcilerSettings with(Consumer<Builder> edit) {
        return RecordEdit.copy(this, new Builder(), edit);
    }

    /** The fields of a copy being made, filled from the record it copies; the record checks them when made. */
    public static final class Builder {
        public Duration retryBase;
        public Duration retryMax;
        public Duration blockedRecheck;
        public CloudflareScimClient.Settings client;
        /** The resyncInterval of ScimApps that leave it out. */
        public Duration defaultResync;
        /** The requestBudget of ScimApps that leave it out. */
        public TokenBudget.Limit defaultBudget;
        /** The hosts beside Cloudflare's that tokens may be sent to ({@code --allowed-endpoint-hosts}). */
        public EndpointAllowList allowedEndpoints;
        public Duration deprovisionGiveUp;

        private Builder() {
        }
    }
}
