package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.KubeDuration;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.load.ResourceSet;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an error no outcome foresaw becomes (a bug met by a hostile spec, the API server failing a
 * write): {@code Synced=False} and {@code Ready=False} with reason {@code ReconcileError} and a
 * message naming it, a log line with its trace, and a visit again after a backoff that grows while
 * it lasts. Never a failed reconciliation for JOSDK, which would retry a few times and then leave
 * the app's conditions saying whatever they said before.
 */
final class UnexpectedErrors {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrors.class);
    /** Enough of an exception's message to tell it; the log has the rest. */
    private static final int MESSAGE_SHOWN = 500;

    private UnexpectedErrors() {
    }

    static UpdateControl<ScimApp> control(ScimApp app, Throwable error, Instant now, RequeueTiming requeue) {
        Duration wait = requeue.afterUnexpected(app, now);
        String message = "unexpected error in the reconcile, tried again in " + KubeDuration.format(wait) + ": "
                + describe(error) + "; if it lasts, the operator's log has its trace";
        LOG.error("ScimApp {}/{}: {}", ResourceSet.namespaceOf(app), app.getMetadata().getName(), message, error);
        return StatusWriter.appStatus(app, status(app, message, now)).rescheduleAfter(wait);
    }

    /** The exception's class and the start of its message: no token ever reaches an exception's message. */
    static String describe(Throwable error) {
        String text = error.getMessage() == null ? ""
                : error.getMessage().length() > MESSAGE_SHOWN ? error.getMessage().substring(0, MESSAGE_SHOWN) + "..."
                : error.getMessage();
        return error.getClass().getSimpleName() + (text.isEmpty() ? "" : ": " + text);
    }

    /**
     * The status as after any failed reconcile; when even that cannot be built from the status the
     * app has (one edited by hand into a shape nothing expects), the two conditions alone.
     */
    private static ScimAppStatus status(ScimApp app, String message, Instant now) {
        try {
            return Statuses.app(app, Outcome.failed(null, null, Reason.RECONCILE_ERROR, message), AppSurroundings.NONE,
                    null, now);
        } catch (RuntimeException again) {
            LOG.error("ScimApp {}/{}: its status cannot be read: {}", ResourceSet.namespaceOf(app),
                    app.getMetadata().getName(), describe(again), again);
            long generation = app.getMetadata().getGeneration() == null ? 0 : app.getMetadata().getGeneration();
            StatusConditions conditions = new StatusConditions(now.toString(), generation);
            ScimAppStatus bare = new ScimAppStatus();
            bare.setObservedGeneration(generation);
            bare.putCondition(conditions.reconcileFailed(Reason.RECONCILE_ERROR, message));
            bare.putCondition(conditions.ready(Reason.RECONCILE_ERROR, message));
            return bare;
        }
    }
}
