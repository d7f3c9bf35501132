package dev.cfscim.controller;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.api.KubeDuration;
import dev.cfscim.api.RemovalLedger;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.plan.RemovalWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The removals made in one Cloudflare account, as its durable ledger keeps them: per kind, the time
 * slots that every ScimApp of the account counts against its own limit (so two apps on one account
 * share the count, each held by its own limit), and each app's one-off allowance, by app. Pure
 * arithmetic on values: {@link RemovalLedgers} reads and writes it, as JSON in a ConfigMap's data.
 */
record AccountLedger(Removals deprovisions, Removals roleRemovals) {

    static final AccountLedger EMPTY = new AccountLedger(Removals.NONE, Removals.NONE);

    /**
     * At most this many slots per kind: one app's window needs about 60; apps with different windows
     * on one account make more, and the oldest are then merged (counted until the later slot's time:
     * late, never early).
     */
    static final int MAX_SLOTS = 120;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two kinds of removal, each under its own key of the ConfigMap's data. */
    enum Kind {
        DEPROVISIONS("deprovisions"), ROLE_REMOVALS("roleRemovals");

        final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    AccountLedger {
        deprovisions = deprovisions == null ? Removals.NONE : deprovisions;
        roleRemovals = roleRemovals == null ? Removals.NONE : roleRemovals;
    }

    Removals get(Kind kind) {
        return kind == Kind.DEPROVISIONS ? deprovisions : roleRemovals;
    }

    AccountLedger with(Kind kind, Removals removals) {
        return kind == Kind.DEPROVISIONS ? new AccountLedger(removals, roleRemovals)
                : new AccountLedger(deprovisions, removals);
    }

    /**
     * The ledger an app's status kept before the account had a durable one (an operator upgraded, or
     * the ConfigMap deleted): its count goes on rather than starting again.
     */
    static AccountLedger seed(String app, RemovalLedger deprovisions, Duration deprovisionPer,
                              RemovalLedger roleRemovals, Duration rolePer) {
        return new AccountLedger(Removals.seed(app, deprovisions, deprovisionPer),
                Removals.seed(app, roleRemovals, rolePer));
    }

    /** The ConfigMap's data: one JSON document per kind. */
    Map<String, String> data() {
        Map<String, String> data = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            try {
                data.put(kind.key, JSON.writeValueAsString(get(kind)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a ledger that cannot be written as JSON", e);
            }
        }
        return data;
    }

    /**
     * Reads a ConfigMap's data back. A missing key is an empty ledger of that kind; a key that does
     * not hold one (a hand edit) is refused, never read as empty.
     *
     * @throws IllegalArgumentException naming the key and what is wrong
     */
    static AccountLedger parse(Map<String, String> data) {
        AccountLedger ledger = EMPTY;
        for (Kind kind : Kind.values()) {
            String text = data == null ? null : data.get(kind.key);
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                Removals removals = JSON.readValue(text, Removals.class);
                removals.slots().forEach(s -> Instant.parse(s.at()));
                if (removals.retention() != null) {
                    KubeDuration.parse(removals.retention());
                }
                ledger = ledger.with(kind, removals);
            } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("key " + kind.key + " does not hold a removal ledger: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
            }
        }
        return ledger;
    }

    /**
     * What one reservation took of one kind: {@code inWindow} in the slot ending at {@code slot}, and
     * {@code fromAllowance} of the allowance of {@code granted}; a settle gives back from these.
     */
    record Taken(int inWindow, int fromAllowance, Instant slot, int granted) {
        int count() {
            return inWindow + fromAllowance;
        }
    }

    /** A kind's removals once a reservation is added, and what the reservation took. */
    record Added(Removals after, Taken taken) {
    }

    /**
     * One kind's removals: per time slot (its end, RFC 3339), kept for {@code retention} (the longest
     * window of the apps that counted here), and each app's allowance (by "namespace/name").
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"retention", "slots", "allowances"})
    record Removals(String retention, List<RemovalLedger.Slot> slots, Map<String, RemovalLedger.Allowance> allowances) {

        static final Removals NONE = new Removals(null, List.of(), Map.of());

        Removals {
            slots = slots == null ? List.of() : List.copyOf(slots);
            allowances = allowances == null ? Map.of() : new TreeMap<>(allowances);
        }

        static Removals seed(String app, RemovalLedger status, Duration per) {
            if (status == null) {
                return NONE;
            }
            List<RemovalLedger.Slot> slots = status.slots() == null ? List.of() : status.slots().stream()
                    .filter(s -> parsed(s).isPresent()).toList();
            return new Removals(KubeDuration.format(per), slots,
                    status.allowance() == null ? Map.of() : Map.of(app, status.allowance()));
        }

        /** As {@code app} sees it: every slot of the account, and the app's own allowance. */
        RemovalLedger seenBy(String app) {
            return new RemovalLedger(null, slots, allowances.get(app));
        }

