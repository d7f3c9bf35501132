package dev.cfscim.scim;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
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
 * <p>Its parts, each guarded by this budget's lock: the {@link SlidingLog} of its own requests
 * (the limiter), the {@link CloudflareWindow} its answers' headers told of, the
 * {@link CloudflarePause} a 429 asked for, and the {@link OtherWriters} those headers betray
 * (another writer on the token halves our share, which {@link #remaining()}, the budget gauge,
 * shows). Every client of a token in a process shares one budget through {@link TokenBudgets}.
 * This class composes them, makes callers wait, and tells who waited.
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

    private final Limit limit;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final SlidingLog log;
    private final OtherWriters writers;
    private final CloudflareWindow window;
    private final CloudflarePause pause;
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
        this.log = new SlidingLog(limit);
        this.writers = new OtherWriters(limit);
        this.window = new CloudflareWindow(limit, writers);
        this.pause = new CloudflarePause();
    }

    /**
     * The same token under a new limit, on the system clock: what Cloudflare counts (the requests
     * already sent in the window, a pause it asked for) still counts, and the listeners and totals
     * go on. Otherwise two ScimApps that share a token with different budgets would each start from
     * an empty window.
     */
    TokenBudget(Limit limit, TokenBudget previous) {
        this.limit = limit;
        this.nanoTime = System::nanoTime;
        this.sleeper = d -> Thread.sleep(Math.max(1, d.toMillis()));
        synchronized (previous) {
            this.log = new SlidingLog(limit, previous.log);
            this.writers = new OtherWriters(limit, previous.writers);
            this.window = new CloudflareWindow(limit, writers, previous.window);
            this.pause = new CloudflarePause(previous.pause);
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
        return window.known() ? limit.requests() : limit.allowed();
    }

    /** Whether callers now wait because Cloudflare asked for it (a 429), rather than for our own pacing. */
    public synchronized boolean pausedByCloudflare() {
        return pause.pausedAt(nanoTime.getAsLong());
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
        long paused = pause.left(now);
        if (paused > 0) {
            return Duration.ofNanos(paused);
        }
        log.forgetBefore(now);
        window.rollOverIfOver(now);
        int ceiling = ceiling();
        if (window.hasRoom() && log.size() < ceiling) {
            log.record(now);
            writers.sent();
            window.spend();
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(1, Math.max(log.waitFor(now, ceiling), window.waitForRoom(now))));
    }

    /**
     * Cloudflare said 429: nobody sends on this token until the wait is over, but never longer than
     * one window (see {@link #capPause}).
     */
    public synchronized void pauseFor(Duration wait) {
        pause.until(nanoTime.getAsLong() + capPause(wait).toNanos());
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
        synchronized (this) {
            window.observe(Math.max(0, remaining), nanoTime.getAsLong() + reset.toNanos(), log.size());
        }
    }

    /** Whether another writer was seen spending this token's limit in this window or the last. */
    public synchronized boolean sharedWithAnotherWriter() {
        return writers.present();
    }

    /** Requests that fit the current window before the budget makes callers wait. */
    public synchronized int remaining() {
        long now = nanoTime.getAsLong();
        long inWindow = log.inWindow(now);
        if (!window.known()) {
            return (int) Math.max(0, limit.allowed() - inWindow);
        }
        return (int) Math.max(0, Math.min(window.left(now), limit.requests() - inWindow));
    }
}
