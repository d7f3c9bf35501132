package dev.cfscim.controller;

import dev.cfscim.api.ScimApp;
import dev.cfscim.plan.Applier;
import dev.cfscim.plan.DeclarationDiff;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanScope;
import java.util.Objects;

/**
 * The declaration at which an app's last plan left nothing standing: no change held, failed or
 * unsent, no problem of its own (the declaration's problems aside). From there, while only the
 * operator's own writes change the account, a plan need look only at the users an edit touches
 * ({@link DeclarationDiff}): outside them the full plan is still empty. Anything else (a scan, a
 * lookup, a change of the app's spec, its deletion, a failure) plans in full.
 *
 * @param desired    the declaration planned, or null when the last pass left something standing
 * @param generation the app's generation then: its spec (policies, assignments) shapes every user's plan
 */
record QuietPoint(DesiredState desired, Long generation) {

    static final QuietPoint NONE = new QuietPoint(null, null);

    /** The users the next plan must look at, toward {@code now}. */
    PlanScope scopeToward(DesiredState now, ScimApp app) {
        if (desired == null || !Objects.equals(generation, app.getMetadata().getGeneration())
                || app.getMetadata().getDeletionTimestamp() != null) {
            return PlanScope.ALL;
        }
        return DeclarationDiff.touched(desired, now);
    }

    /** Where a pass leaves the app: quiet at {@code desired} if its plan left nothing standing. */
    static QuietPoint after(ScimApp app, DesiredState desired, Plan plan, Applier.Result result) {
        boolean quiet = plan.held().isEmpty() && plan.problems().equals(desired.problems())
                && (result == null || result.complete() && !result.stale() && !result.replanDue()
                && result.aborted() == null);
        return quiet ? new QuietPoint(desired, app.getMetadata().getGeneration()) : NONE;
    }
}
