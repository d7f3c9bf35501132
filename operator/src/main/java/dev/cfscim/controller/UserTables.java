package dev.cfscim.controller;

import dev.cfscim.api.ScimUser;
import dev.cfscim.api.load.NamespaceUsers;
import dev.cfscim.api.load.ResourceSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Each namespace's ScimUsers as a {@link NamespaceUsers} table, brought up to date at each
 * reconcile from the names the ScimUser informer saw change since ({@link #touched}), instead of
 * listing the cache and indexing every user again: at 50,000 ScimUsers that was half an edit's way
 * to Cloudflare.
 *
 * <p>Exact by construction: the informer puts an object in its cache before it tells its handler,
 * and a name is taken out of the touched set before its user is read from the cache, so a change
 * either is read now or stays touched for the next reconcile. A table is listed afresh when its
 * changes outgrow it ({@link NamespaceUsers#needsNewBase}) and at least every {@link #RELIST}: a
 * safety net that costs one listing per namespace in that time.
 */
final class UserTables {

    static final Duration RELIST = Duration.ofMinutes(10);

    private final Function<String, List<ScimUser>> listing;
    private final BiFunction<String, String, Optional<ScimUser>> cached;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    /**
     * A namespace's table and the names touched since it was made; the table is made under its lock,
     * and let go by the informer's thread once more names are touched than it has room for.
     */
    private static final class Namespace {
        final Set<String> touched = ConcurrentHashMap.newKeySet();
        volatile NamespaceUsers table;
        volatile int room = Integer.MAX_VALUE;
        long listedAt;
    }

    /**
     * @param listing every cached ScimUser of a namespace
     * @param cached  the cached ScimUser of a namespace and name, if there is one
     */
    UserTables(Function<String, List<ScimUser>> listing, BiFunction<String, String, Optional<ScimUser>> cached) {
        this.listing = listing;
        this.cached = cached;
    }

    /**
     * Called for every event the informer brings on {@code user} (status writes too), after its cache
     * holds it. Only namespaces with a table keep names: the first table is listed after its entry is
     * made, so a change not noted here is in that listing.
     */
    void touched(ScimUser user) {
        Namespace entry = namespaces.get(ResourceSet.namespaceOf(user));
        if (entry != null && entry.touched.add(user.getMetadata().getName()) && entry.touched.size() > entry.room) {
            // The next reconcile lists afresh anyway; let the table's former objects go now, not then:
            // after a first sync, with nothing more to do, it would hold every ScimUser twice until then.
            entry.table = null;
        }
    }

    /** The namespace's ScimUsers as the cache holds them now. */
    NamespaceUsers current(String namespace) {
        Namespace entry = namespaces.computeIfAbsent(namespace, n -> new Namespace());
        synchronized (entry) {
            // Taken out before they are read: a name touched again from here on is read next time.
            List<String> names = drain(entry.touched);
            long now = System.nanoTime();
            NamespaceUsers table = entry.table;
            if (table == null || table.needsNewBase(names.size()) || now - entry.listedAt > RELIST.toNanos()) {
                table = NamespaceUsers.of(listing.apply(namespace));
                entry.listedAt = now;
            } else if (!names.isEmpty()) {
                Map<String, Optional<ScimUser>> changes = new HashMap<>();
                names.forEach(name -> changes.put(name, cached.apply(namespace, name)));
                table = table.with(changes);
            }
            entry.room = table.roomForChanges();
            entry.table = table;
            return table;
        }
    }

    /** Forgets a namespace no ScimApp is left in. */
    void forget(String namespace) {
        namespaces.remove(namespace);
    }

    private static List<String> drain(Set<String> touched) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = touched.iterator(); it.hasNext(); ) {
            names.add(it.next());
            it.remove();
        }
        return names;
    }
}
