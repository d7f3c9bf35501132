package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.scim.ScimException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one apply has done so far, and what that holds back for the rest of it: a change that
 * failed or was not attempted makes what was to follow it wait for the next run (nothing is taken
 * away after a grant failed; nobody joins a group whose push or policy failed; no policy widens
 * while members who must not get it are still in the group).
 */
final class ApplyRecord {

    private final Applier.Listener listener;
    private final List<Change> applied = new ArrayList<>();
    private final List<HeldChange> held = new ArrayList<>();
    private final List<Applier.Failure> failures = new ArrayList<>();
    private boolean stale;
    private boolean replanDue;
    private boolean grantFailed;
    /** Pushed groups (lower-case names) whose push or policy failed: nobody joins them in this run. */
    private final Set<String> ungranted = new HashSet<>();
    /** Pushed groups some member could not be taken out of: their policy does not widen in this run. */
    private final Set<String> leaversStayed = new HashSet<>();

    ApplyRecord(Applier.Listener listener) {
        this.listener = listener;
    }

    void applied(Change sent) {
        applied.add(sent);
        listener.applied(sent);
    }

    /** Cloudflare would not make the change (the only Super Administrator), or it is another's to make. */
    void hold(Change change, Reason reason, String message) {
        HeldChange hold = new HeldChange(change, reason, message);
        held.add(hold);
        listener.held(hold);
    }

    /** A create met a member the plan did not know of: the next plan must be made soon. */
    void replanDue() {
        replanDue = true;
    }

    /** Whether a change that takes away may go: no grant before it failed. */
    boolean mayTakeAway() {
        return !grantFailed;
    }

    /** Whether members may join the pushed group: its push and policy did not fail. */
    boolean mayJoin(String group) {
        return !ungranted.contains(group.toLowerCase(Locale.ROOT));
    }

    /** Whether the group's policy may widen: nobody failed to leave it. */
    boolean mayWiden(String group) {
        return !leaversStayed.contains(group.toLowerCase(Locale.ROOT));
    }

    /** A change that failed for Cloudflare's answer ({@code cause}), or for the lack of one. */
    void fail(Change change, ScimException cause, boolean staleState) {
        fail(change, cause.getMessage(), cause, staleState);
    }

    /** A change for which nothing was sent (not attempted). */
    void fail(Change change, String message, boolean staleState) {
        fail(change, message, null, staleState);
    }

    private void fail(Change change, String message, ScimException cause, boolean staleState) {
        if (change.action() == Change.Action.CREATE_GROUP || change.action() == Change.Action.ADOPT_GROUP
                || change.action() == Change.Action.SET_GROUP_ROLES) {
            ungranted.add(change.pushedGroup().toLowerCase(Locale.ROOT));
        }
        if (change.action() == Change.Action.REMOVE_GROUP_MEMBERS) {
            leaversStayed.add(change.pushedGroup().toLowerCase(Locale.ROOT));
        }
        recordFailure(change, message, cause, staleState);
    }

    /** A failure of its own, that holds nothing else back (a member no longer in the account: nothing sent). */
    void failMember(Change change, String message) {
        recordFailure(change, message, null, false);
    }

    private void recordFailure(Change change, String message, ScimException cause, boolean staleState) {
        grantFailed |= change.grants();
        failures.add(new Applier.Failure(change, message, cause));
        listener.failed(change, message);
        stale |= staleState;
    }

    Applier.Result result(ScimException aborted) {
        return new Applier.Result(List.copyOf(applied), List.copyOf(held), List.copyOf(failures), aborted,
                stale || aborted != null, replanDue);
    }
}
