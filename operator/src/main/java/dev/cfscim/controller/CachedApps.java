package dev.cfscim.controller;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.ResourceSet;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The ScimApps of the operator's cache that a secondary resource concerns: those of its namespace,
 * those reading a token Secret, those calling an account.
 *
 * <p>Every lookup scans the cached apps (a few dozen), never an index of the cache: fabric8 7.5.2
 * replaces an object in an index by taking it out and putting it back, outside the reads' lock
 * (fixed in 7.7.0, fabric8 #7265), so a lookup that ran while an app's own status write reached the
 * cache found no app, and the event that asked (a ScimGroup's edit) woke nobody until the next scan.
 * The cache's items are replaced in one step. {@code CachedAppsTest} holds both halves of this.
 */
final class CachedApps {

    private final Cache<ScimApp> apps;

    CachedApps(Cache<ScimApp> apps) {
        this.apps = apps;
    }

    List<ScimApp> in(String namespace) {
        return where(app -> ResourceSet.namespaceOf(app).equals(namespace));
    }

    Set<ResourceID> idsIn(String namespace) {
        return ids(in(namespace));
    }

    /** The apps whose token is the {@code secret}. */
    Set<ResourceID> reading(Secret secret) {
        String namespace = ResourceSet.namespaceOf(secret);
        String name = secret.getMetadata().getName();
        return ids(where(app -> ResourceSet.namespaceOf(app).equals(namespace) && app.getSpec() != null
                && app.getSpec().getTokenSecretRef() != null && name.equals(app.getSpec().getTokenSecretRef().getName())));
    }

    /** The other apps, in any watched namespace, that call the same account as {@code app}. */
    Set<ResourceID> neighboursOf(ScimApp app) {
        return ids(othersOnTheAccountOf(app, false));
    }

    /** The other live ScimApps that call the same account as {@code app}, by namespace/name. */
    List<String> othersOnTheAccountOf(ScimApp app) {
        return othersOnTheAccountOf(app, true).stream()
                .map(other -> ResourceSet.namespaceOf(other) + "/" + other.getMetadata().getName()).sorted().toList();
    }

    private List<ScimApp> othersOnTheAccountOf(ScimApp app, boolean liveOnly) {
        Optional<String> account = accountOf(app);
        if (account.isEmpty()) {
            return List.of();
        }
        return where(other -> account.equals(accountOf(other))
                && !other.getMetadata().getUid().equals(app.getMetadata().getUid())
                && (!liveOnly || other.getMetadata().getDeletionTimestamp() == null));
    }

    /** What tells two apps' accounts apart: the SCIM endpoint they call, which holds the account id. */
    static Optional<String> accountOf(ScimApp app) {
        return app.getSpec() == null || app.getSpec().getAccountId() == null ? Optional.empty()
                : Optional.of(app.getSpec().resolvedEndpoint().toLowerCase(Locale.ROOT));
    }

    private List<ScimApp> where(Predicate<ScimApp> test) {
        return apps.list(test).toList();
    }

    private static Set<ResourceID> ids(List<ScimApp> found) {
        return found.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }
}
