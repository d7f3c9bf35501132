package dev.cfscim.scim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another writer on the same token (a second cluster, the CLI beside the operator), as the
 * {@code Ratelimit} headers betray it: a remaining count that falls faster than our own requests
 * explain. From then on, and for the window after the last one it was seen in, the budget takes only
 * {@link #shareOf half} of what each header says remains: two writers that both do so never spend
 * more than the header leaves, and the other's spending keeps lowering ours. Said once at INFO.
 *
 * <p>Not thread-safe: the {@link TokenBudget} that owns it guards it with its own lock.
 */
final class OtherWriters {

    /** Under the budget's name: what an operator filters its logs by. */
    private static final Logger LOG = LoggerFactory.getLogger(TokenBudget.class);

    private final int requests;
    /** Every request the budget let through, ever, and every answer that told what remains. */
    private long sentTotal;
    private long answersTotal;
    /** The first header of Cloudflare's current window, and {@code answersTotal} when it came (itself included). */
    private int anchorRemaining;
    private long anchorAnswers;
    /** Others' spending since the anchor as last estimated, and the most of it seen between two of our answers. */
    private long othersSoFar;
    private long othersBurst;
    /**
     * The most requests we had in flight at once in this window, at most a tenth of the limit (an
     * answer without the header never comes off the count).
     */
    private long peakInFlight;
    /** Whether another writer's spending was seen in this window; in the previous one. */
    private boolean othersThisWindow;
    private boolean othersLastWindow;

    OtherWriters(TokenBudget.Limit limit) {
        this.requests = limit.requests();
    }

    /** What was seen of the same token under its previous limit still holds. */
    OtherWriters(TokenBudget.Limit limit, OtherWriters previous) {
        this(limit);
        sentTotal = previous.sentTotal;
        answersTotal = previous.answersTotal;
        anchorRemaining = previous.anchorRemaining;
        anchorAnswers = previous.anchorAnswers;
        othersThisWindow = previous.othersThisWindow;
        othersSoFar = previous.othersSoFar;
        othersBurst = previous.othersBurst;
        peakInFlight = previous.peakInFlight;
        othersLastWindow = previous.othersLastWindow;
    }

    /** One of our requests went. */
    void sent() {
        sentTotal++;
        peakInFlight = Math.max(peakInFlight, inFlight());
    }

    /** One of our answers told what remains. */
    void answered() {
        answersTotal++;
    }

    /** The first header ever: counting starts from it. */
    void firstWindow(int remaining) {
        anchor(remaining);
    }

    /**
     * The first header of a later window; {@code adjacent} when that window follows the one before
     * right away (not one long gone): a writer seen there may still be there.
     */
    void laterWindow(int remaining, boolean adjacent) {
        othersLastWindow = othersThisWindow && adjacent;
        othersThisWindow = false;
        if (!othersLastWindow) {
            othersBurst = 0;
        }
        peakInFlight = inFlight();
        anchor(remaining);
    }

    private long inFlight() {
        return Math.max(0, Math.min(sentTotal - answersTotal, requests / 10));
    }

    /** Counts from this header on: what falls below it, less what we send, is others' spending. */
    private void anchor(int remaining) {
        anchorRemaining = remaining;
        anchorAnswers = answersTotal;
        othersSoFar = 0;
    }

    /**
     * A later header of the same window: whether the count fell, since the window's first header,
     * by more than we can have spent: every request sent since that header's own was answered, ours
     * still in flight included (a bound that never mistakes our own concurrency for another writer).
     * By more than a few, another writer spends on this token.
     */
    void sameWindow(int remaining) {
        long others = (anchorRemaining - remaining) - (sentTotal - anchorAnswers);
        // What the other sends between two of our answers is in flight when we next decide: kept back.
        othersBurst = Math.max(othersBurst, others - othersSoFar);
        othersSoFar = Math.max(othersSoFar, others);
        if (others > Math.max(2, requests / 100) && !othersThisWindow) {
            othersThisWindow = true;
            if (!othersLastWindow) {
                LOG.info("Another writer spends this token's rate limit ({} requests of this window not ours): "
                        + "this budget now takes half of what Cloudflare says remains", others);
            }
        }
    }

    /** Whether another writer was seen spending this token's limit in this window or the last. */
    boolean present() {
        return othersThisWindow || othersLastWindow;
    }

    /**
     * What we may spend of {@code remaining}: all of it, or while another writer spends too, half
     * of what is left once the most it was seen to send between two of our answers is kept back
     * (what it has in flight when we decide, which the header cannot yet show).
     */
    int shareOf(int remaining) {
        if (!present()) {
            return remaining;
        }
        // The estimate of its burst misses up to what we had in flight ourselves: keep that back too.
        return (int) Math.max(0, (remaining - othersBurst - peakInFlight) / 2);
    }
}
