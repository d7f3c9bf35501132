package dev.cfscim.scim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request budget of one API token, shared by every caller that uses the token: Cloudflare
 * counts requests per token (1,200 per 5 minutes), and going over blocks every call for the rest
 * of the window. The budget keeps a sliding log of the requests it let through and makes a caller
 * wait when another request would put more than {@code requests x headroom} in any window, so a
 * 429 stays an exception. Once Cloudflare's {@code Ratelimit} header has said what remains of its
 * window and when the window resets, the budget spends exactly that (never more than {@code requests}
 * in any window of its own) and so runs close to the whole limit: the headroom is only for when
 * nobody says. A 429 or a header that says nothing remains pauses every caller until the reset, a
 * pause no longer than one window however long Cloudflare asks for.
 *
 * <p>Another writer on the same token (a second cluster, the CLI beside the operator) shows as a
 * remaining count that falls faster than our own requests explain. From then on, and for the
 * window after the last one it was seen in, the budget takes only half of what each header says
 * remains: two writers that both do so never spend more than the header leaves, and the other's
 * spending keeps lowering ours. Said once at INFO, and in {@link #remaining()} (the budget gauge).
 */
public final class TokenBudget {

    /** The limit to stay under: {@code requests} per {@code per}, of which {@code headroom} is used. */
    public record Limit(int requests, Duration per, double headroom) {

        public static final Limit CLOUDFLARE = new Limit(1200, Duration.ofMinutes(5), 0.9);

        public Limit {
            if (requests < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("a request budget needs requests >= 1 and a positive window");
            }
            if (!(headroom > 0 && headroom <= 1)) {
                throw new IllegalArgumentException("headroom must be in (0, 1], got " + headroom);
            }
        }

        /** Requests allowed in any window: at least one, so a tiny budget still makes progress. */
        public int allowed() {
            return Math.max(1, (int) Math.floor(requests * headroom));
        }
    }

    /** How the budget waits; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Told when a caller must wait for the budget, or is turned away because the wait is longer than
     * it may wait: a reconcile or a CLI run that stands still for minutes must say why.
     */
    @FunctionalInterface
    public interface WaitListener {
        void waiting(Wait wait);
    }

    /**
     * One caller's wait: how long, the limit it paces under, how many of its requests the budget
     * lets through in a window now ({@code ceiling}: the headroom's share until Cloudflare's
     * {@code Ratelimit} header has spoken, the whole limit after), and whether Cloudflare asked for
     * it (a 429 or a header saying nothing remains) rather than our own pacing.
     */
    public record Wait(Duration duration, Limit limit, int ceiling, boolean pausedByCloudflare) {

        /** What is waited for: Cloudflare's pause, or our own budget with its numbers. */
        public String cause() {
            return pausedByCloudflare
                    ? "Cloudflare answered that this token's rate limit is reached"
                    : "this token's request budget is spent (" + ceiling + " of " + limit.requests()
                            + " requests per " + limit.per().toString().substring(2).toLowerCase(Locale.ROOT) + ")";
        }

        /** Whole seconds until a request fits, rounded up. */
        public long seconds() {
            return duration.toSeconds() + 1;
        }

        /** For a log line, an event or a condition: what is waited for, and for how long. */
        public String describe() {
            return cause() + "; the next request can go in " + seconds() + "s";
        }
    }

    /** Waits shorter than this are ordinary pacing, not worth telling anyone about. */
    public static final Duration NOTABLE_WAIT = Duration.ofSeconds(1);
    /** For callers with no limit on how long they wait. */
    public static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private static final Logger LOG = LoggerFactory.getLogger(TokenBudget.class);
    private static final Map<ApiToken, TokenBudget> SHARED = new ConcurrentHashMap<>();

    private final Limit limit;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    private long pausedUntilNanos;
    private boolean paused;
    /** Whether a {@code Ratelimit} header has told us of Cloudflare's window; until then the headroom paces. */
    private boolean cloudflareKnown;
    /** What remains of Cloudflare's window as last told, less what was sent since. */
    private int cloudflareRemaining;
    /** The latest the window told of can end: the time it was told plus its seconds to reset. */
    private long cloudflareResetNanos;
    /** Whether that window is over and a fresh one assumed, until a header tells of the fresh one. */
    private boolean cloudflareRolledOver;
    /** Every request this budget let through, ever, and every answer that told what remains. */
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
    private final Set<WaitListener> listeners = new CopyOnWriteArraySet<>();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();

    /** A budget of its own, on the system clock: for one run of the command line. */
    public TokenBudget(Limit limit) {
        this(limit, System::nanoTime, d -> Thread.sleep(Math.max(1, d.toMillis())));
    }

    public TokenBudget(Limit limit, LongSupplier nanoTime, Sleeper sleeper) {
        this.limit = limit;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * The budget every client of this token shares in this process. A later caller with a
     * different limit replaces it: the newest configuration wins.
     */
    public static TokenBudget shared(ApiToken token, Limit limit) {
        return SHARED.compute(token, (t, existing) -> {
            if (existing != null && existing.limit.equals(limit)) {
                return existing;
            }
            TokenBudget budget = new TokenBudget(limit);
            if (existing != null) {
                budget.carryOn(existing);
            }
            return budget;
        });
    }

    /**
     * The same token under a new limit: what Cloudflare counts (the requests already sent in the
     * window, a pause it asked for) still counts, and the listeners and totals go on. Otherwise two
     * ScimApps that share a token with different budgets would each start from an empty window.
     */
    private void carryOn(TokenBudget previous) {
        synchronized (previous) {
            sent.addAll(previous.sent);
            paused = previous.paused;
            pausedUntilNanos = previous.pausedUntilNanos;
            cloudflareKnown = previous.cloudflareKnown;
            cloudflareRemaining = previous.cloudflareRemaining;
            cloudflareResetNanos = previous.cloudflareResetNanos;
            cloudflareRolledOver = previous.cloudflareRolledOver;
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
        previous.listeners.forEach(this::onWait);
        waits.set(previous.waits.get());
        waitedNanos.set(previous.waitedNanos.get());
    }

    public Limit limit() {
        return limit;
    }

    /** Blocks until one more request fits the budget, then counts it as sent. */
    public void acquire() throws InterruptedException {
        acquire(FOREVER);
    }

    /**
     * Blocks until one more request fits the budget and counts it as sent, unless that takes longer
     * than {@code maxWait}: then nothing is counted and the wait still needed is returned, so the
     * caller can come back later instead of holding a thread for minutes. Zero means sent.
     */
    public Duration acquire(Duration maxWait) throws InterruptedException {
        boolean counted = false;
        long started = nanoTime.getAsLong();
        try {
            while (true) {
                Duration wait = tryAcquire();
                if (wait.isZero()) {
                    return Duration.ZERO;
                }
                if (!counted) {
                    waits.incrementAndGet();
                    if (wait.compareTo(NOTABLE_WAIT) >= 0) {
                        Wait notable = new Wait(wait, limit, ceiling(), pausedByCloudflare());
                        listeners.forEach(l -> l.waiting(notable));
                    }
                    counted = true;
                }
                if (wait.compareTo(maxWait) > 0) {
                    return wait;
                }
                sleeper.sleep(wait);
            }
        } finally {
            if (counted) {
                waitedNanos.addAndGet(nanoTime.getAsLong() - started);
            }
        }
    }

    /**
     * Requests let through in any window now: the headroom's share of the limit until Cloudflare's
     * header has told what remains, the whole limit after (its remaining count paces then).
     */
    public synchronized int ceiling() {
        return cloudflareKnown ? limit.requests() : limit.allowed();
    }

    /** Whether callers now wait because Cloudflare asked for it (a 429), rather than for our own pacing. */
    public synchronized boolean pausedByCloudflare() {
        return paused && nanoTime.getAsLong() - pausedUntilNanos < 0;
    }

    /** Adds a listener told of every notable wait on this budget, whoever the caller; once per listener. */
    public void onWait(WaitListener listener) {
        listeners.add(listener);
    }

    /** Stops telling {@code listener}: an operator stopping in a process whose budgets live on. */
    public void removeWaitListener(WaitListener listener) {
        listeners.remove(listener);
    }

    /** Times a caller had to wait for the budget, or was turned away by it. */
    public long waits() {
        return waits.get();
    }

    /** Time callers spent waiting for the budget, in seconds. */
    public double waitedSeconds() {
        return waitedNanos.get() / 1e9;
    }

    /** Counts a request and returns zero when it fits now; otherwise how long to wait before trying again. */
    synchronized Duration tryAcquire() {
        long now = nanoTime.getAsLong();
        if (paused && now - pausedUntilNanos < 0) {
            return Duration.ofNanos(pausedUntilNanos - now);
        }
        paused = false;
        long windowNanos = limit.per().toNanos();
        while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
            sent.pollFirst();
        }
        if (cloudflareKnown && !cloudflareRolledOver && now - cloudflareResetNanos >= 0) {
            // Cloudflare's window is over: a fresh one holds the whole limit (our share of it while
            // another writer spends too), less what others send, which its first header tells.
            cloudflareRemaining = shareOf(limit.requests());
            cloudflareRolledOver = true;
        }
        int ceiling = ceiling();
        boolean cloudflareHasRoom = !cloudflareKnown || cloudflareRemaining > 0;
        if (cloudflareHasRoom && sent.size() < ceiling) {
            sent.addLast(now);
            sentTotal++;
            peakInFlight = Math.max(peakInFlight, inFlight());
            if (cloudflareKnown) {
                cloudflareRemaining--;
            }
            return Duration.ZERO;
        }
        long ownWait = sent.size() < ceiling ? 0 : sent.peekFirst() + windowNanos - now;
        long cloudflareWait = cloudflareHasRoom || cloudflareRolledOver ? 0 : cloudflareResetNanos - now;
        return Duration.ofNanos(Math.max(1, Math.max(ownWait, cloudflareWait)));
    }

    /**
     * Cloudflare said 429: nobody sends on this token until the wait is over, but never longer than
     * one window (see {@link #capPause}).
     */
    public synchronized void pauseFor(Duration wait) {
        long until = nanoTime.getAsLong() + capPause(wait).toNanos();
        if (!paused || until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
            paused = true;
        }
    }

    /**
     * A pause Cloudflare asked for, no longer than one window: its block lasts a window, so a longer
     * {@code Retry-After} (a day, from a proxy or a bug) would stop every caller of the token for
     * nothing. Said in the log when it is cut.
     */
    public Duration capPause(Duration asked) {
        if (asked.compareTo(limit.per()) <= 0) {
            return asked.isNegative() ? Duration.ZERO : asked;
        }
        LOG.warn("Cloudflare asked to wait {}s, longer than the rate limit's window; waiting {}s",
                asked.toSeconds(), limit.per().toSeconds());
        return limit.per();
    }

    /**
     * What Cloudflare's {@code Ratelimit} header said: {@code remaining} requests in its window,
     * which resets in {@code untilReset}. The budget spends no more than that before the reset.
     * When nothing remains, others are using the token too: wait for the reset rather than earn
     * a 5-minute block.
     */
    public void observeRemaining(int remaining, Duration untilReset) {
        Duration reset = capPause(untilReset);
        if (remaining <= 0 && !reset.isZero()) {
            pauseFor(reset);
        }
        observeWindow(Math.max(0, remaining), reset);
    }

    private synchronized void observeWindow(int remaining, Duration untilReset) {
        long resetAt = nanoTime.getAsLong() + untilReset.toNanos();
        answersTotal++;
        // Headers of one window tell ends within a second or so of each other (whole seconds, the
        // network); the next window's end is about a window later. Half a window tells them apart.
        boolean laterWindow = resetAt - cloudflareResetNanos > limit.per().toNanos() / 2;
        if (!cloudflareKnown) {
            cloudflareKnown = true;
            // Requests still in flight are not in this answer's count; those our log holds may be.
            cloudflareRemaining = Math.min(remaining, Math.max(0, limit.requests() - sent.size()));
            cloudflareResetNanos = resetAt;
            anchor(remaining);
        } else if (laterWindow) {
            // Seen in the window just over (not in one long gone): the other writer may still be there.
            othersLastWindow = othersThisWindow && resetAt - cloudflareResetNanos < limit.per().toNanos() * 3 / 2;
            othersThisWindow = false;
            if (!othersLastWindow) {
                othersBurst = 0;
            }
            peakInFlight = inFlight();
            anchor(remaining);
            // Requests sent since this answer's request are not in its count: keep the lower figure.
            cloudflareRemaining = Math.min(cloudflareRemaining, shareOf(remaining));
            cloudflareResetNanos = resetAt;
            cloudflareRolledOver = false;
        } else if (!cloudflareRolledOver) {
            noticeOthers(remaining);
            cloudflareRemaining = Math.min(cloudflareRemaining, shareOf(remaining));
            // Every header's end is at or after the true one, so the earliest is the closest.
            cloudflareResetNanos = Math.min(cloudflareResetNanos, resetAt);
        }
        // Otherwise a late answer from the window that is over: it says nothing of the fresh one.
    }

    private long inFlight() {
        return Math.max(0, Math.min(sentTotal - answersTotal, limit.requests() / 10));
    }

    /** Counts from this header on: what falls below it, less what we send, is others' spending. */
    private void anchor(int remaining) {
        anchorRemaining = remaining;
        anchorAnswers = answersTotal;
        othersSoFar = 0;
    }

    /**
     * Whether the count fell, since the window's first header, by more than we can have spent:
     * every request sent since that header's own was answered, ours still in flight included (a
     * bound that never mistakes our own concurrency for another writer). By more than a few, another
     * writer spends on this token.
     */
    private void noticeOthers(int remaining) {
        long others = (anchorRemaining - remaining) - (sentTotal - anchorAnswers);
        // What the other sends between two of our answers is in flight when we next decide: kept back.
        othersBurst = Math.max(othersBurst, others - othersSoFar);
        othersSoFar = Math.max(othersSoFar, others);
        if (others > Math.max(2, limit.requests() / 100) && !othersThisWindow) {
            othersThisWindow = true;
            if (!othersLastWindow) {
                LOG.info("Another writer spends this token's rate limit ({} requests of this window not ours): "
                        + "this budget now takes half of what Cloudflare says remains", others);
            }
        }
    }

    /** Whether another writer was seen spending this token's limit in this window or the last. */
    public synchronized boolean sharedWithAnotherWriter() {
        return othersThisWindow || othersLastWindow;
    }

    /**
     * What we may spend of {@code remaining}: all of it, or while another writer spends too, half
     * of what is left once the most it was seen to send between two of our answers is kept back
     * (what it has in flight when we decide, which the header cannot yet show).
     */
    private int shareOf(int remaining) {
        if (!sharedWithAnotherWriter()) {
            return remaining;
        }
        // The estimate of its burst misses up to what we had in flight ourselves: keep that back too.
        return (int) Math.max(0, (remaining - othersBurst - peakInFlight) / 2);
    }

    /** Requests that fit the current window before the budget makes callers wait. */
    public synchronized int remaining() {
        long now = nanoTime.getAsLong();
        long windowNanos = limit.per().toNanos();
        long inWindow = sent.stream().filter(t -> now - t < windowNanos).count();
        if (!cloudflareKnown) {
            return (int) Math.max(0, limit.allowed() - inWindow);
        }
        boolean over = cloudflareRolledOver || now - cloudflareResetNanos >= 0;
        int cloudflareLeft = over ? shareOf(limit.requests()) : cloudflareRemaining;
        return (int) Math.max(0, Math.min(cloudflareLeft, limit.requests() - inWindow));
    }
}
