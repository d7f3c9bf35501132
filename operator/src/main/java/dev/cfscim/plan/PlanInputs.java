package dev.cfscim.plan;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.DriftPolicy;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ManagementPolicy;
import dev.cfscim.api.PersonName;
import dev.cfscim.api.Provisioning;
import dev.cfscim.api.RemovalLedger;
import dev.cfscim.api.RequestBudget;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.UnmanagedUsersPolicy;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.scim.TokenBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns what users declared (the custom resources of one ScimApp's namespace) into the planner's
 * inputs: the desired state and the policy. Every ScimUser of the namespace is managed; the app's
 * assignments say which of them should be members.
 */
public final class PlanInputs {

    private static final String MISSING_ASSIGNMENT_EFFECT =
            ": no member leaves for being unassigned until it exists again or the reference is removed";

    private PlanInputs() {
    }

    public static DesiredState desiredState(ResourceSet resources, ScimApp app) {
        String namespace = ResourceSet.namespaceOf(app);
        boolean userGroups = app.getSpec().getGroupMode() == GroupMode.UserGroups;
        // Hash sets while collecting: DesiredState sorts once, and thousands of users make every
        // sorted insert here count at each reconcile.
        Set<String> assigned = resources.assignedNames(app);

        List<PlanProblem> problems = new ArrayList<>();
        // Live ScimUsers first: a userName a live ScimUser declares is that user's, whatever becomes
        // of a departing one (deletionTimestamp set) with the same userName, as in a GitOps rename.
        Map<String, List<ScimUser>> declarers = new LinkedHashMap<>();
        List<ScimUser> departing = new ArrayList<>();
        // Each user's key, worked out once: groups name the same users thousands of times over.
        Map<ScimUser, String> keys = new IdentityHashMap<>();
        for (ScimUser user : resources.usersIn(namespace)) {
            if (user.getSpec() == null || user.getSpec().getUserName() == null) {
                continue;
            }
            String key = DesiredUser.key(user.getSpec().getUserName());
            keys.put(user, key);
            if (user.getMetadata().getDeletionTimestamp() != null) {
                departing.add(user);
            } else {
                declarers.computeIfAbsent(key, k -> new ArrayList<>(1)).add(user);
            }
        }
        Map<String, DesiredUser> users = new LinkedHashMap<>();
        Map<String, List<String>> duplicates = new TreeMap<>();
        declarers.forEach((key, declaring) -> {
            if (declaring.size() > 1) {
                // Which one wins would be an accident of order: the user is declared once, its changes held.
                declaring.sort(Comparator.comparing(u -> u.getMetadata().getName()));
                List<String> names = declaring.stream().map(u -> u.getMetadata().getName()).toList();
                duplicates.put(key, names);
                problems.add(new PlanProblem(Reason.DUPLICATE_USER_NAME, "ScimUser/" + names.get(0),
                        DeclarationHolds.duplicateMessage(names)));
            }
            boolean anyAssigned = declaring.stream().anyMatch(u -> assigned.contains(u.getMetadata().getName()));
            users.put(key, declared(declaring.get(0), anyAssigned));
        });
        for (ScimUser user : departing) {
            users.putIfAbsent(DesiredUser.key(user.getSpec().getUserName()),
                    declared(user, assigned.contains(user.getMetadata().getName())));
        }
        List<PlanProblem> missingAssignments = missingAssignments(resources, app);
        problems.addAll(missingAssignments);

        Map<String, Set<String>> roles = new TreeMap<>();
        Map<String, DesiredGroup> groups = new TreeMap<>();
        Map<String, PlanProblem> missingRoleSources = new TreeMap<>();
        for (GroupRoleBinding binding : resources.bindingsOf(app)) {
            String role = binding.getSpec().getRole();
            String groupRef = binding.getSpec().getGroupRef();
            Optional<ScimGroup> group = resources.group(namespace, groupRef);
            if (role != null && group.isEmpty() && groupRef != null && !groupRef.isBlank()) {
                // Who was in the group is gone with it: nobody loses the role until it is back or unbound.
                PlanProblem missing = new PlanProblem(Reason.MISSING_REFERENCE,
                        "GroupRoleBinding/" + binding.getMetadata().getName(), "GroupRoleBinding '"
                        + binding.getMetadata().getName() + "' names ScimGroup '" + groupRef + "' (spec.groupRef), "
                        + "which does not exist in namespace " + namespace + ": nobody loses '" + role
                        + "' until it exists again or the binding is deleted");
                missingRoleSources.putIfAbsent(role, missing);
                problems.add(missing);
            }
            if (role == null || group.isEmpty()) {
                continue;
            }
            Set<String> members = new HashSet<>();
            List<String> notAssigned = new ArrayList<>();
            for (ScimUser member : resources.membersInAnyOrder(group.get())) {
                if (assigned.contains(member.getMetadata().getName())) {
                    String key = keys.get(member);
                    members.add(key != null ? key : DesiredUser.key(member.getSpec().getUserName()));
                } else {
                    notAssigned.add(member.getMetadata().getName());
                }
            }
            roles.computeIfAbsent(role, r -> new HashSet<>()).addAll(members);
            if (!notAssigned.isEmpty()) {
                notAssigned.sort(null);
                problems.add(new PlanProblem(Reason.MEMBERS_NOT_ASSIGNED, "GroupRoleBinding/" + binding.getMetadata().getName(),
                        notAssigned.size() + " member(s) of ScimGroup " + group.get().getMetadata().getName()
                                + " are not assigned to ScimApp " + app.getMetadata().getName()
                                + " and get no role: " + String.join(", ", firstFew(notAssigned))));
            }
            if (!userGroups) {
                continue;
            }
            // In the user-groups model the group itself is pushed, with one policy per bound role.
            String displayName = group.get().getSpec().getDisplayName();
            Set<String> groupRoles = new TreeSet<>(role.isEmpty() ? Set.of() : Set.of(role));
            String knownId = binding.getStatus() == null ? null : binding.getStatus().getRemoteGroupId();
            if (groups.containsKey(displayName)) {
                groupRoles.addAll(groups.get(displayName).roles());
                knownId = knownId != null ? knownId : groups.get(displayName).knownId();
            }
            groups.put(displayName, new DesiredGroup(displayName, members, groupRoles, knownId));
        }
        Set<String> declaredGroupNames = new TreeSet<>();
        resources.groupsIn(namespace).forEach(g -> {
            if (g.getSpec() != null && g.getSpec().getDisplayName() != null) {
                declaredGroupNames.add(g.getSpec().getDisplayName());
            }
        });
        return new DesiredState(app.getSpec().getAccountId(), users, roles, problems,
                DesiredState.Model.of(app.getSpec().getGroupMode()),
                groups, declaredGroupNames, new DeclarationHolds(duplicates, missingAssignments, missingRoleSources));
    }

    private static DesiredUser declared(ScimUser user, boolean assigned) {
        PersonName name = user.getSpec().getName();
        return new DesiredUser(user.getSpec().getUserName(), name == null ? null : name.getGivenName(),
                name == null ? null : name.getFamilyName(), user.getSpec().getExternalId(), user.getSpec().isActive(),
                assigned, user.getMetadata().getName());
    }

    /**
     * The app's assignments that name a ScimUser or ScimGroup not in its namespace: whoever they
     * assigned is unknown, so no member may leave for being unassigned while one stands.
     */
    private static List<PlanProblem> missingAssignments(ResourceSet resources, ScimApp app) {
        Assignments assignments = app.getSpec().getAssignments();
        if (assignments == null) {
            return List.of();
        }
        String namespace = ResourceSet.namespaceOf(app);
        String subject = "ScimApp/" + app.getMetadata().getName();
        List<PlanProblem> missing = new ArrayList<>();
        for (String name : new TreeSet<>(nonBlank(assignments.getUsers()))) {
            if (resources.user(namespace, name).isEmpty()) {
                missing.add(new PlanProblem(Reason.MISSING_REFERENCE, subject, "spec.assignments.users names ScimUser '"
                        + name + "', which does not exist in namespace " + namespace + MISSING_ASSIGNMENT_EFFECT));
            }
        }
        for (String name : new TreeSet<>(nonBlank(assignments.getGroups()))) {
            if (resources.group(namespace, name).isEmpty()) {
                missing.add(new PlanProblem(Reason.MISSING_REFERENCE, subject, "spec.assignments.groups names ScimGroup '"
                        + name + "', which does not exist in namespace " + namespace + MISSING_ASSIGNMENT_EFFECT));
            }
        }
        return missing;
    }

    private static List<String> nonBlank(List<String> names) {
        return names == null ? List.of() : names.stream().filter(n -> n != null && !n.isBlank()).toList();
    }

    /**
     * The app's policy with nothing removed yet in its windows: the command line's, which has no
     * status and counts its one plan against the limits. No clock is needed: with an empty window
     * a plan either fits whole or is held whole.
     */
    public static PlanPolicy policy(ScimApp app) {
        return policy(app, Instant.EPOCH, null, null);
    }

    /** The app's policy at {@code now}, with the removals of these ledgers (null: none) already made. */
    public static PlanPolicy policy(ScimApp app, Instant now, RemovalLedger deprovisions, RemovalLedger roleRemovals) {
        ScimAppSpec spec = app.getSpec();
        Provisioning provisioning = spec.resolvedProvisioning();
        return new PlanPolicy(spec.getManagementPolicy() == ManagementPolicy.Observe,
                spec.getDriftPolicy() != DriftPolicy.Report,
                spec.getUnmanagedUsers() == UnmanagedUsersPolicy.Deprovision,
                provisioning.isCreateUsers(), provisioning.isUpdateUsers(), provisioning.isDeactivateUsers(),
                window(spec.getDeprovisionLimit(), spec.deprovisionPeriod(), app,
                        ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, now, deprovisions),
                window(spec.getRoleRemovalLimit(), spec.roleRemovalPeriod(), app,
                        ScimApp.ALLOW_ROLE_REMOVALS_ANNOTATION, now, roleRemovals));
    }

    /**
     * One kind's window: its ledger's removals, and the annotation's allowance less what the ledger
     * says was used of it. A value the ledger did not record is a new allowance, unused.
     */
    private static RemovalWindow window(int limit, Duration per, ScimApp app, String annotation, Instant now,
                                        RemovalLedger ledger) {
        // A value that is not a whole number refuses the app before any plan (ResourceValidator).
        int granted = app.allowance(annotation).orElse(0);
        return new RemovalWindow(limit, per, granted, allowanceUsed(ledger, granted), now, spent(ledger));
    }

    private static int allowanceUsed(RemovalLedger ledger, int granted) {
        RemovalLedger.Allowance recorded = ledger == null ? null : ledger.allowance();
        return recorded != null && recorded.granted() == granted ? Math.max(0, recorded.used()) : 0;
    }

    /**
     * The ledger to keep in status once {@code count} more removals are made in {@code window}: its
     * slots, and while an allowance is given, how much of it is used. Null when it holds neither, so
     * that an idle app's status carries no ledger at all.
     */
    public static RemovalLedger ledger(RemovalWindow window, int count) {
        List<RemovalWindow.Spent> after = window.record(count);
        RemovalLedger.Allowance allowance = window.allowance() > 0
                ? new RemovalLedger.Allowance(window.allowance(), window.allowanceUsedAfter(count)) : null;
        if (after.isEmpty() && allowance == null) {
            return null;
        }
        List<RemovalLedger.Slot> slots = after.stream()
                .map(s -> new RemovalLedger.Slot(s.at().toString(), s.count())).toList();
        return new RemovalLedger(window.at(window.now(), after).used(), slots, allowance);
    }

    /** {@code window} at the same time with {@code ledger}'s removals and allowance spent (what a {@link #ledger} says). */
    public static RemovalWindow windowAfter(RemovalWindow window, RemovalLedger ledger) {
        return new RemovalWindow(window.limit(), window.per(), window.allowance(),
                allowanceUsed(ledger, window.allowance()), window.now(), spent(ledger));
    }

    /** The slots of a ledger read from status; a slot whose time does not parse is dropped. */
    private static List<RemovalWindow.Spent> spent(RemovalLedger ledger) {
        List<RemovalWindow.Spent> spent = new ArrayList<>();
        if (ledger == null || ledger.slots() == null) {
            return spent;
        }
        for (RemovalLedger.Slot slot : ledger.slots()) {
            try {
                spent.add(new RemovalWindow.Spent(Instant.parse(slot.at()), Math.max(0, slot.count())));
            } catch (DateTimeParseException | NullPointerException e) {
                // Someone edited the status by hand: the slot is lost, the rest still counts.
            }
        }
        return spent;
    }

    /** The pace the app's requests keep: its {@code requestBudget}, or {@code fallback} when it sets none. */
    public static TokenBudget.Limit requestLimit(ScimApp app, TokenBudget.Limit fallback) {
        RequestBudget budget = app.getSpec().getRequestBudget();
        return budget == null ? fallback
                : new TokenBudget.Limit(budget.getRequests(), budget.window(), budget.getHeadroom());
    }

    private static List<String> firstFew(List<String> names) {
        return names.size() <= 5 ? names : names.subList(0, 5);
    }
}
