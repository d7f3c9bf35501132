package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The planner's rules for users: declared ones (created, reactivated, updated and claimed,
 * deactivated), and members no ScimUser declares (strays of this app, nobody's under
 * {@code unmanagedUsers: Deprovision}, another owner's left alone).
 */
final class UserPlanning {

    private UserPlanning() {
    }

    /**
     * Declared users are the managed ones: an assigned, active one should be a member (created,
     * reactivated, its profile updated and claimed), another should not (deactivated); another app's
     * member is never written, whatever is declared of it.
     */
    static void planDeclaredUsers(Planning p) {
        DeclarationHolds holds = p.desired.holds();
        holds.duplicateUserNames().keySet().forEach(key ->
                p.holdEveryChangeOf(key, Reason.DUPLICATE_USER_NAME, holds.duplicateMessage(key)));
        List<String> othersMembers = new ArrayList<>();
        for (DesiredUser user : p.sortedUsers()) {
            Optional<RemoteUser> found = p.remote.user(user.userName());
            if (found.isPresent() && p.owner.ownedByAnotherApp(found.get())) {
                // Another app's member: whatever this app declares of it, it is never written here.
                p.handsOff(user.key());
                othersMembers.add(user.userName() + " (ScimApp " + Owner.appOf(found.get().externalId()) + ")");
                continue;
            }
            boolean member = found.map(RemoteUser::active).orElse(false);
            if (user.shouldBeMember()) {
                if (!member) {
                    Change change = found.isPresent()
                            ? new Change.ReactivateUser(found.get().id(), found.get().userName(),
                                    "assigned and active; deprovisioned in Cloudflare")
                            : new Change.CreateUser(user, "assigned to the app");
                    if (p.holdUser(user.key(), change)) {
                        p.notJoining(user.key());
                    } else if (p.policy.createUsers()) {
                        p.userChange(change);
                    } else {
                        p.hold(change, Reason.PROVISIONING_DISABLED, "provisioning.createUsers is false");
                        p.notJoining(user.key());
                    }
                } else if (p.policy.updateUsers()) {
                    ProfileDiff.of(user, found.get(), p.owner).filter(c -> !p.holdUser(user.key(), c))
                            .ifPresent(p::userChange);
                }
            } else if (member) {
                String why = !user.active() ? "active: false" : "not assigned to the app";
                if (user.active() && !holds.missingAssignments().isEmpty()) {
                    // The missing resource may be what assigned this member.
                    p.holdEveryChangeOf(user.key(), Reason.MISSING_REFERENCE,
                            Planning.missingMessage(holds.missingAssignments()));
                }
                Change.DeactivateUser change = new Change.DeactivateUser(found.get().id(), found.get().userName(), why);
                if (!p.holdUser(user.key(), change)) {
                    p.deactivate(change, user.key());
                }
            }
        }
        if (!othersMembers.isEmpty()) {
            p.problem(new PlanProblem(Reason.OWNED_ELSEWHERE, "ScimUsers", othersMembers.size()
                    + " declared member(s) belong to another ScimApp (their externalId), which this app never "
                    + "changes, deprovisions or takes a role from: " + Planning.firstFive(othersMembers)));
        }
    }

    /**
     * Members no ScimUser declares. A stray (this app created or adopted it: its owner tag)
     * leaves whatever {@code unmanagedUsers} says, once {@link StrayMembers} says it is due; one
     * nobody claims leaves only under {@code unmanagedUsers: Deprovision}; one another owner
     * claims (another ScimApp's tag, an IdP's id) stays, and under Deprovision a warning names it.
     */
    static void planUndeclaredMembers(Planning p) {
        List<String> claimed = new ArrayList<>();
        List<PlanProblem> missing = p.desired.holds().missingAssignments();
        undeclaredMembers(p.desired, p.remoteUsers())
                .forEach(u -> {
                    String key = DesiredUser.key(u.userName());
                    switch (p.owner.claimOf(u)) {
                        case MINE -> {
                            Change.DeactivateUser change = new Change.DeactivateUser(u.id(), u.userName(),
                                    "created or adopted by this app; no ScimUser declares it any more");
                            if (!missing.isEmpty()) {
                                // The missing ScimUser may be the one that declares it.
                                p.hold(change, Reason.MISSING_REFERENCE, Planning.missingMessage(missing));
                            } else if (!p.policy.strays().due(key)) {
                                p.hold(change, Reason.AWAITING_NEXT_SCAN, "no ScimUser declares " + u.userName()
                                        + ", which this app created or adopted: it is deprovisioned if the next scan "
                                        + "finds it still undeclared");
                            } else {
                                p.deactivate(change, key);
                            }
                        }
                        case NOBODY -> {
                            if (p.policy.deprovisionUnmanaged()) {
                                p.deactivate(new Change.DeactivateUser(u.id(), u.userName(),
                                        "no ScimUser declares it (unmanagedUsers: Deprovision)"), key);
                            }
                        }
                        case ANOTHER_APP, ANOTHER_TOOL -> {
                            if (p.policy.deprovisionUnmanaged()) {
                                claimed.add(u.userName() + " (externalId \"" + u.externalId() + "\")");
                            }
                        }
                    }
                });
        if (!claimed.isEmpty()) {
            p.problem(new PlanProblem(Reason.OWNED_ELSEWHERE, "unmanagedUsers", claimed.size()
                    + " member(s) no ScimUser declares are left alone: their externalId names another owner: "
                    + Planning.firstFive(claimed)));
        }
    }

    /**
     * The keys of the strays of {@code remote}: active members {@code owner} created or adopted (its
     * tag) that no ScimUser declares. See {@link StrayMembers}.
     */
    static Set<String> strays(DesiredState desired, RemoteState remote, Owner owner) {
        Set<String> keys = new HashSet<>();
        undeclaredMembers(desired, remote.users().stream()).filter(u -> owner.claimOf(u) == Owner.Claim.MINE)
                .forEach(u -> keys.add(DesiredUser.key(u.userName())));
        return keys;
    }

    /**
     * Active members no ScimUser declares, in userName order. A ScimUser refused for its userName
     * (confusable, no email address) still declares it: its member is not among them.
     */
    private static Stream<RemoteUser> undeclaredMembers(DesiredState desired, Stream<RemoteUser> members) {
        Set<String> refused = new HashSet<>();
        desired.problems().stream().filter(p -> p.reason().refusesUserName())
                .forEach(p -> refused.add(DesiredUser.key(p.subject())));
        return members
                .filter(RemoteUser::active)
                .filter(u -> desired.user(u.userName()) == null && !refused.contains(DesiredUser.key(u.userName())))
                .sorted(Comparator.comparing(u -> DesiredUser.key(u.userName())));
    }
}
