package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * More deprovisions than {@code deprovisionLimit} (and than any one-off allowance) hold them all: a
 * mistake (a deleted selector, say) should not empty an account. Their members keep their roles,
 * since no role removal is ever planned for a member who leaves the account.
 */
record DeprovisionLimitRail(PlanPolicy policy) implements Rail {

    @Override
    public List<Change> hold(List<Change> changes, List<HeldChange> held) {
        long deprovisions = changes.stream().filter(Change::deprovisions).count();
        if (deprovisions <= policy.deprovisionLimit() || deprovisions <= policy.allowedDeprovisions()) {
            return changes;
        }
        String message = deprovisions + " deprovisions exceed deprovisionLimit " + policy.deprovisionLimit()
                + ": raise the limit or allow this plan once";
        List<Change> kept = new ArrayList<>();
        for (Change change : changes) {
            if (change.deprovisions()) {
                held.add(new HeldChange(change, Reason.DEPROVISION_LIMIT_EXCEEDED, message));
            } else {
                kept.add(change);
            }
        }
        return kept;
    }
}
