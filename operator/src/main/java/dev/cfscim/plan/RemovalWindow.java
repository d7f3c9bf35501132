package dev.cfscim.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A rate limit on one kind of removal at the time of a plan: at most {@code limit} per {@code per},
 * with the removals already made in the window ({@code spent}), plus a one-off {@code allowance} of
 * which {@code allowanceUsed} is already spent. The caller reads the clock and the ledger;
 * everything here is arithmetic on them.
 *
 * <p>The allowance is spent once, not per window: a removal the window has room for counts in the
 * window, and only those past the limit draw on the allowance (and are not counted in the window
 * again). So an allowance someone forgets to take back lets nothing more through once it is used.
 *
 * <p>Removals are kept per time slot of a sixtieth of the window (at least a second), dated at the
 * slot's end: a slot leaves the window a little late, never early, and the ledger stays at about
 * sixty slots however many removals it counts.
 *
 * <p>The window's length comes from a spec: its arithmetic saturates rather than overflows, so a
 * window longer than any clock (which validation refuses before it gets here) holds every removal
 * for ever instead of throwing.
 */
public record RemovalWindow(int limit, Duration per, int allowance, int allowanceUsed, Instant now, List<Spent> spent) {

    /** Removals made in one time slot that ends at {@code at}. */
    public record Spent(Instant at, int count) {
    }

    public RemovalWindow {
        spent = spent.stream().sorted(Comparator.comparing(Spent::at)).toList();
    }

    /** A window with nothing spent yet, as a plan with no history (the command line) sees it. */
    public static RemovalWindow fresh(int limit, Duration per) {
        return new RemovalWindow(limit, per, 0, 0, Instant.EPOCH, List.of());
    }

    public RemovalWindow withLimit(int newLimit) {
        return new RemovalWindow(newLimit, per, allowance, allowanceUsed, now, spent);
    }

    /** A fresh one-off allowance of {@code newAllowance}, nothing of it used. */
    public RemovalWindow withAllowance(int newAllowance) {
        return new RemovalWindow(limit, per, newAllowance, 0, now, spent);
    }

    /** The same limit and allowance at {@code time}, with {@code history} already spent. */
    public RemovalWindow at(Instant time, List<Spent> history) {
        return new RemovalWindow(limit, per, allowance, allowanceUsed, time, history);
    }

    /** Removals still in the window at {@code now} (those the allowance took are not). */
    public int used() {
        return spent.stream().filter(this::inWindow).mapToInt(Spent::count).sum();
    }

    /** What is left of the one-off allowance. */
    public int allowanceLeft() {
        return Math.max(0, allowance - allowanceUsed);
    }

    /** The most one plan may remove: the limit and what is left of the allowance. */
    public int capacity() {
        return (int) Math.min(Integer.MAX_VALUE, (long) limit + allowanceLeft());
    }

    /** How many more fit now: the window's room and what is left of the allowance. */
    public int left() {
        return (int) Math.min(Integer.MAX_VALUE, (long) room(used()) + allowanceLeft());
    }

    /** Of {@code count} removals made now, how many the allowance pays for: those past the window's room. */
    public int fromAllowance(int count) {
        return (int) Math.max(0, count - room(used()));
    }

    /** The allowance used once {@code count} more are made now. */
    public int allowanceUsedAfter(int count) {
        return allowanceUsed + fromAllowance(count);
    }

    /**
     * When {@code wanted} more fit, once {@code takenNow} more are made now; empty when they never
     * will (more than the limit and the allowance left then).
     */
    public Optional<Instant> nextFit(int takenNow, int wanted) {
        int allowanceThen = Math.max(0, allowanceLeft() - fromAllowance(takenNow));
        if ((long) wanted > (long) limit + allowanceThen) {
            return Optional.empty();
        }
        int inWindowNow = takenNow - fromAllowance(takenNow);
        long total = (long) used() + inWindowNow;
        if (room(total) + allowanceThen >= wanted) {
            return Optional.of(now);
        }
        List<Spent> leaving = new ArrayList<>(spent.stream().filter(this::inWindow).toList());
        leaving.add(new Spent(slotEnd(now), inWindowNow));
        for (Spent slot : leaving) {
            total -= slot.count();
            if (room(total) + allowanceThen >= wanted) {
                return Optional.of(later(slot.at(), per));
            }
        }
        return Optional.empty();
    }

    /**
     * The ledger once {@code count} more are made now (those the allowance pays for are not in it):
     * slots that left the window are dropped.
     */
    public List<Spent> record(int count) {
        int inWindowNow = count - fromAllowance(count);
        List<Spent> kept = new ArrayList<>(spent.stream().filter(this::inWindow).toList());
        if (inWindowNow > 0) {
            Instant slot = slotEnd(now);
            int last = kept.size() - 1;
            if (last >= 0 && kept.get(last).at().equals(slot)) {
                kept.set(last, new Spent(slot, kept.get(last).count() + inWindowNow));
            } else {
                kept.add(new Spent(slot, inWindowNow));
            }
        }
        return List.copyOf(kept);
    }

    /** The end of the time slot a removal made now is counted in (see {@link #record}). */
    public Instant currentSlot() {
        return slotEnd(now);
    }

    /** Room the limit leaves once {@code inWindow} removals are in the window. */
    private long room(long inWindow) {
        return Math.max(0, limit - inWindow);
    }

    private boolean inWindow(Spent slot) {
        return Duration.between(slot.at(), now).compareTo(per) < 0;
    }

    /** The end of the time slot {@code time} falls in, slots aligned on the epoch. */
    private Instant slotEnd(Instant time) {
        // At most Long.MAX_VALUE / 60: added to a clock's milliseconds, it cannot overflow.
        long perMillis = per.getSeconds() >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : per.toMillis();
        long width = Math.max(1000, perMillis / 60);
        long millis = time.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(millis, width) * width + width);
    }

    /** {@code time} plus {@code length}, or the end of time when that is past it. */
    private static Instant later(Instant time, Duration length) {
        Duration left = Duration.between(time, Instant.MAX);
        return length.compareTo(left) >= 0 ? Instant.MAX : time.plus(length);
    }
}
