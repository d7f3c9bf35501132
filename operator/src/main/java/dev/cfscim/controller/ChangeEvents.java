package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.plan.Applier;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanProblem;
import dev.cfscim.plan.PlanScope;
import dev.cfscim.scim.ApiToken;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells what a reconcile changed in Cloudflare or held back, as Kubernetes Events and metrics: at
 * most {@value #MAX_EVENTS_PER_RECONCILE} change events per reconcile, and each hold once.
 */
final class ChangeEvents {

    static final int MAX_EVENTS_PER_RECONCILE = 20;

    private final OperatorMetrics metrics;

    ChangeEvents(OperatorMetrics metrics) {
        this.metrics = metrics;
    }

    /** Counts a plan by its scope: how often edits are planned incrementally, and how often in full. */
    void recordPlan(PlanScope scope) {
        metrics.planned(scope.isAll());
    }

    /**
     * What the applier tells while it applies one plan; {@code token} is scrubbed out of the
     * messages, which may quote Cloudflare (scrubbed at the source already: this is the second lock).
     */
    Applier.Listener listener(ScimApp app, KubeEvents events, ApiToken token) {
        return new EventsListener(app, events, metrics, token);
    }

    /**
     * Tells once, as a Warning event, what is left alone because another owner claims it (another
     * ScimApp's members and user groups, which this app never writes, and under unmanagedUsers:
     * Deprovision undeclared members another tool claims), and again only when that changes.
     */
    void recordOwnedElsewhere(ScimApp app, KubeEvents events, AppSession session, Plan plan) {
        List<String> messages = plan.problems().stream().filter(p -> p.reason() == Reason.OWNED_ELSEWHERE)
                .map(PlanProblem::message).toList();
        String told = messages.isEmpty() ? null : String.join("; ", messages);
        if (session.ownedElsewhereChanged(told)) {
            events.warning(app, Reason.OWNED_ELSEWHERE, told);
        }
    }

    /**
     * Tells each hold once, as a Warning event and in the held-changes counter, rather than at every
     * reconcile while it stands.
     */
    void recordNewHolds(ScimApp app, KubeEvents events, AppSession session, Plan plan) {
        Set<String> now = plan.held().stream().map(h -> h.reason() + ": " + h.change().summary())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<HeldChange> fresh = plan.held().stream()
                .filter(h -> !session.holdTold(h.reason() + ": " + h.change().summary()))
                .toList();
        fresh.forEach(metrics::held);
        fresh.stream().limit(MAX_EVENTS_PER_RECONCILE)
                .forEach(h -> events.warning(app, h.reason(), h.change().summary() + ": " + h.message()));
        session.holdsStanding(now);
    }

    /** One event per applied change, up to a bound, so that a 10,000-user apply does not flood etcd. */
    private static final class EventsListener implements Applier.Listener {
        private final ScimApp app;
        private final KubeEvents events;
        private final OperatorMetrics metrics;
        private final ApiToken token;
        private int recorded;

        EventsListener(ScimApp app, KubeEvents events, OperatorMetrics metrics, ApiToken token) {
            this.app = app;
            this.events = events;
            this.metrics = metrics;
            this.token = token;
        }

        @Override
        public void applied(Change change) {
            metrics.applied(change);
            if (recorded++ < MAX_EVENTS_PER_RECONCILE) {
                events.normal(app, change.action().eventReason(), change.summary() + " (" + change.reason() + ")");
            }
        }

        @Override
        public void held(HeldChange held) {
            metrics.held(held);
            // A refusal by Cloudflare is held with its words.
            events.warning(app, held.reason(), token.redact(held.change().summary() + ": " + held.message()));
        }

        @Override
        public void failed(Change change, String message) {
            if (recorded++ < MAX_EVENTS_PER_RECONCILE) {
                events.warning(app, Reason.CHANGE_FAILED, token.redact(change.summary() + ": " + message));
            }
        }
    }
}
