package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.load.NamespaceUsers;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tables follow a cache through the names its informer reports, listing it only when they must. */
class UserTablesTest {

    /** A cache as the informer keeps it: one namespace's users by name. */
    private final Map<String, ScimUser> cache = new LinkedHashMap<>();
    private final AtomicInteger listings = new AtomicInteger();
    private final UserTables tables = new UserTables(namespace -> {
        listings.incrementAndGet();
        return List.copyOf(cache.values());
    }, (namespace, name) -> Optional.ofNullable(cache.get(name)));

    @Test
    void changesTheInformerReportsReachTheTableWithoutAListing() {
        put(user("alice"));
        put(user("bob"));
        NamespaceUsers first = tables.current("ns");
        assertThat(first.list()).extracting(u -> u.getMetadata().getName()).containsExactly("alice", "bob");

        ScimUser bob = user("bob");
        bob.getMetadata().setResourceVersion("2");
        tables.touched(put(bob));
        tables.touched(put(user("carol")));
        ScimUser alice = cache.remove("alice");
        tables.touched(alice);

        NamespaceUsers next = tables.current("ns");
        assertThat(next.list()).containsExactly(bob, cache.get("carol"));
        assertThat(next.named("alice")).isEmpty();
        assertThat(listings).hasValue(1);
        // Nothing touched since: the very table again.
        assertThat(tables.current("ns")).isSameAs(next);
    }

    @Test
    void aChangeBeforeTheFirstTableIsInItsListing() {
        // The informer reports a change in a namespace no table was made for: nothing is kept...
        tables.touched(put(user("alice")));
        // ...and the first table lists the cache, which holds it.
        assertThat(tables.current("ns").named("alice")).isPresent();
        assertThat(tables.current("ns").list()).hasSize(1);
        assertThat(listings).hasValue(1);
    }

    @Test
    void tooManyChangesAreAListingRatherThanATableHoldingEveryUserTwice() {
        for (int i = 0; i < 100; i++) {
            put(user("u" + i));
        }
        tables.current("ns");
        // A few changes are read one by one...
        for (int i = 0; i < 10; i++) {
            tables.touched(put(changed(user("u" + i))));
        }
        assertThat(tables.current("ns").named("u0")).containsSame(cache.get("u0"));
        assertThat(listings).hasValue(1);
        // ...past 64 and a sixteenth of 100 in all, the cache is listed instead: a first sync writes
        // every user's status, and a table made from those changes would keep each user's former object.
        for (int i = 10; i < 71; i++) {
            tables.touched(put(changed(user("u" + i))));
        }

        NamespaceUsers relisted = tables.current("ns");

        assertThat(listings).hasValue(2);
        assertThat(relisted.needsNewBase(0)).isFalse();
        assertThat(relisted.list()).isEqualTo(List.copyOf(cache.values()));
    }

    private static ScimUser changed(ScimUser user) {
        user.getMetadata().setResourceVersion("2");
        return user;
    }

    @Test
    void aForgottenNamespaceIsListedAgain() {
        put(user("alice"));
        tables.current("ns");
        tables.forget("ns");
        tables.touched(put(user("bob")));

        assertThat(tables.current("ns").list()).hasSize(2);
        assertThat(listings).hasValue(2);
    }

    private ScimUser put(ScimUser user) {
        cache.put(user.getMetadata().getName(), user);
        return user;
    }

    private static ScimUser user(String name) {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withResourceVersion("1").build());
        user.setSpec(new ScimUserSpec(name + "@example.com", null, null, true));
        return user;
    }
}
