package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Holds removals of one kind past their rate: at most {@code limit} per window, counted across
 * reconciles from the ledger the window carries. A plan whose removals alone exceed what the window
 * can ever take is a mass event (a deleted selector, an emptied bindings file) and is held whole;
 * otherwise what the window still allows goes, in plan order, and the rest waits for the window to
 * move on. A held deprovision keeps its member's roles, since no role removal is planned for a
 * member who leaves the account.
 */
record RemovalRateRail(RemovalWindow window, ToIntFunction<Change> weight, Reason reason, String limitName,
                       String noun, String howToAllow) implements Rail {

    /** Deprovisions, each counted once, against {@code deprovisionLimit}. */
    static RemovalRateRail deprovisions(PlanPolicy policy) {
        return new RemovalRateRail(policy.deprovisions(), c -> c.deprovisions() ? 1 : 0,
                Reason.DEPROVISION_LIMIT_EXCEEDED, "deprovisionLimit", "deprovisions",
                "annotate the ScimApp " + ScimApp.ALLOW_DEPROVISIONS_ANNOTATION + "=N or pass --allow-deprovisions N");
    }

    /** Role memberships removed (see {@link RoleRemovals}), against {@code roleRemovalLimit}. */
    static RemovalRateRail roleRemovals(PlanPolicy policy, DesiredState desired, RemoteState remote) {
        return new RemovalRateRail(policy.roleRemovals(), c -> RoleRemovals.of(c, desired, remote),
                Reason.ROLE_REMOVAL_LIMIT_EXCEEDED, "roleRemovalLimit", "role removals",
                "annotate the ScimApp " + ScimApp.ALLOW_ROLE_REMOVALS_ANNOTATION + "=N or pass --allow-role-removals N");
    }

    @Override
    public List<Change> hold(List<Change> changes, List<HeldChange> held) {
        long total = changes.stream().mapToLong(weight::applyAsInt).sum();
        int left = window.left();
        if (total <= left) {
            return changes;
        }
        boolean mass = total > window.capacity();
        long through = 0;
        List<Change> kept = new ArrayList<>();
        List<Change> holding = new ArrayList<>();
        for (Change change : changes) {
            int removals = weight.applyAsInt(change);
            if (removals == 0) {
                kept.add(change);
            } else if (!mass && holding.isEmpty() && through + removals <= left) {
                through += removals;
                kept.add(change);
            } else {
                holding.add(change);
            }
        }
        String message = mass ? massMessage(total) : rateMessage((int) through, weight.applyAsInt(holding.get(0)),
                holding.size());
        holding.forEach(c -> held.add(new HeldChange(c, reason, message)));
        return kept;
    }

    private String massMessage(long total) {
        return total + " " + noun + " exceed " + limitName + " " + window.limit() + " per " + period()
                + (window.allowanceLeft() > 0 ? " and the " + window.allowanceLeft() + " left of the one-off allowance" : "")
                + ": a plan this large is held whole; raise the limit or allow this plan once (" + howToAllow + ")"
                + usedUp(0);
    }

    private String rateMessage(int through, int next, int heldChanges) {
        int stillAllowed = window.left() - through;
        int inWindow = window.used() + through - window.fromAllowance(through);
        String when = window.nextFit(through, next).map(t -> "the next fits at " + t)
                .orElse("none fits until the limit is raised");
        return limitName + " " + window.limit() + " per " + period() + ": " + inWindow + " " + noun
                + " in the window" + (through > 0 ? " with the " + through + " of this plan" : "")
                + (window.allowance() > 0 ? ", " + window.allowanceUsedAfter(through) + " of the one-off allowance of "
                        + window.allowance() + " used" : "")
                + ", " + stillAllowed + " more allowed now; " + heldChanges + " change(s) held, " + when
                + " (or " + howToAllow + ")" + usedUp(through);
    }

    /** An allowance is spent once: said when that is why nothing more goes, with how to give another. */
    private String usedUp(int through) {
        return window.allowance() > 0 && window.allowanceUsedAfter(through) >= window.allowance()
                ? "; the one-off allowance of " + window.allowance() + " is used up: give the annotation another "
                        + "number to allow more"
                : "";
    }

    private String period() {
        return dev.cfscim.api.KubeDuration.format(window.per());
    }
}
