package dev.cfscim.controller;

import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import java.time.Duration;
import java.util.Objects;

/**
 * How the operator paces itself: retries, rail rechecks, and the client's settings; the defaults
 * for ScimApps that leave resyncInterval and requestBudget out; which hosts a token may be sent to;
 * and how long a deletionPolicy: Deprovision app's deletion waits for an unreachable Cloudflare
 * before it orphans the app's members. Built with {@link #builder()} or {@link #toBuilder()}: one
 * place says how a copy with one change is made.
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
        return builder().build();
    }

    /**
     * For an emulator on loopback (the demo, the tests, the benchmark): retries and rechecks in
     * milliseconds, so that a walk waits seconds, not minutes, and the loopback host allowed.
     */
    public static ReconcilerSettings loopback() {
        return builder().retryBase(Duration.ofMillis(200)).retryMax(Duration.ofSeconds(2))
                .blockedRecheck(Duration.ofMillis(500))
                .client(CloudflareScimClient.Settings.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
                        .withMaxRateLimitWait(Duration.ofSeconds(2)))
                .allowedEndpoints(EndpointAllowList.LOOPBACK).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().retryBase(retryBase).retryMax(retryMax).blockedRecheck(blockedRecheck).client(client)
                .defaultResync(defaultResync).defaultBudget(defaultBudget).allowedEndpoints(allowedEndpoints)
                .deprovisionGiveUp(deprovisionGiveUp);
    }

    /** Starts from production's defaults; each setter changes one thing. */
    public static final class Builder {
        private Duration retryBase = Duration.ofSeconds(10);
        private Duration retryMax = Duration.ofMinutes(10);
        // A held deprovision is rechecked (with a scan) every 5 minutes: a few percent of the
        // token's budget for a large account, and only while something is held.
        private Duration blockedRecheck = Duration.ofMinutes(5);
        // The operator does not sit out a 5-minute 429 in a reconcile thread: it requeues.
        private CloudflareScimClient.Settings client =
                CloudflareScimClient.Settings.defaults().withMaxRateLimitWait(Duration.ofSeconds(5));
        private Duration defaultResync = Duration.ofMinutes(10);
        private TokenBudget.Limit defaultBudget = TokenBudget.Limit.CLOUDFLARE;
        private EndpointAllowList allowedEndpoints = EndpointAllowList.CLOUDFLARE_ONLY;
        private Duration deprovisionGiveUp = Duration.ofMinutes(15);

        private Builder() {
        }

        public Builder retryBase(Duration value) {
            retryBase = value;
            return this;
        }

        public Builder retryMax(Duration value) {
            retryMax = value;
            return this;
        }

        public Builder blockedRecheck(Duration value) {
            blockedRecheck = value;
            return this;
        }

        public Builder client(CloudflareScimClient.Settings value) {
            client = value;
            return this;
        }

        /** The resyncInterval of ScimApps that leave it out. */
        public Builder defaultResync(Duration value) {
            defaultResync = value;
            return this;
        }

        /** The requestBudget of ScimApps that leave it out. */
        public Builder defaultBudget(TokenBudget.Limit value) {
            defaultBudget = value;
            return this;
        }

        /** The hosts beside Cloudflare's that tokens may be sent to ({@code --allowed-endpoint-hosts}). */
        public Builder allowedEndpoints(EndpointAllowList value) {
            allowedEndpoints = value;
            return this;
        }

        public Builder deprovisionGiveUp(Duration value) {
            deprovisionGiveUp = value;
            return this;
        }

        public ReconcilerSettings build() {
            return new ReconcilerSettings(retryBase, retryMax, blockedRecheck, client, defaultResync, defaultBudget,
                    allowedEndpoints, deprovisionGiveUp);
        }
    }
}
