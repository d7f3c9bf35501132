package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One planning run's inputs and working sets, which the user rules ({@link UserPlanning}) and the
 * membership rules ({@link GroupPlanning}) fill and share: the changes so far, the holds, and who
 * leaves, who does not join and whom no change may name. It owns them: the rules record through
 * its methods.
 */
final class Planning {

    final DesiredState desired;
    final RemoteState remote;
    final PlanPolicy policy;
    final Owner owner;
    /** The users this run plans for: all of them, or those an edit touched. */
    final PlanScope scope;
    private final List<PlanProblem> problems = new ArrayList<>();
    private final List<Change> userChanges = new ArrayList<>();
    private final List<Change> memberChanges = new ArrayList<>();
    private final List<HeldChange> held = new ArrayList<>();
    /** Keys of the users this plan takes out of the account. */
    private final Set<String> leaving = new LinkedHashSet<>();
    /** Keys of the users that will not be members after this plan, though declared members. */
    private final Set<String> notJoining = new LinkedHashSet<>();
    /** Keys of the declared users another ScimApp owns: no change of this plan names them. */
    private final Set<String> handsOff = new LinkedHashSet<>();
    /**
     * Keys of the users whose every change is held, with why: a userName two ScimUsers declare,
     * or a member whose leaving a missing reference holds (its role removals are held with it).
     */
    private final Map<String, UserHold> heldUsers = new HashMap<>();

    /** Why a user's changes are held: a reason of {@link Reason} and what would release them. */
    private record UserHold(Reason reason, String message) {
    }

    Planning(DesiredState desired, RemoteState remote, PlanPolicy policy, Owner owner, PlanScope scope) {
        this.desired = desired;
        this.remote = remote;
        this.policy = policy;
        this.owner = owner;
        this.scope = scope;
        this.problems.addAll(desired.problems());
    }

    // ---- recording ----------------------------------------------------------------------------

    void problem(PlanProblem problem) {
        problems.add(problem);
    }

    void userChange(Change change) {
        userChanges.add(change);
    }

    void memberChange(Change change) {
        memberChanges.add(change);
    }

    void hold(Change change, Reason reason, String message) {
        held.add(new HeldChange(change, reason, message));
    }

    /** From now on every change of the user {@code key} is held, with this reason (the first one given stays). */
    void holdEveryChangeOf(String key, Reason reason, String message) {
        heldUsers.putIfAbsent(key, new UserHold(reason, message));
    }

    /** The declared user will not be a member after this plan: no group takes it. */
    void notJoining(String key) {
        notJoining.add(key);
    }

    /** Another app's member: it joins nothing here, and no removal names it. */
    void handsOff(String key) {
        handsOff.add(key);
        notJoining.add(key);
    }

    /** Deprovisions, unless {@code provisioning.deactivateUsers} is off; the member leaves its groups with it. */
    void deactivate(Change.DeactivateUser change, String key) {
        if (policy.deactivateUsers()) {
            userChanges.add(change);
            leaving.add(key);
        } else {
            hold(change, Reason.PROVISIONING_DISABLED, "provisioning.deactivateUsers is false");
        }
    }

    /** Holds {@code change} when a hold stands on the user {@code key}; says whether it did. */
    boolean holdUser(String key, Change change) {
        UserHold hold = heldUsers.get(key);
        if (hold != null) {
            hold(change, hold.reason(), hold.message());
        }
        return hold != null;
    }

    /**
     * Plans the membership change {@code make} builds for {@code userNames}, but for the users a
     * hold stands on: their part is held, with the hold's reason.
     */
    void planMembership(List<String> userNames, Function<List<String>, Change> make) {
        List<String> free = new ArrayList<>();
        Map<UserHold, List<String>> heldNames = new LinkedHashMap<>();
        for (String userName : userNames) {
            UserHold hold = heldUsers.get(DesiredUser.key(userName));
            if (hold == null) {
                free.add(userName);
            } else {
                heldNames.computeIfAbsent(hold, h -> new ArrayList<>()).add(userName);
            }
        }
        if (!free.isEmpty()) {
            memberChanges.add(make.apply(free));
        }
        heldNames.forEach((hold, names) -> hold(make.apply(names), hold.reason(), hold.message()));
    }

    /** As {@link #planMembership}, for taking {@code role} away: held whole while a binding of it is incomplete. */
    void planRoleRemoval(String role, List<String> userNames, Function<List<String>, Change> make) {
        PlanProblem missing = desired.holds().missingRoleSources().get(role);
        if (missing == null) {
            planMembership(userNames, make);
        } else {
            hold(make.apply(userNames), Reason.MISSING_REFERENCE, missing.message());
        }
    }

    // ---- reading ------------------------------------------------------------------------------

    Set<String> notJoining() {
        return notJoining;
    }

    /** Keys of the users whose memberships no removal touches: another app's. */
    Set<String> handsOff() {
        return handsOff;
    }

    /** Keys of the users no membership removal may name: leaving the account, or another app's. */
    Set<String> keptAsIs() {
        Set<String> keys = new HashSet<>(leaving);
        keys.addAll(handsOff);
        return keys;
    }

    List<Change> userChanges() {
        return userChanges;
    }

    List<Change> memberChanges() {
        return memberChanges;
    }

    /** The held changes so far; the rails add theirs to it. */
    List<HeldChange> held() {
        return held;
    }

    List<PlanProblem> problems() {
        return problems;
    }

    /** The declared users of the scope in userName order, so that plans come out the same every time. */
    List<DesiredUser> sortedUsers() {
        if (scope.isAll()) {
            return new ArrayList<>(new TreeMap<>(desired.users()).values());
        }
        List<DesiredUser> users = new ArrayList<>();
        scope.keys().forEach(key -> {
            DesiredUser user = desired.users().get(key);
            if (user != null) {
                users.add(user);
            }
        });
        return users;
    }

    /** The account's active members of the scope (all of them for a full plan). */
    Stream<RemoteUser> remoteUsers() {
        return scope.isAll() ? remote.users().stream()
                : scope.keys().stream().map(remote::user).flatMap(Optional::stream);
    }

    static String missingMessage(List<PlanProblem> missing) {
        return missing.get(0).message() + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more missing)" : "");
    }

    static String firstFive(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", ..." : "");
    }
}
