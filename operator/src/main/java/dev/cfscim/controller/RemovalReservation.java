package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.KubeDuration;
import dev.cfscim.api.RemovalLedger;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.controller.AccountLedger.Kind;
import dev.cfscim.plan.Applier;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.plan.PlanPolicy;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.plan.RemovalWindow;
import dev.cfscim.plan.RoleRemovals;
import dev.cfscim.scim.ScimException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile's removals in its account's durable ledger ({@link RemovalLedgers}): reserve, then
 * send, then settle. The plan's deprovisions and role removals are counted in the ledger, in one
 * write, before the apply sends any of them; after the apply, what provably removed nothing (refused
 * by Cloudflare, refused by its answer or failed before a request, never reached) is given back in
 * one more write. A crash between the two leaves the reservation counted: the window is held back a
 * little, never let through. When the reservation cannot be written, the plan's removals are held
 * ({@code LedgerUnavailable}) and none is sent; its other changes go on. The app's status mirrors
 * what this app sees of the ledger ({@link AppSession#deprovisions}, {@link AppSession#roleRemovals}).
 */
final class RemovalReservation {

    private static final Logger LOG = LoggerFactory.getLogger(RemovalReservation.class);

    private final RemovalLedgers store;
    private final String appKey;
    private final AppSession session;
    private final AccountLedger seed;
    private final PlanPolicy policy;
    private RemovalLedgers.Snapshot snapshot;
    private Plan reserved;
    private DesiredState desired;
    private RemoteState remote;
    /** Counted before the apply: it changes the remote state the counts read (a deleted group's members). */
    private final Map<Change, Integer> roleRemovals = new IdentityHashMap<>();
    private Map<Kind, AccountLedger.Taken> taken = Map.of();

    private RemovalReservation(RemovalLedgers store, String appKey, AppSession session, AccountLedger seed,
                               PlanPolicy policy, RemovalLedgers.Snapshot snapshot) {
        this.store = store;
        this.appKey = appKey;
        this.session = session;
        this.seed = seed;
        this.policy = policy;
        this.snapshot = snapshot;
    }

    /**
     * Takes the account's ledger (as this process last read or wrote it, else read now), and the
     * app's policy at {@code now} with what it holds. While there is no ConfigMap yet, the app's last
     * known ledger (its session's, else its status's) stands for it; when the ledger cannot be read,
     * the plan is made on that, and the reservation refuses.
     */
    static RemovalReservation open(RemovalLedgers store, ScimApp app, AppSession session, Instant now) {
        String appKey = ResourceSet.namespaceOf(app) + "/" + app.getMetadata().getName();
        ScimAppStatus status = app.getStatus();
        AppSession.LedgersSeen seen = session.ledgers();
        RemovalLedger deprovisions = seen.read() ? seen.deprovisions()
                : status == null ? null : status.getDeprovisions();
        RemovalLedger roleRemovals = seen.read() ? seen.roleRemovals()
                : status == null ? null : status.getRoleRemovals();
        AccountLedger seed = AccountLedger.seed(appKey, deprovisions, app.getSpec().deprovisionPeriod(),
                roleRemovals, app.getSpec().roleRemovalPeriod());
        RemovalLedgers.Snapshot snapshot = store.current(app.getSpec().getAccountId(), seed);
        if (!snapshot.usable()) {
            LOG.warn("ScimApp {}: {}", appKey, snapshot.problem());
        }
        AccountLedger known = snapshot.usable() ? snapshot.ledger() : seed;
        PlanPolicy policy = PlanInputs.policy(app, now, known.deprovisions().seenBy(appKey),
                known.roleRemovals().seenBy(appKey));
        RemovalReservation reservation = new RemovalReservation(store, appKey, session, seed, policy, snapshot);
        reservation.mirror(known);
        return reservation;
    }

    /** The app's policy, its removal windows holding what the account's ledger counts. */
    PlanPolicy policy() {
        return policy;
    }

    /**
     * Counts the plan's removals in the ledger before any is sent, and returns the plan to apply:
     * {@code plan} itself, or with the removals held that could not be counted. No write when the
     * plan removes nothing.
     */
    Plan reserve(Plan plan, DesiredState desired, RemoteState remote) {
        this.desired = desired;
        this.remote = remote;
        plan.changes().forEach(c -> roleRemovals.put(c, RoleRemovals.of(c, desired, remote)));
        Map<Kind, Integer> counts = removals(plan.changes(), roleRemovals);
        if (counts.values().stream().allMatch(n -> n == 0)) {
            reserved = plan;
            return plan;
        }
        RemovalLedgers.Written<Map<Kind, AccountLedger.Taken>> written = store.update(snapshot, seed, ledger -> {
            AccountLedger after = ledger;
            Map<Kind, AccountLedger.Taken> took = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                Optional<AccountLedger.Added> added = counts.get(kind) == 0 ? Optional.empty()
                        : after.get(kind).take(appKey, window(kind), counts.get(kind));
                if (added.isPresent()) {
                    after = after.with(kind, added.get().after());
                    took.put(kind, added.get().taken());
                }
            }
            return new RemovalLedgers.Step<>(took.isEmpty() ? null : after, took);
        });
        snapshot = written.snapshot();
        List<HeldChange> held = new ArrayList<>(plan.held());
        List<Change> kept = new ArrayList<>();
        if (!written.ok()) {
            LOG.warn("ScimApp {}: removals held: {}", appKey, written.problem());
            String message = written.problem() + ": every deprovision and role removal is counted there before it "
                    + "is sent, so none is sent until it can be (the operator needs get, create and update on "
                    + "configmaps in namespace " + store.namespace() + ")";
            for (Change change : plan.changes()) {
                if (weight(change, Kind.DEPROVISIONS) + weight(change, Kind.ROLE_REMOVALS) > 0) {
                    held.add(new HeldChange(change, Reason.LEDGER_UNAVAILABLE, message));
                } else {
                    kept.add(change);
                }
            }
        } else {
            taken = written.told();
            mirror(snapshot.ledger());
            for (Change change : plan.changes()) {
                Optional<Kind> full = List.of(Kind.values()).stream()
                        .filter(k -> weight(change, k) > 0 && !taken.containsKey(k)).findFirst();
                if (full.isPresent()) {
                    held.add(new HeldChange(change, reason(full.get()), noRoomMessage(full.get())));
                } else {
                    kept.add(change);
                }
            }
        }
        reserved = new Plan(plan.accountId(), kept, held, plan.problems());
        return reserved;
    }

    /**
     * Gives back what was reserved and provably removed nothing: refused by Cloudflare (held while
     * applying), refused by its answer or failed before any request was sent, or never reached. A
     * change whose request may have landed (no answer, a server error, an answer that could not be
     * read) stays counted. One write when anything is given back; a settle that cannot be written
     * leaves the reservation counted, the safe side.
     */
    void settle(Applier.Result result) {
        if (taken.isEmpty() || result == null) {
            return;
        }
        Set<Change> planned = Collections.newSetFromMap(new IdentityHashMap<>());
        planned.addAll(reserved.changes());
        List<Change> made = new ArrayList<>(reserved.changes().stream().filter(c -> possiblyMade(c, result)).toList());
        // Sent in part (members no longer in the account left out): what was sent is a change of its own.
        result.applied().stream().filter(c -> !planned.contains(c)).forEach(made::add);
        Map<Kind, Integer> counted = removals(made, roleRemovals);
        Map<Kind, Integer> back = new EnumMap<>(Kind.class);
        taken.forEach((kind, took) -> back.put(kind, Math.max(0, took.count() - counted.get(kind))));
        if (back.values().stream().allMatch(n -> n == 0)) {
            return;
        }
        RemovalLedgers.Written<Void> written = store.update(snapshot, seed, ledger -> {
            AccountLedger after = ledger;
            for (Map.Entry<Kind, Integer> entry : back.entrySet()) {
                Kind kind = entry.getKey();
                after = after.with(kind, after.get(kind).giveBack(appKey, taken.get(kind), entry.getValue()));
            }
            return new RemovalLedgers.Step<>(after, null);
        });
        if (written.ok()) {
            snapshot = written.snapshot();
            mirror(snapshot.ledger());
        } else {
            LOG.warn("ScimApp {}: {} removal(s) reserved and not made stay counted: {}", appKey,
                    back.values().stream().mapToInt(Integer::intValue).sum(), written.problem());
        }
    }

    /** Applied, or failed in a way that may have reached Cloudflare and been made there. */
    private static boolean possiblyMade(Change change, Applier.Result result) {
        return result.applied().stream().anyMatch(c -> c == change)
                || result.failed().stream().anyMatch(f -> f.change() == change && mayHaveLanded(f.cause()));
    }

    /** No answer, a server error, or a success that could not be read: Cloudflare may have made it. */
    private static boolean mayHaveLanded(ScimException cause) {
        return cause != null && (cause.is(ScimException.Kind.TRANSIENT) || cause.status() >= 200 && cause.status() < 300);
    }

    /** The deprovisions and role removals of {@code changes}, each counted from {@code known} when it is there. */
    private Map<Kind, Integer> removals(List<Change> changes, Map<Change, Integer> known) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        counts.put(Kind.DEPROVISIONS, (int) changes.stream().filter(Change::deprovisions).count());
        counts.put(Kind.ROLE_REMOVALS, changes.stream()
                .mapToInt(c -> known.containsKey(c) ? known.get(c) : RoleRemovals.of(c, desired, remote)).sum());
        return counts;
    }

    private int weight(Change change, Kind kind) {
        return kind == Kind.DEPROVISIONS ? (change.deprovisions() ? 1 : 0) : roleRemovals.getOrDefault(change, 0);
    }

    private RemovalWindow window(Kind kind) {
        return kind == Kind.DEPROVISIONS ? policy.deprovisions() : policy.roleRemovals();
    }

    private static Reason reason(Kind kind) {
        return kind == Kind.DEPROVISIONS ? Reason.DEPROVISION_LIMIT_EXCEEDED : Reason.ROLE_REMOVAL_LIMIT_EXCEEDED;
    }

    private String noRoomMessage(Kind kind) {
        RemovalWindow window = window(kind);
        return (kind == Kind.DEPROVISIONS ? "deprovisionLimit " : "roleRemovalLimit ") + window.limit() + " per "
                + KubeDuration.format(window.per()) + ": the account's ledger (" + store.where(snapshot.accountId())
                + ") counted other removals while this plan was made (another ScimApp of the account): held until "
                + "the next reconcile plans against it";
    }

    /** The status's copy: what this app sees of the account's ledger, in its own windows. */
    private void mirror(AccountLedger ledger) {
        session.ledgersRead(
                PlanInputs.ledger(PlanInputs.windowAfter(policy.deprovisions(), ledger.deprovisions().seenBy(appKey)), 0),
                PlanInputs.ledger(PlanInputs.windowAfter(policy.roleRemovals(), ledger.roleRemovals().seenBy(appKey)), 0));
    }
}
