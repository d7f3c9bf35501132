package dev.cfscim.controller;

import dev.cfscim.api.RemovalLedger;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.ApiToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One ScimApp's session with its Cloudflare account, kept between reconciles: the engine (client
 * and its token's budget), the remote state as the last scan saw it and the applier's writes kept
 * current since, and the desired state last applied in full, from which drift is told apart from a
 * spec change. Its state is private and changes only through the methods below, each named for the
 * event that changes it; it belongs to the app's reconcile thread (JOSDK never reconciles one
 * resource twice at once); other threads read only {@link #lastLook()}, an immutable record.
 */
final class AppSession {

    /** What the engine was built from: a change (a rotated token, a new endpoint) builds a new one. */
    record Connection(String endpoint, String tokenFingerprint, int requests, long windowMillis, double headroom) {
    }

    /** The account's removal ledgers as this app last saw them; {@code read} false until the first reconcile reads them. */
    record LedgersSeen(RemovalLedger deprovisions, RemovalLedger roleRemovals, boolean read) {
        static final LedgersSeen UNREAD = new LedgersSeen(null, null, false);
    }

    final Connection connection;
    /** Held to scrub it out of what Cloudflare says before that reaches a status, an event or a log. */
    final ApiToken token;
    final Engine engine;
    private RemoteState remote;
    /** The remote state was replaced or written to since the last look was published. */
    private boolean remoteChanged;
    /** The model the remote state was read for: the user-groups model reads policies too. */
    private DesiredState.Model scannedModel;
    private Instant lastScan;
    private Instant lastSync;
    /** The desired state last applied in full: what tells a declared change from a hand edit. */
    private DesiredState baseline;
    /** Whether this session has decided what its first baseline is (see {@code AppSync}). */
    private boolean baselineChosen;
    /** Where the last plan left nothing standing, from which the next may look only at what an edit touched. */
    private QuietPoint quiet = QuietPoint.NONE;
    private int consecutiveFailures;
    /** A safety rail held a change at the last reconcile: facts outside SCIM may have changed since. */
    private boolean blocked;
    /**
     * The removals made in the current windows as this app sees the account's durable ledger, which
     * {@link RemovalReservation} reads at each reconcile: the app's status mirrors them, and they
     * stand for the ledger while it has no ConfigMap yet or cannot be read; until read once, the
     * status stands for them.
     */
    private LedgersSeen ledgers = LedgersSeen.UNREAD;
    /** The holds already told as events, so that a standing hold is not told at every reconcile. */
    private Set<String> heldAlreadyTold = Set.of();
    /** The OwnedElsewhere warning last told as an event (null: none stands). */
    private String ownedElsewhereTold;
    /** How many members beyond the listing were already told in the log, for the current state. */
    private int shortListingTold;
    /** The active members of the last state dropped as untrusted, for the next scan to look up. */
    private Set<String> lastMemberIds = Set.of();
    /** The strays the scans saw, and which may leave. */
    final StraySightings strays = new StraySightings();
    /** Published by the reconcile thread, read by others (finalizers of other apps, metrics). */
    private volatile LastLook lastLook = LastLook.NOT_YET;

    AppSession(Connection connection, ApiToken token, Engine engine) {
        this.connection = connection;
        this.token = token;
        this.engine = engine;
    }

    /** The account as last read and kept current since; null when it must be read again. */
    RemoteState remote() {
        return remote;
    }

    /** A new scan's result, or null when the state can no longer be trusted. */
    void remote(RemoteState state) {
        if (state == null && remote != null) {
            // Untrusted as a whole, but its members are still worth a lookup if the next listing lacks them.
            lastMemberIds = activeIds(remote);
        }
        remote = state;
        remoteChanged = true;
    }

    /** When the last full scan was read; null before the first. */
    Instant lastScan() {
        return lastScan;
    }

    /** A full scan's result, read for {@code model} at {@code now}. */
    void scanned(RemoteState state, DesiredState.Model model, Instant now) {
        remote(state);
        scannedModel = model;
        lastScan = now;
        lastSync = now;
        shortListingTold = 0;
    }

    /**
     * The ids a scan looks up when its listing leaves them out: the ScimUsers' statuses' ({@code
     * fromStatus}), and the active members of the state it replaces (what this process last knew).
     */
    Set<String> knownIds(Set<String> fromStatus) {
        Set<String> ids = new java.util.HashSet<>(fromStatus);
        ids.addAll(remote != null ? activeIds(remote) : lastMemberIds);
        return ids;
    }

    private static Set<String> activeIds(RemoteState state) {
        Set<String> ids = new java.util.HashSet<>();
        state.users().stream().filter(dev.cfscim.scim.RemoteUser::active).forEach(u -> ids.add(u.id()));
        return ids;
    }

    /** The applier wrote to the remote state in place. */
    void remoteWritten() {
        remoteChanged = true;
    }

    /**
     * The next full scan is due: none yet, the last write proved the cache wrong, the model to read
     * for changed, resyncInterval passed, or a held deprovision is due for a recheck (a second Super Administrator may have
     * been made in the dashboard, which only a scan can see). Compares the time since the last
     * scan with the intervals, never adds them to a time: no interval overflows an Instant.
     */
    boolean scanDue(Instant now, Duration resyncInterval, Duration blockedRecheck, DesiredState.Model model) {
        if (remote == null || lastScan == null || scannedModel != model) {
            return true;
        }
        Duration since = Duration.between(lastScan, now);
        return since.compareTo(resyncInterval) >= 0 || blocked && since.compareTo(blockedRecheck) >= 0;
    }

    /**
     * Publishes what this reconcile saw, for other threads. The active members are gathered again
     * only when the remote state changed: an idle reconcile of a large account costs nothing here.
     */
    void publish() {
        LastLook last = lastLook;
        Set<String> members = remote == null ? null
                : remoteChanged || last.activeMembers() == null ? LastLook.activeMembers(remote) : last.activeMembers();
        Set<String> gone = remote == null ? Set.of()
                : remoteChanged || last.activeMembers() == null ? remote.confirmedAbsentKeys() : last.confirmedAbsent();
        lastLook = new LastLook(members, gone);
        remoteChanged = false;
    }

    /** What the app's last reconcile saw: safe to read from any thread. */
    LastLook lastLook() {
        return lastLook;
    }

    /**
     * The first baseline, chosen once per session: {@code baseline} (null: none, every difference a
     * spec change) the first time, ignored after.
     */
    void chooseFirstBaseline(DesiredState first) {
        if (!baselineChosen) {
            baselineChosen = true;
            baseline = first;
        }
    }

    /** The desired state last applied in full (or chosen first): what tells a declared change from a hand edit. */
    DesiredState baseline() {
        return baseline;
    }

    /** The quiet point the last pass left, taken: until this pass ends well, nothing is known quiet. */
    QuietPoint takeQuietPoint() {
        QuietPoint since = quiet;
        quiet = QuietPoint.NONE;
        return since;
    }

    /** The applier wrote to the account at {@code now}: the remote state was changed in place. */
    void applied(Instant now) {
        remoteWritten();
        lastSync = now;
    }

    /** When Cloudflare was last read in full or written to; null before either. */
    Instant lastSync() {
        return lastSync;
    }

    /** Whether a safety rail held a change in this pass: while one does, scans come at the recheck interval. */
    void held(boolean byRail) {
        blocked = byRail;
    }

    /**
     * The pass ended without an exception: a complete one is the new baseline and clears the
     * failures; {@code quietPoint} is where the next plan may start from.
     */
    void passEnded(DesiredState desired, boolean complete, QuietPoint quietPoint) {
        if (complete) {
            baseline = desired;
            consecutiveFailures = 0;
        } else {
            consecutiveFailures++;
        }
        quiet = quietPoint;
    }

    /** The pass failed (Cloudflare refused or could not be reached). */
    void failed() {
        consecutiveFailures++;
    }

    /** Passes in a row that failed or left changes unsent: the backoff grows with them. */
    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Whether {@code found} members beyond the listing are more than the log was told of; remembers them if so. */
    boolean moreFoundBeyondListing(int found) {
        if (found <= shortListingTold) {
            return false;
        }
        shortListingTold = found;
        return true;
    }

    LedgersSeen ledgers() {
        return ledgers;
    }

    /** The account's ledger as read at this reconcile, in the app's own windows. */
    void ledgersRead(RemovalLedger deprovisionsSeen, RemovalLedger roleRemovalsSeen) {
        ledgers = new LedgersSeen(deprovisionsSeen, roleRemovalsSeen, true);
    }

    /** Whether this hold (its reason and change) was told already, as of the last reconcile. */
    boolean holdTold(String hold) {
        return heldAlreadyTold.contains(hold);
    }

    /** The holds standing now: the next reconcile tells only others. */
    void holdsStanding(Set<String> holds) {
        heldAlreadyTold = holds;
    }

    /** Whether the OwnedElsewhere warning {@code told} (null: none) is new; remembers it either way. */
    boolean ownedElsewhereChanged(String told) {
        boolean changed = told != null && !told.equals(ownedElsewhereTold);
        ownedElsewhereTold = told;
        return changed;
    }
}