        /**
         * This kind once {@code app} makes {@code count} more now, under {@code window} (its limit,
         * period, allowance and the time of its plan); empty when they no longer fit what this ledger
         * holds (another app of the account counted removals since the plan was made). Slots older
         * than every app's window go; the app's allowance is kept while its annotation gives one.
         */
        Optional<Added> take(String app, RemovalWindow window, int count) {
            RemovalWindow fresh = PlanInputs.windowAfter(window, seenBy(app));
            if (count > fresh.left()) {
                return Optional.empty();
            }
            int fromAllowance = fresh.fromAllowance(count);
            int inWindow = count - fromAllowance;
            Instant slot = fresh.currentSlot();
            Duration kept = retention == null ? window.per() : max(KubeDuration.parse(retention), window.per());
            List<RemovalWindow.Spent> spent = new ArrayList<>();
            for (RemovalLedger.Slot s : slots) {
                parsed(s).filter(at -> at.plus(kept).isAfter(window.now()))
                        .ifPresent(at -> spent.add(new RemovalWindow.Spent(at, Math.max(0, s.count()))));
            }
            if (inWindow > 0) {
                spent.add(new RemovalWindow.Spent(slot, inWindow));
            }
            Map<String, RemovalLedger.Allowance> nextAllowances = new TreeMap<>(allowances);
            if (window.allowance() > 0) {
                nextAllowances.put(app, new RemovalLedger.Allowance(window.allowance(), fresh.allowanceUsedAfter(count)));
            } else {
                // No annotation: the allowance is forgotten, as it always was.
                nextAllowances.remove(app);
            }
            return Optional.of(new Added(new Removals(KubeDuration.format(kept), capped(spent), nextAllowances),
                    new Taken(inWindow, fromAllowance, slot, window.allowance())));
        }

        /**
         * Gives back {@code count} of what {@code taken} reserved for {@code app}, because they were
         * never made: from the allowance first (a reservation draws on it last), then from the slot.
         */
        Removals giveBack(String app, Taken taken, int count) {
            int made = taken.count() - Math.max(0, Math.min(count, taken.count()));
            int fromSlot = taken.inWindow() - Math.min(made, taken.inWindow());
            int fromAllowance = taken.fromAllowance() - Math.max(0, made - taken.inWindow());
            List<RemovalLedger.Slot> nextSlots = new ArrayList<>();
            for (RemovalLedger.Slot s : slots) {
                boolean reserved = fromSlot > 0 && parsed(s).map(at -> at.equals(taken.slot())).orElse(false);
                int left = reserved ? s.count() - fromSlot : s.count();
                if (reserved) {
                    fromSlot = 0;
                }
                if (left > 0) {
                    nextSlots.add(new RemovalLedger.Slot(s.at(), left));
                }
            }
            Map<String, RemovalLedger.Allowance> nextAllowances = new TreeMap<>(allowances);
            RemovalLedger.Allowance allowance = allowances.get(app);
            if (fromAllowance > 0 && allowance != null && allowance.granted() == taken.granted()) {
                nextAllowances.put(app, new RemovalLedger.Allowance(allowance.granted(),
                        Math.max(0, allowance.used() - fromAllowance)));
            }
            return new Removals(retention, nextSlots, nextAllowances);
        }

        private static Optional<Instant> parsed(RemovalLedger.Slot slot) {
            try {
                return Optional.of(Instant.parse(slot.at()));
            } catch (DateTimeParseException | NullPointerException e) {
                return Optional.empty();
            }
        }

        /** Oldest first, one entry per slot time, and at most {@link #MAX_SLOTS}: the oldest merged into the next. */
        private static List<RemovalLedger.Slot> capped(List<RemovalWindow.Spent> spent) {
            TreeMap<Instant, Integer> bySlot = new TreeMap<>();
            spent.stream().filter(s -> s.count() > 0).forEach(s -> bySlot.merge(s.at(), s.count(), Integer::sum));
            List<RemovalWindow.Spent> sorted = new ArrayList<>();
            bySlot.forEach((at, count) -> sorted.add(new RemovalWindow.Spent(at, count)));
            while (sorted.size() > MAX_SLOTS) {
                RemovalWindow.Spent oldest = sorted.remove(0);
                RemovalWindow.Spent next = sorted.get(0);
                sorted.set(0, new RemovalWindow.Spent(next.at(), next.count() + oldest.count()));
            }
            return sorted.stream().map(s -> new RemovalLedger.Slot(s.at().toString(), s.count())).toList();
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }
}
