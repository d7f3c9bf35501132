package dev.cfscim.scim;

/**
 * Cloudflare's rate-limit window as its answers told it: what remains of it less what was sent
 * since ({@code Ratelimit}, {@code X-RateLimit-Remaining}) and when it resets (a pause it asked
 * for is the {@link CloudflarePause}'s). Until a header has spoken the window is unknown
 * and the budget paces by its headroom alone. What remains is our {@link OtherWriters#shareOf
 * share} of it while another writer spends the token too.
 *
 * <p>Not thread-safe: the {@link TokenBudget} that owns it guards it with its own lock.
 */
final class CloudflareWindow {

    private final int requests;
    private final long windowNanos;
    private final OtherWriters writers;
    /** Whether a {@code Ratelimit} header has told us of Cloudflare's window; until then the headroom paces. */
    private boolean known;
    /** What remains of Cloudflare's window as last told, less what was sent since. */
    private int remaining;
    /** The latest the window told of can end: the time it was told plus its seconds to reset. */
    private long resetNanos;
    /** Whether that window is over and a fresh one assumed, until a header tells of the fresh one. */
    private boolean rolledOver;

    CloudflareWindow(TokenBudget.Limit limit, OtherWriters writers) {
        this.requests = limit.requests();
        this.windowNanos = limit.per().toNanos();
        this.writers = writers;
    }

    /** The same token under a new limit: what Cloudflare told still counts. */
    CloudflareWindow(TokenBudget.Limit limit, OtherWriters writers, CloudflareWindow previous) {
        this(limit, writers);
        known = previous.known;
        remaining = previous.remaining;
        resetNanos = previous.resetNanos;
        rolledOver = previous.rolledOver;
    }

    boolean known() {
        return known;
    }

    // ---- spending -------------------------------------------------------------------------------

    /**
     * Once the window told of is over, a fresh one holds the whole limit (our share of it while
     * another writer spends too), less what others send, which its first header tells.
     */
    void rollOverIfOver(long now) {
        if (known && !rolledOver && now - resetNanos >= 0) {
            remaining = writers.shareOf(requests);
            rolledOver = true;
        }
    }

    /** Whether Cloudflare's window, as far as it is known, has room for one more request. */
    boolean hasRoom() {
        return !known || remaining > 0;
    }

    /** One request went. */
    void spend() {
        if (known) {
            remaining--;
        }
    }

    /** Nanoseconds until the window told of has room again: zero when it has room or is over. */
    long waitForRoom(long now) {
        return hasRoom() || rolledOver ? 0 : resetNanos - now;
    }

    /** What remains at {@code now} (a fresh window's share once the one told of is over); only when known. */
    int left(long now) {
        boolean over = rolledOver || now - resetNanos >= 0;
        return over ? writers.shareOf(requests) : remaining;
    }

    // ---- what a header said ---------------------------------------------------------------------

    /**
     * A header said {@code told} requests remain of a window that resets at {@code resetAt};
     * {@code sentOfOurs} is what the budget's own log holds now.
     */
    void observe(int told, long resetAt, int sentOfOurs) {
        writers.answered();
        // Headers of one window tell ends within a second or so of each other (whole seconds, the
        // network); the next window's end is about a window later. Half a window tells them apart.
        boolean laterWindow = resetAt - resetNanos > windowNanos / 2;
        if (!known) {
            known = true;
            // Requests still in flight are not in this answer's count; those our log holds may be.
            remaining = Math.min(told, Math.max(0, requests - sentOfOurs));
            resetNanos = resetAt;
            writers.firstWindow(told);
        } else if (laterWindow) {
            // Seen in the window just over (not in one long gone): the other writer may still be there.
            writers.laterWindow(told, resetAt - resetNanos < windowNanos * 3 / 2);
            // Requests sent since this answer's request are not in its count: keep the lower figure.
            remaining = Math.min(remaining, writers.shareOf(told));
            resetNanos = resetAt;
            rolledOver = false;
        } else if (!rolledOver) {
            writers.sameWindow(told);
            remaining = Math.min(remaining, writers.shareOf(told));
            // Every header's end is at or after the true one, so the earliest is the closest.
            resetNanos = Math.min(resetNanos, resetAt);
        }
        // Otherwise a late answer from the window that is over: it says nothing of the fresh one.
    }
}
