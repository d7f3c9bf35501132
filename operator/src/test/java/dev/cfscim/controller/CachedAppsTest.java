package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.TokenSecretRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The apps a secondary resource concerns, looked up in a cache as fabric8's informers keep it,
 * including while the app is being replaced there (each of the operator's status writes does that).
 */
class CachedAppsTest {

    private final CacheImpl<ScimApp> cache = new CacheImpl<>();
    private final CachedApps apps = new CachedApps(josdkView(cache));

    @Test
    void findsTheAppsOfANamespaceOfASecretAndOfAnAccount() {
        cache.put(app("team", "cloudflare", "uid-1", "acc1", "cf-token"));
        cache.put(app("team", "other", "uid-2", "acc2", "other-token"));
        cache.put(app("ops", "same-account", "uid-3", "acc1", "cf-token"));
        ScimApp leaving = app("ops", "leaving", "uid-4", "acc1", "cf-token");
        leaving.getMetadata().setDeletionTimestamp("2026-12-08T00:00:00Z");
        cache.put(leaving);

        assertThat(apps.idsIn("team")).containsExactlyInAnyOrder(new ResourceID("cloudflare", "team"),
                new ResourceID("other", "team"));
        assertThat(apps.idsIn("nobody")).isEmpty();
        // A Secret concerns the apps of its own namespace that name it, not those of another namespace.
        assertThat(apps.reading(secret("team", "cf-token"))).containsExactly(new ResourceID("cloudflare", "team"));
        assertThat(apps.reading(secret("team", "unrelated"))).isEmpty();
        // Neighbours wake whether they are leaving or not; the status lists only those that stay.
        assertThat(apps.neighboursOf(cache.getByKey("team/cloudflare"))).containsExactlyInAnyOrder(
                new ResourceID("same-account", "ops"), new ResourceID("leaving", "ops"));
        assertThat(apps.othersOnTheAccountOf(cache.getByKey("team/cloudflare"))).containsExactly("ops/same-account");
        assertThat(apps.othersOnTheAccountOf(cache.getByKey("team/other"))).isEmpty();
    }

    /**
     * The lost edit of issue 20: a ScimGroup's event mapped to its apps while the app's own status
     * write was being put into the cache found none. Our lookup must always find the app; fabric8
     * 7.5.2's index on the same cache, read at the same moments, is shown to miss it, which is why
     * we do not use it (when this half fails, fabric8 fixed its index: see {@link CachedApps}).
     */
    @Test
    void anAppBeingReplacedInTheCacheIsAlwaysFound() throws InterruptedException {
        cache.put(app("team", "cloudflare", "uid-1", "acc1", "cf-token"));
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (long version = 1; !stop.get(); version++) {
                ScimApp next = app("team", "cloudflare", "uid-1", "acc1", "cf-token");
                next.getMetadata().setResourceVersion(Long.toString(version));
                cache.put(next);
            }
        }, "status-writes");
        writer.start();
        long lookups = 0;
        long ourMisses = 0;
        long indexMisses = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            while (System.nanoTime() < deadline && (indexMisses < 3 || lookups < 200_000)) {
                lookups++;
                if (apps.idsIn("team").isEmpty()) {
                    ourMisses++;
                }
                if (cache.byIndex(Cache.NAMESPACE_INDEX, "team").isEmpty()) {
                    indexMisses++;
                }
            }
        } finally {
            stop.set(true);
            writer.join(Duration.ofSeconds(10).toMillis());
        }
        assertThat(ourMisses).as("lookups that found no app, of %d", lookups).isZero();
        assertThat(indexMisses).as("fabric8's index missed the app in %d lookups: if never, fabric8 fixed it", lookups)
                .isPositive();
    }

    /** The cache as JOSDK's primary cache presents it: a scan of fabric8's items. */
    private static io.javaoperatorsdk.operator.processing.event.source.Cache<ScimApp> josdkView(CacheImpl<ScimApp> cache) {
        return new io.javaoperatorsdk.operator.processing.event.source.Cache<>() {
            @Override
            public Optional<ScimApp> get(ResourceID id) {
                return Optional.ofNullable(cache.getByKey(id.getNamespace().orElse("") + "/" + id.getName()));
            }

            @Override
            public Stream<ResourceID> keys() {
                return cache.list().stream().map(ResourceID::fromResource);
            }

            @Override
            public Stream<ScimApp> list(Predicate<ScimApp> predicate) {
                return cache.list().stream().filter(predicate);
            }
        };
    }

    private static ScimApp app(String namespace, String name, String uid, String account, String secret) {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(uid).build());
        ScimAppSpec spec = new ScimAppSpec();
        spec.setAccountId(account);
        spec.setTokenSecretRef(new TokenSecretRef(secret, TokenSecretRef.DEFAULT_KEY));
        app.setSpec(spec);
        return app;
    }

    private static Secret secret(String namespace, String name) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
    }
}
