package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.plan.Applier;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.plan.PlanPolicy;
import dev.cfscim.plan.PlanScope;
import dev.cfscim.plan.StrayMembers;
import dev.cfscim.scim.ScimException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of an app toward its desired state: scan when due, plan, apply. Every failure becomes
 * the outcome's reason, never an exception; the session publishes what the pass saw.
 */
final class AppSync {

    private static final Logger LOG = LoggerFactory.getLogger(AppSync.class);

    private final ReconcilerSettings settings;
    private final ChangeEvents changeEvents;
    private final RemovalLedgers ledgers;

    AppSync(ReconcilerSettings settings, ChangeEvents changeEvents, RemovalLedgers ledgers) {
        this.settings = settings;
        this.changeEvents = changeEvents;
        this.ledgers = ledgers;
    }

    /**
     * Scans when due, plans, and applies through the rails. {@code cloudflareDone} runs once, as soon
     * as the Cloudflare work is over (the last change answered, or the plan found nothing to do),
     * before the ledger is settled: where an edit's time from its watch event ends.
     */
    Outcome run(ScimApp app, DesiredState desired, AbsenceChecks checks, AppSession session, KubeEvents events,
                Instant now, Runnable cloudflareDone) {
        Engine engine = session.engine;
        RemovalReservation removals = RemovalReservation.open(ledgers, app, session, now);
        PlanPolicy policy = removals.policy();
        // Until this pass ends well, nothing is known quiet: a failure anywhere leaves the next plan full.
        QuietPoint since = session.takeQuietPoint();
        try {
            boolean readAgain = false;
            if (session.scanDue(now, app.getSpec().resyncPeriod(settings.defaultResync()), settings.blockedRecheck(),
                    desired.model())) {
                session.scanned(engine.scan(desired.accountId(), desired.model(), session.knownIds(checks.knownIds())),
                        desired.model(), now);
                session.strays.scanned(engine.strays(desired, session.remote()));
                readAgain = true;
            }
            if (!checks.confirmUserNames().isEmpty()) {
                engine.confirmAbsence(session.remote(), checks.confirmUserNames());
                session.remoteWritten();
                readAgain = true;
            }
            // What Cloudflare said anew may bear on anyone: every scan plans in full, the incremental plan's net.
            PlanScope scope = readAgain ? PlanScope.ALL : since.scopeToward(desired, app);
            // An app deleted with deletionPolicy Deprovision declares nobody any more: every stray goes too.
            policy = policy.withStrays(app.getMetadata().getDeletionTimestamp() != null ? StrayMembers.ALL_DUE
                    : session.strays.due());
            // After a restart nothing in memory says what was applied: under driftPolicy Report, treat
            // every difference as drift until the declaration changes, rather than correct by surprise.
            // An app never synced before has applied nothing, so nothing is drift yet: its first pass
            // applies the declaration, however much of it the caches hold.
            session.chooseFirstBaseline(!policy.correctDrift() && syncedBefore(app) ? desired : null);
            Plan plan = engine.plan(desired, session.remote(), policy, session.baseline(), scope);
            changeEvents.recordPlan(scope);
            if (plan.blockingProblem().isPresent()) {
                return Outcome.failed(desired, session.remote(), plan.blockingProblem().get().reason(),
                        plan.blockingProblem().get().message());
            }
            Applier.Result result = null;
            if (plan.changes().isEmpty()) {
                cloudflareDone.run();
            } else {
                // Reserve, send, settle: the removals are counted durably before any is sent.
                plan = removals.reserve(plan, desired, session.remote());
                result = engine.apply(plan, session.remote(), changeEvents.listener(app, events, session.token));
                cloudflareDone.run();
                removals.settle(result);
                session.applied(now);
                if (result.stale()) {
                    session.remote(null);
                }
            }
            Outcome outcome = untilNextFit(Outcome.of(desired, session.remote(), plan, result, scope), session, policy, now);
            if (result != null && result.replanDue()) {
                // A create met a member the listing had left out: it is in the state now, with its
                // groups; plan again soon, with it, rather than at the next scan.
                outcome = outcome.revisitWithin(settings.retryBase());
            }
            session.held(outcome.blockingHold().isPresent());
            changeEvents.recordNewHolds(app, events, session, plan);
            changeEvents.recordOwnedElsewhere(app, events, session, plan);
            if (result != null && result.aborted() != null) {
                throw result.aborted();
            }
            session.passEnded(desired, result == null || result.complete(), QuietPoint.after(app, desired, plan, result));
            return outcome;
        } catch (ScimException e) {
            session.failed();
            Reason reason = switch (e.kind()) {
                case INVALID_CREDENTIALS -> Reason.INVALID_CREDENTIALS;
                case RATE_LIMITED -> Reason.RATE_LIMITED;
                case BUDGET_EXHAUSTED -> Reason.REQUEST_BUDGET_EXHAUSTED;
                case TRANSIENT -> Reason.UNREACHABLE;
                default -> Reason.RECONCILE_ERROR;
            };
            if (e.is(ScimException.Kind.NOT_FOUND) || e.is(ScimException.Kind.PERMANENT)) {
                session.remote(null);
            }
            // Scrubbed at the source already; again here, where it turns into a log line and a status.
            String message = session.token.redact(e.getMessage());
            LOG.warn("ScimApp {}/{}: {}", ResourceSet.namespaceOf(app), app.getMetadata().getName(), message);
            return Outcome.failed(desired, session.remote(), reason, message, e.retryAfter());
        } finally {
            session.publish();
            warnOfShortListing(app, session);
        }
    }

