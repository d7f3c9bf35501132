package dev.cfscim.controller;

import dev.cfscim.api.AppMembership;
import dev.cfscim.api.Condition;
import dev.cfscim.api.ConditionedStatus;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.Conditions.Type;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.GroupRoleBindingStatus;
import dev.cfscim.api.ManagementPolicy;
import dev.cfscim.api.MembershipState;
import dev.cfscim.api.RoleCatalog;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.api.ScimGroupStatus;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserStatus;
import dev.cfscim.api.UserNameRules;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.DesiredUser;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Owner;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanProblem;
import dev.cfscim.plan.RoleGroup;
import dev.cfscim.scim.RemoteUser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds each resource's status afresh from a reconcile's outcome: counts and a few names, never
 * lists that grow with the account; conditions keep their transition time while their status holds.
 */
final class Statuses {

    private static final RoleCatalog ROLES = RoleCatalog.standard();

    private Statuses() {
    }

    static ScimAppStatus app(ScimApp app, Outcome outcome, AppSurroundings surroundings, AppSession session,
                             Instant now) {
        ScimAppStatus previous = app.getStatus();
        ScimAppStatus status = new ScimAppStatus();
        StatusConditions conditions = carryOver(previous, status, app, now);

        // A spec can be missing where nothing validated the object (a mock API server, an old CRD).
        boolean observe = app.getSpec() != null && app.getSpec().getManagementPolicy() == ManagementPolicy.Observe;
        if (outcome instanceof Outcome.Failed failed) {
            status.putCondition(conditions.reconcileFailed(failed.reason(), failed.message()));
        } else if (outcome instanceof Outcome.Applied applied && !applied.result().complete()) {
            String message = applied.result().failed().size() + " change(s) failed; first: "
                    + applied.result().failed().get(0).change().summary() + ": " + applied.result().failed().get(0).message();
            status.putCondition(conditions.reconcileFailed(Reason.RECONCILE_ERROR, message));
        } else {
            status.putCondition(observe ? conditions.reconcilePaused("managementPolicy is Observe: planned, nothing written")
                    : conditions.reconcileSuccess("Cloudflare matches the plan"));
        }

        if (outcome instanceof Outcome.Failed failed) {
            // Nothing was read (or a write broke off): whether Cloudflare matches is not known.
            status.putCondition(conditions.driftUnknown(failed.reason(), "not known: this reconcile could not "
                    + "read or finish writing the account (" + failed.reason() + ")"));
        } else {
            int outstanding = outcome.outstanding().size();
            status.putCondition(outstanding == 0 ? conditions.noDrift("Cloudflare matches the declaration")
                    : conditions.driftDetected(outstanding + " change(s) outstanding; last plan: "
                    + outcome.lastPlan().orElseThrow().summary()));
        }

        Optional<HeldChange> blocking = outcome.blockingHold();
        status.putCondition(blocking.map(h -> conditions.deprovisionBlocked(h.reason(), h.message()))
                .orElse(conditions.notBlocked("no deprovision is held")));

        List<String> shared = surroundings.sharedWith();
        status.putCondition(shared.isEmpty() ? conditions.accountNotShared("no other ScimApp calls this account")
                : conditions.accountShared(firstFew(shared) + " also call" + (shared.size() == 1 ? "s" : "")
                        + " this account: each writes only the members and user groups it created or adopted "
                        + "(see OwnedElsewhere events)"));

        Condition synced = Conditions.find(status.getConditions(), Type.SYNCED).orElseThrow();
        Condition drifted = Conditions.find(status.getConditions(), Type.DRIFTED).orElseThrow();
        List<String> othersMembers = ownedElsewhere(app, outcome);
        if (!synced.isTrue()) {
            status.putCondition(conditions.ready(synced.knownReason().orElseThrow(), synced.message()));
        } else if (!drifted.isFalse()) {
            Reason reason = blocking.map(HeldChange::reason).orElseGet(() -> drifted.knownReason().orElseThrow());
            status.putCondition(conditions.ready(reason, drifted.message()));
        } else if (!surroundings.unhonoured().isEmpty()) {
            AppSurroundings.Unhonoured first = surroundings.unhonoured().get(0);
            int more = surroundings.unhonoured().size() - 1;
            status.putCondition(conditions.ready(first.reason(), "GroupRoleBinding " + first.binding()
                    + " cannot be honoured: " + first.message() + (more > 0 ? " (and " + more + " more)" : "")));
        } else if (!othersMembers.isEmpty()) {
            status.putCondition(conditions.ready(Reason.OWNED_ELSEWHERE, othersMembers.size() + " assigned member(s) "
                    + "belong to another ScimApp, which this one never changes: " + firstFew(othersMembers)));
        } else {
            status.putCondition(conditions.ready(Reason.RECONCILE_SUCCESS, "every assigned member holds the declared roles"));
        }

        if (outcome.desired() != null) {
            List<DesiredUser> assigned = outcome.desired().users().values().stream()
                    .filter(DesiredUser::shouldBeMember).toList();
            int provisioned = outcome.remote() == null ? 0 : (int) assigned.stream()
                    .filter(u -> outcome.remote().user(u.userName()).map(RemoteUser::active).orElse(false)).count();
            int blocked = (int) outcome.desired().users().values().stream()
                    .filter(u -> outcome.blocks(u.userName())).count();
            status.setAssigned(assigned.size());
            status.setProvisioned(provisioned);
            status.setPending(assigned.size() - provisioned);
            status.setBlocked(blocked);
        } else if (previous != null) {
            status.setAssigned(previous.getAssigned());
            status.setProvisioned(previous.getProvisioned());
            status.setPending(previous.getPending());
            status.setBlocked(previous.getBlocked());
        }
        status.setLastPlan(outcome.lastPlan().map(Plan::summary)
                .orElse(previous == null ? null : previous.getLastPlan()));
        status.setLastSyncTime(session == null || session.lastSync() == null ? previous == null ? null
                : previous.getLastSyncTime() : session.lastSync().toString());
        status.setLastScanTime(session == null || session.lastScan() == null ? previous == null ? null
                : previous.getLastScanTime() : session.lastScan().toString());
        boolean counted = session != null && session.ledgers().read();
        status.setDeprovisions(counted ? session.ledgers().deprovisions() : previous == null ? null : previous.getDeprovisions());
        status.setRoleRemovals(counted ? session.ledgers().roleRemovals() : previous == null ? null : previous.getRoleRemovals());
        return status;
    }

