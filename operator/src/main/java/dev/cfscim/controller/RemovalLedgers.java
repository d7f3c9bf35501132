package dev.cfscim.controller;

import dev.cfscim.retry.RetryPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable removal ledgers: one ConfigMap per Cloudflare account, {@code cfscim-ledger-<accountId>}
 * in the operator's own namespace, holding an {@link AccountLedger}. Keyed by account, not by
 * ScimApp, and owned by nothing: deleting a ScimApp (or all of them) keeps the count, and apps on one
 * account share it. Its one job is reading and writing it with optimistic concurrency: every write
 * names the resourceVersion it read, and a conflict is met by reading again and redoing the change,
 * a few times. A ledger that cannot be read or written says why, and nothing is removed on it.
 */
final class RemovalLedgers {

    static final String NAME_PREFIX = "cfscim-ledger-";
    static final String ACCOUNT_LABEL = "scim.cfscim.dev/account";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /**
     * Reads and writes of one change, before giving up on a ledger other writers keep changing: a
     * 409 (written or created by another since the read) or a 404 (deleted since) reads it again.
     */
    static final RetryPolicy<KubernetesClientException> CONFLICTS = new RetryPolicy<>(4, RetryPolicy.Backoff.NONE,
            KubernetesClientException.class, e -> e.getCode() == 409 || e.getCode() == 404);

    private static final Logger LOG = LoggerFactory.getLogger(RemovalLedgers.class);

    private final KubernetesClient kube;
    private final String namespace;
    /**
     * Each account's ledger as this process last read or wrote it. A reconcile plans on it without a
     * read (one request fewer per reconcile); the write still names the resourceVersion it holds, so a
     * ledger someone else changed since is refused (409), read again and the change redone on it: the
     * limits hold at the write, whatever the plan assumed.
     */
    private final Map<String, Snapshot> known = new ConcurrentHashMap<>();

    RemovalLedgers(KubernetesClient kube, String namespace) {
        this.kube = kube;
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    /** Where the account's ledger lives, as messages name it. */
    String where(String accountId) {
        return "ConfigMap " + namespace + "/" + NAME_PREFIX + accountId;
    }

    /**
     * The account's ledger as read: the ConfigMap ({@code map} null when there is none yet, and then
     * {@code ledger} is the seed it would start from), or why it cannot be used ({@code problem}).
     */
    record Snapshot(String accountId, ConfigMap map, AccountLedger ledger, String problem) {
        boolean usable() {
            return problem == null;
        }
    }

    /** What a change makes of the ledger ({@code after} null: nothing to write) and what it tells its caller. */
    record Step<T>(AccountLedger after, T told) {
    }

    /** The ledger after a change and what the change told, or why it could not be written ({@code problem}). */
    record Written<T>(Snapshot snapshot, T told, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** The account's ledger as last read or written here, else read now. */
    Snapshot current(String accountId, AccountLedger seed) {
        Snapshot last = known.get(accountId);
        return last != null ? last : read(accountId, seed);
    }

    /** Reads the account's ledger; {@code seed} stands for it while there is no ConfigMap yet. */
    Snapshot read(String accountId, AccountLedger seed) {
        Snapshot snapshot = readFromApi(accountId, seed);
        remember(snapshot);
        return snapshot;
    }

    /** Only a ledger read from a ConfigMap is kept: a missing one is each app's own seed. */
    private void remember(Snapshot snapshot) {
        if (snapshot.usable() && snapshot.map() != null) {
            known.put(snapshot.accountId(), snapshot);
        } else {
            known.remove(snapshot.accountId());
        }
    }

    private Snapshot readFromApi(String accountId, AccountLedger seed) {
        ConfigMap map;
        try {
            map = kube.configMaps().inNamespace(namespace).withName(NAME_PREFIX + accountId).get();
        } catch (RuntimeException e) {
            return new Snapshot(accountId, null, null, "cannot read " + where(accountId) + ": " + describe(e));
        }
        if (map == null) {
            return new Snapshot(accountId, null, seed, null);
        }
        try {
            return new Snapshot(accountId, map, AccountLedger.parse(map.getData()), null);
        } catch (IllegalArgumentException e) {
            return new Snapshot(accountId, map, null, where(accountId) + " does not hold a ledger: " + e.getMessage()
                    + "; delete it, and the next reconcile starts it again from the ScimApps' statuses");
        }
    }

    /**
     * Applies {@code change} to the ledger of {@code current} and writes the result (creating the
     * ConfigMap the first time): one write, or none when the change has nothing to write. A conflict
     * (someone wrote since the read) reads again and redoes the change on what is there, as often
     * as {@link #CONFLICTS} allows; any other failure is told at once.
     */
    <T> Written<T> update(Snapshot current, AccountLedger seed, Function<AccountLedger, Step<T>> change) {
        String accountId = current.accountId();
        Snapshot snapshot = current;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1 || !snapshot.usable()) {
                snapshot = read(accountId, seed);
                if (!snapshot.usable()) {
                    return new Written<>(snapshot, null, snapshot.problem());
                }
            }
            Step<T> step = change.apply(snapshot.ledger());
            if (step.after() == null) {
                return new Written<>(snapshot, step.told(), null);
            }
            try {
                ConfigMap written = write(snapshot, step.after());
                Snapshot after = new Snapshot(accountId, written, step.after(), null);
                remember(after);
                return new Written<>(after, step.told(), null);
            } catch (KubernetesClientException e) {
                if (!CONFLICTS.retryable(e)) {
                    return new Written<>(snapshot, null, "cannot write " + where(accountId) + ": " + describe(e));
                }
                if (!CONFLICTS.retries(attempt, e)) {
                    return new Written<>(snapshot, null, "cannot write " + where(accountId) + ": it kept changing ("
                            + CONFLICTS.maxAttempts() + " conflicts in a row)");
                }
                LOG.debug("{} changed since it was read: reading it again", where(accountId));
            } catch (RuntimeException e) {
                return new Written<>(snapshot, null, "cannot write " + where(accountId) + ": " + describe(e));
            }
        }
    }

    private ConfigMap write(Snapshot snapshot, AccountLedger ledger) {
        String name = NAME_PREFIX + snapshot.accountId();
        if (snapshot.map() == null) {
            ConfigMap fresh = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels(labels(snapshot.accountId()))
                    .endMetadata().withData(ledger.data()).build();
            return kube.configMaps().inNamespace(namespace).resource(fresh).create();
        }
        // The resourceVersion read stays on the object: the API server refuses the update (409) if it moved.
        ConfigMap next = new ConfigMapBuilder(snapshot.map()).withData(ledger.data()).build();
        return kube.configMaps().inNamespace(namespace).resource(next).update();
    }

    /** A failure in a few words: the API server's status and message when it answered, else the exception's. */
    private static String describe(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            String message = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
                    : k.getMessage();
            return "HTTP " + k.getCode() + " " + message;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The labels every ledger carries, for {@code kubectl get configmap -l}. */
    static Map<String, String> labels(String accountId) {
        return Map.of(MANAGED_BY_LABEL, "cfscim", ACCOUNT_LABEL, accountId);
    }
}
