package dev.cfscim.controller;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When each app's oldest declaration change not yet taken up by a reconcile reached the operator:
 * the start of what {@code cfscim_change_to_sync_seconds} times, from the watch event to the end of
 * the Cloudflare work that followed it. This is the part of an edit's latency that is the
 * operator's own: the API server's write and the watch's delivery come before it.
 *
 * <p>The informers' filters call {@link #arrived} from their threads when a change passes them;
 * a reconcile {@link #take}s its app's arrival before it reads the caches, so a change arriving
 * during a reconcile stays for the next one, which JOSDK runs because of it.
 */
final class ChangeArrivals {

    private final Map<ResourceID, Long> oldest = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    ChangeArrivals(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    ChangeArrivals() {
        this(System::nanoTime);
    }

    /** A change that concerns {@code apps} has just arrived; an earlier one not taken up stays the oldest. */
    void arrived(Collection<ResourceID> apps) {
        long now = nanoTime.getAsLong();
        apps.forEach(app -> oldest.putIfAbsent(app, now));
    }

    /** The oldest arrival for {@code app} not taken up yet, in {@link System#nanoTime()}'s terms; then forgotten. */
    OptionalLong take(ResourceID app) {
        Long at = oldest.remove(app);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** Nanoseconds from {@code arrival} until now. */
    long since(long arrival) {
        return nanoTime.getAsLong() - arrival;
    }

    /** A deleted app's arrival, which nothing would take. */
    void forget(ResourceID app) {
        oldest.remove(app);
    }
}