    /** The assigned users whose member another ScimApp owns: this app cannot carry out what it declares of them. */
    private static List<String> ownedElsewhere(ScimApp app, Outcome outcome) {
        if (outcome.desired() == null || outcome.remote() == null) {
            return List.of();
        }
        Owner owner = Owner.of(app);
        return outcome.desired().users().values().stream().filter(DesiredUser::assigned)
                .filter(u -> outcome.remote().user(u.userName()).filter(owner::ownedByAnotherApp).isPresent())
                .map(DesiredUser::userName).sorted().toList();
    }

    private static String firstFew(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? ", ..." : "");
    }

    /**
     * Whether a user's status would come out as it is, told without building it: the same
     * generation and the same entry for this app (a user's conditions follow from its entries, and
     * other apps write their own). Keeps a reconcile of a large namespace from serialising every
     * user's status to find the few that changed.
     */
    static boolean userUnchanged(ScimUser user, ScimApp app, Outcome outcome) {
        ScimUserStatus status = user.getStatus();
        if (status == null || status.getApps() == null || !Long.valueOf(generation(user)).equals(status.getObservedGeneration())
                || status.getConditions() == null || status.getConditions().size() != 2) {
            return false;
        }
        Optional<Reason> refusedFor = Conditions.find(status.getConditions(), Type.READY)
                .flatMap(Condition::knownReason).filter(Reason::refusesUserName);
        if (!refusedFor.equals(UserNameRules.refusal(user.getSpec()).map(UserNameRules.Refusal::reason))) {
            return false;
        }
        String appName = app.getMetadata().getName();
        Optional<AppMembership> now = membership(user.getSpec().getUserName(), app, outcome);
        Optional<AppMembership> was = status.getApps().stream().filter(m -> appName.equals(m.app())).findFirst();
        // A hold that changed its reason (the limit's, then the last Super Administrator's) changes the conditions.
        boolean wasDuplicate = Conditions.find(status.getConditions(), Type.READY)
                .map(c -> c.hasReason(Reason.DUPLICATE_USER_NAME)).orElse(false);
        return now.equals(was) && (now.isEmpty() || now.get().state() != MembershipState.Blocked
                || Conditions.find(status.getConditions(), Type.DEPROVISION_BLOCKED).flatMap(Condition::knownReason)
                .equals(outcome.blockReason(user.getSpec().getUserName())))
                && wasDuplicate == duplicateOf(user, outcome).isPresent();
    }

    /**
     * The message of a live user whose userName other live ScimUsers declare too, naming them; empty
     * when it is the only one (a departing ScimUser never counts: its userName passes to the live one).
     */
    private static Optional<String> duplicateOf(ScimUser user, Outcome outcome) {
        if (user.getMetadata().getDeletionTimestamp() != null || user.getSpec().getUserName() == null) {
            return Optional.empty();
        }
        String key = DesiredUser.key(user.getSpec().getUserName());
        List<String> others = outcome.desired().holds().otherDeclarers(key, user.getMetadata().getName());
        if (!outcome.desired().holds().isDuplicate(key) || others.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("ScimUser " + String.join(", ", others) + " declares the same userName (compared ignoring "
                + "case): its changes are held until only one ScimUser declares it");
    }

    /**
     * This app's entry for a user, or none when the app has nothing to say of it (another app's
     * member it does not assign is none of its business; a refused userName is nobody's).
     */
    private static Optional<AppMembership> membership(String userName, ScimApp app, Outcome outcome) {
        if (userName == null) {
            return Optional.empty(); // refused: no app has anything to say of it
        }
        String appName = app.getMetadata().getName();
        DesiredUser desired = outcome.desired().user(userName);
        Optional<RemoteUser> remote = outcome.remote() == null ? Optional.empty() : outcome.remote().user(userName);
        if (desired != null && remote.isPresent() && Owner.of(app).ownedByAnotherApp(remote.get())) {
            return desired.assigned() ? Optional.of(new AppMembership(appName, remote.get().id(),
                    MembershipState.OwnedElsewhere)) : Optional.empty();
        }
        boolean member = remote.map(RemoteUser::active).orElse(false);
        boolean blocked = outcome.blocks(userName);
        // An assigned user declared inactive stays listed, as Deprovisioned: it is assigned, not forgotten.
        if (desired == null || !(desired.assigned() || member || blocked)) {
            return Optional.empty();
        }
        MembershipState state = blocked ? MembershipState.Blocked
                : member ? (desired.shouldBeMember() ? MembershipState.Provisioned : MembershipState.Pending)
                : desired.shouldBeMember() ? MembershipState.Pending : MembershipState.Deprovisioned;
        return Optional.of(new AppMembership(appName, remote.map(RemoteUser::id).orElse(null), state));
    }

    /** A user's status with this app's entry replaced: other apps of the namespace keep theirs. */
    static ScimUserStatus user(ScimUser user, ScimApp app, Outcome outcome, Instant now) {
        ScimUserStatus previous = user.getStatus();
        ScimUserStatus status = new ScimUserStatus();
        StatusConditions conditions = carryOver(previous, status, user, now);
        String appName = app.getMetadata().getName();
        List<AppMembership> memberships = new ArrayList<>();
        if (previous != null && previous.getApps() != null) {
            previous.getApps().stream().filter(m -> !appName.equals(m.app())).forEach(memberships::add);
        }
        String userName = user.getSpec().getUserName();
        membership(userName, app, outcome).ifPresent(memberships::add);
        status.putApps(memberships);

        boolean anyBlocked = status.getApps().stream().anyMatch(m -> m.state() == MembershipState.Blocked);
        status.putCondition(anyBlocked ? conditions.deprovisionBlocked(blockReason(outcome, userName, previous),
                        "a safety rail holds this user's deprovision or role removal; see the ScimApp's status")
                : conditions.notBlocked("nothing is held"));
        List<AppMembership> pending = status.getApps().stream()
                .filter(m -> m.state() == MembershipState.Pending || m.state() == MembershipState.Blocked
                        || m.state() == MembershipState.OwnedElsewhere).toList();
        Optional<AppMembership> elsewhere = status.getApps().stream()
                .filter(m -> m.state() == MembershipState.OwnedElsewhere).findFirst();
        Optional<UserNameRules.Refusal> refusal = UserNameRules.refusal(user.getSpec());
        if (refusal.isPresent()) {
            // Refused, so no app provisions it: the reason, with what to fix, is all there is to say.
            status.putCondition(conditions.ready(refusal.get().reason(), refusal.get().message()));
        } else if (status.getApps().isEmpty()) {
            status.putCondition(conditions.ready(Reason.NOT_ASSIGNED, "no ScimApp assigns this user"));
        } else if (pending.isEmpty()) {
            boolean deprovisioned = status.getApps().stream().allMatch(m -> m.state() == MembershipState.Deprovisioned);
            status.putCondition(deprovisioned ? conditions.ready(Reason.DEPROVISIONED, "not a member, as declared (active: false)")
                    : conditions.ready(Reason.PROVISIONED, "as declared in every ScimApp that assigns it"));
        } else if (!anyBlocked && elsewhere.isPresent()) {
            status.putCondition(conditions.ready(Reason.OWNED_ELSEWHERE, "ScimApp " + elsewhere.get().app()
                    + " assigns it, but the account's member " + userName + " belongs to another ScimApp (its "
                    + "externalId), which ScimApp " + elsewhere.get().app() + " never changes; see its events"));
        } else {
            status.putCondition(conditions.ready(
                    anyBlocked ? blockReason(outcome, userName, previous) : Reason.PENDING,
                    "not yet as declared in ScimApp " + pending.get(0).app()));
        }
        duplicateOf(user, outcome).ifPresent(message ->
                status.putCondition(conditions.ready(Reason.DUPLICATE_USER_NAME, message)));
        return status;
    }

    static ScimGroupStatus group(ScimGroup group, ResourceSet declared, Instant now) {
        ScimGroupStatus previous = group.getStatus();
        ScimGroupStatus status = new ScimGroupStatus();
        StatusConditions conditions = carryOver(previous, status, group, now);
        List<String> unknown = declared.unknownMembers(group);
        status.putUnknownMembers(unknown);
        status.putCondition(unknown.isEmpty()
                ? conditions.ready(Reason.RECONCILE_SUCCESS, declared.membersInAnyOrder(group).size() + " member(s)")
                : conditions.ready(Reason.UNKNOWN_MEMBERS, unknown.size() + " member(s) name no ScimUser: "
                        + String.join(", ", status.getUnknownMembers())));
        return status;
    }

    /**
     * @param groupDisplayName the bound ScimGroup's displayName, the pushed group's name in the
     *                         user-groups model; null when the ScimGroup is missing
     */
    static GroupRoleBindingStatus binding(GroupRoleBinding binding, String groupDisplayName, Outcome outcome,
                                          Instant now) {
        GroupRoleBindingStatus previous = binding.getStatus();
        GroupRoleBindingStatus status = new GroupRoleBindingStatus();
        StatusConditions conditions = carryOver(previous, status, binding, now);
        String role = binding.getSpec().getRole();
        String subject = "GroupRoleBinding/" + binding.getMetadata().getName();
        boolean userGroups = outcome.desired() != null && outcome.desired().model() == DesiredState.Model.USER_GROUPS;
        // A name Cloudflare refuses for a user group: nothing is pushed under it, and the plan says why.
        Optional<PlanProblem> reservedName = userGroups ? problem(outcome, Reason.RESERVED_GROUP_NAME, groupDisplayName)
                : Optional.empty();
        // Another ScimApp pushed a user group of this name: this app leaves it alone.
        Optional<PlanProblem> othersGroup = userGroups ? problem(outcome, Reason.OWNED_ELSEWHERE, groupDisplayName)
                : Optional.empty();
        // The remote group that carries the role: Cloudflare's role group, or the pushed user group.
        Optional<RoleGroup> group = Optional.empty();
        if (outcome.remote() != null && !userGroups) {
            group = outcome.remote().roleGroup(role);
        } else if (outcome.remote() != null && groupDisplayName != null && !ScimGroupSpec.isReservedName(groupDisplayName)
                && outcome.remote().permissionGroupId(role).isPresent()) {
            // Until the group exists under this name, keep the id it was pushed under: a renamed
            // ScimGroup is found by it, and renamed rather than pushed again.
            String knownId = previous == null ? null : previous.getRemoteGroupId();
            group = Optional.of(outcome.remote().customGroup(groupDisplayName)
                    .map(g -> new RoleGroup(g.id(), g.displayName(), role))
                    .orElse(new RoleGroup(knownId, groupDisplayName, role)));
        }
        group.ifPresent(g -> {
            status.setRemoteGroupId(g.id());
            status.setRemoteGroupName(g.displayName());
        });

        Condition ready;
        if (ROLES.isDomainScoped(role)) {
            ready = conditions.ready(Reason.DOMAIN_SCOPED_ROLE, "'" + role
                    + "' is domain-scoped: SCIM provisions only account-scoped roles; nearest: "
                    + String.join(", ", ROLES.nearest(role, 3)));
        } else if (reservedName.isPresent()) {
            ready = conditions.ready(Reason.RESERVED_GROUP_NAME, reservedName.get().message());
        } else if (othersGroup.isPresent()) {
            ready = conditions.ready(Reason.OWNED_ELSEWHERE, othersGroup.get().message());
        } else if (outcome.remote() != null && group.isEmpty() && (!userGroups || groupDisplayName != null)) {
            // In today's model a binding without its ScimGroup has no group either: that is the
            // missing reference below, not an unknown role.
            ready = conditions.ready(Reason.UNKNOWN_ROLE, (userGroups ? "account has no permission group for '"
                    : "account has no role group for '") + role + "'"
                    + (ROLES.isAccountScoped(role) ? "" : "; nearest roles: " + String.join(", ", ROLES.nearest(role, 3))));
        } else if (problem(outcome, Reason.MISSING_REFERENCE, subject).isPresent()) {
            ready = conditions.ready(Reason.MISSING_REFERENCE,
                    problem(outcome, Reason.MISSING_REFERENCE, subject).get().message());
        } else if (problem(outcome, Reason.MEMBERS_NOT_ASSIGNED, subject).isPresent()) {
            ready = conditions.ready(Reason.MEMBERS_NOT_ASSIGNED,
                    problem(outcome, Reason.MEMBERS_NOT_ASSIGNED, subject).get().message());
        } else if (outcome instanceof Outcome.Failed failed) {
            ready = conditions.ready(failed.reason(), failed.message());
        } else {
            ready = conditions.ready(Reason.RECONCILE_SUCCESS, "the group's assigned members hold '" + role + "'");
        }
        status.putCondition(ready);
        status.putCondition(outcome.synced() ? conditions.reconcileSuccess("applied")
                : conditions.reconcileFailed(outcome.failure().map(Outcome.Failed::reason).orElse(Reason.RECONCILE_ERROR),
                        outcome.failure().map(Outcome.Failed::message).orElse("some changes failed; see the ScimApp")));
        boolean drifted = outcome.outstanding().stream().anyMatch(c -> c.roleGroup() != null && c.roleGroup().equals(role)
                || groupDisplayName != null && groupDisplayName.equals(c.pushedGroup()));
        status.putCondition(drifted ? conditions.driftDetected("members of the role differ from the declaration")
                : conditions.noDrift("members hold the role as declared"));
        return status;
    }

    private static Optional<PlanProblem> problem(Outcome outcome, Reason reason, String subject) {
        return outcome.lastPlan().flatMap(plan -> plan.problems().stream()
                .filter(p -> p.reason() == reason && p.subject().equals(subject)).findFirst());
    }

    /**
     * The reason a blocked user's conditions give: that of the hold on this user; when only another
     * app blocks it, the reason that app last wrote.
     */
    private static Reason blockReason(Outcome outcome, String userName, ScimUserStatus previous) {
        return outcome.blockReason(userName).or(() -> previous == null ? Optional.empty()
                        : Conditions.find(previous.getConditions(), Type.DEPROVISION_BLOCKED)
                        .filter(Condition::isTrue).flatMap(Condition::knownReason))
                .orElse(Reason.LAST_SUPER_ADMINISTRATOR);
    }

    /**
     * Starts a status from the previous one's conditions (so that they keep their transition time
     * while they hold) at the resource's current generation; the conditions to put are stamped alike.
     */
    private static StatusConditions carryOver(ConditionedStatus previous, ConditionedStatus status,
                                              HasMetadata resource, Instant now) {
        status.setConditions(previous == null || previous.getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(previous.getConditions()));
        long generation = generation(resource);
        status.setObservedGeneration(generation);
        return new StatusConditions(now.toString(), generation);
    }

    static long generation(HasMetadata resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
