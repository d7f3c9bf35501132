package dev.cfscim.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A rate limit on one kind of removal at the time of a plan: at most {@code limit} per {@code per},
 * plus a one-off {@code allowance}, with the removals already made in the window ({@code spent}).
 * The caller reads the clock and the ledger; everything here is arithmetic on them.
 *
 * <p>Removals are kept per time slot of a sixtieth of the window (at least a second), dated at the
 * slot's end: a slot leaves the window a little late, never early, and the ledger stays at about
 * sixty slots however many removals it counts.
 */
public record RemovalWindow(int limit, Duration per, int allowance, Instant now, List<Spent> spent) {

    /** Removals made in one time slot that ends at {@code at}. */
    public record Spent(Instant at, int count) {
    }

    public RemovalWindow {
        spent = spent.stream().sorted(Comparator.comparing(Spent::at)).toList();
    }

    /** A window with nothing spent yet, as a plan with no history (the command line) sees it. */
    public static RemovalWindow fresh(int limit, Duration per) {
        return new RemovalWindow(limit, per, 0, Instant.EPOCH, List.of());
    }

    public RemovalWindow withLimit(int newLimit) {
        return new RemovalWindow(newLimit, per, allowance, now, spent);
    }

    public RemovalWindow withAllowance(int newAllowance) {
        return new RemovalWindow(limit, per, newAllowance, now, spent);
    }

    /** The same limit at {@code time}, with {@code history} already spent. */
    public RemovalWindow at(Instant time, List<Spent> history) {
        return new RemovalWindow(limit, per, allowance, time, history);
    }

    /** Removals still in the window at {@code now}. */
    public int used() {
        return spent.stream().filter(this::inWindow).mapToInt(Spent::count).sum();
    }

    /** The most the window takes: the limit and the one-off allowance on top. */
    public int capacity() {
        return (int) Math.min(Integer.MAX_VALUE, (long) limit + allowance);
    }

    /** How many more fit now. */
    public int left() {
        return Math.max(0, capacity() - used());
    }

    /**
     * When {@code wanted} more fit, once {@code takenNow} more are made now; empty when they never
     * will (more than the window's capacity).
     */
    public Optional<Instant> nextFit(int takenNow, int wanted) {
        long total = (long) used() + takenNow;
        if (wanted > capacity()) {
            return Optional.empty();
        }
        if (total + wanted <= capacity()) {
            return Optional.of(now);
        }
        List<Spent> leaving = new ArrayList<>(spent.stream().filter(this::inWindow).toList());
        leaving.add(new Spent(slotEnd(now), takenNow));
        for (Spent slot : leaving) {
            total -= slot.count();
            if (total + wanted <= capacity()) {
                return Optional.of(slot.at().plus(per));
            }
        }
        return Optional.empty();
    }

    /** The ledger once {@code count} more are made now: slots that left the window are dropped. */
    public List<Spent> record(int count) {
        List<Spent> kept = new ArrayList<>(spent.stream().filter(this::inWindow).toList());
        if (count > 0) {
            Instant slot = slotEnd(now);
            int last = kept.size() - 1;
            if (last >= 0 && kept.get(last).at().equals(slot)) {
                kept.set(last, new Spent(slot, kept.get(last).count() + count));
            } else {
                kept.add(new Spent(slot, count));
            }
        }
        return List.copyOf(kept);
    }

    private boolean inWindow(Spent slot) {
        return slot.at().plus(per).isAfter(now);
    }

    /** The end of the time slot {@code time} falls in, slots aligned on the epoch. */
    private Instant slotEnd(Instant time) {
        long width = Math.max(1000, per.toMillis() / 60);
        long millis = time.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(millis, width) * width + width);
    }
}