    /**
     * With removals held by their rate, the outcome asks to be visited when the next one fits: the
     * window moves on with time alone, which no event announces.
     */
    private static Outcome untilNextFit(Outcome outcome, AppSession session, PlanPolicy policy, Instant now) {
        // Once per window, however many changes it holds.
        Set<Reason> reasons = outcome.lastPlan().orElseThrow().held().stream().map(HeldChange::reason).collect(Collectors.toSet());
        Optional<Instant> next = Stream.of(
                        reasons.contains(Reason.DEPROVISION_LIMIT_EXCEEDED)
                                ? PlanInputs.windowAfter(policy.deprovisions(), session.ledgers().deprovisions()).nextFit(0, 1)
                                : Optional.<Instant>empty(),
                        reasons.contains(Reason.ROLE_REMOVAL_LIMIT_EXCEEDED)
                                ? PlanInputs.windowAfter(policy.roleRemovals(), session.ledgers().roleRemovals()).nextFit(0, 1)
                                : Optional.<Instant>empty())
                .flatMap(Optional::stream).min(Comparator.naturalOrder());
        if (next.isEmpty()) {
            return outcome;
        }
        Duration wait = Duration.between(now, next.get());
        // A fresh outcome asks for no visit of its own yet: this is the one it asks for.
        return outcome.revisitWithin(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /**
     * Says when lookups found members the listing had left out: the account changed while it was
     * paged, or its listing is short; either way nothing was concluded from the listing's silence.
     */
    private static void warnOfShortListing(ScimApp app, AppSession session) {
        List<String> found = session.remote() == null ? List.of() : session.remote().foundBeyondListing();
        if (session.moreFoundBeyondListing(found.size())) {
            LOG.warn("ScimApp {}/{}: the account's listing left out {} member(s) that lookups found ({}{}): "
                            + "planned with them", ResourceSet.namespaceOf(app), app.getMetadata().getName(), found.size(),
                    String.join(", ", found.subList(0, Math.min(5, found.size()))), found.size() > 5 ? ", ..." : "");
        }
    }

    /** Whether an operator (this process or an earlier one) has read or written the app's account. */
    private static boolean syncedBefore(ScimApp app) {
        return app.getStatus() != null && app.getStatus().getLastSyncTime() != null;
    }
}
