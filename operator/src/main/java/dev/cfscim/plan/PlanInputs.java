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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
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
        return desiredState(resources, app, new DeclarationIndex());
    }

    /**
     * The desired state, reusing what {@code index} kept of the last one built for this app where
     * what it was made of declares the same ({@link DeclarationIndex}): the same result as a fresh
     * build, in proportion to what changed.
     */
    public static DesiredState desiredState(ResourceSet resources, ScimApp app, DeclarationIndex index) {
        String namespace = ResourceSet.namespaceOf(app);
        boolean userGroups = app.getSpec().getGroupMode() == GroupMode.UserGroups;
        List<ScimUser> namespaceUsers = resources.usersIn(namespace);
        index.begin(namespaceUsers);
        Set<String> assigned = index.assigned(app, resources, () -> resources.assignedNames(app));
        DeclaredUsers declaredUsers = index.usersPart(() -> declaredUsers(namespaceUsers, assigned, index));
        List<PlanProblem> problems = new ArrayList<>(declaredUsers.problems());
        List<PlanProblem> missingAssignments = missingAssignments(resources, app);
        problems.addAll(missingAssignments);

        Map<String, List<Set<String>>> holders = new TreeMap<>();
        Map<String, DesiredGroup> groups = new TreeMap<>();
        Map<String, PlanProblem> missingRoleSources = new TreeMap<>();
        for (GroupRoleBinding binding : resources.bindingsOf(app)) {
            ScimGroup group = binding.getSpec().getGroupRef() == null ? null
                    : resources.group(namespace, binding.getSpec().getGroupRef()).orElse(null);
            BindingPart part = index.bindingPart(binding, group,
                    () -> bindingPart(resources, app, binding, group, assigned, index));
            if (part.missing() != null) {
                missingRoleSources.putIfAbsent(part.role(), part.missing());
                problems.add(part.missing());
            }
            if (part.members() == null) {
                continue;
            }
            holders.computeIfAbsent(part.role(), r -> new ArrayList<>(1)).add(part.members());
            if (part.notAssigned() != null) {
                problems.add(part.notAssigned());
            }
            if (!userGroups) {
                continue;
            }
            // In the user-groups model the group itself is pushed, with one policy per bound role.
            Set<String> groupRoles = new TreeSet<>(part.role().isEmpty() ? Set.of() : Set.of(part.role()));
            String knownId = part.knownId();
            DesiredGroup same = groups.get(part.displayName());
            if (same != null) {
                groupRoles.addAll(same.roles());
                knownId = knownId != null ? knownId : same.knownId();
            }
            groups.put(part.displayName(), new DesiredGroup(part.displayName(), part.members(), groupRoles, knownId));
        }
        Map<String, Set<String>> roles = new TreeMap<>();
        holders.forEach((role, sets) -> roles.put(role, sets.size() == 1 ? sets.get(0) : union(sets)));
        Set<String> declaredGroupNames = new TreeSet<>();
        resources.groupsIn(namespace).forEach(g -> {
            if (g.getSpec() != null && g.getSpec().getDisplayName() != null) {
                declaredGroupNames.add(g.getSpec().getDisplayName());
            }
        });
        index.end();
        return new DesiredState(app.getSpec().getAccountId(), declaredUsers.users(), roles, problems,
                DesiredState.Model.of(app.getSpec().getGroupMode()), groups, declaredGroupNames,
                new DeclarationHolds(declaredUsers.duplicates(), missingAssignments, missingRoleSources));
    }

    /** The declared users by key, the userNames two ScimUsers declare, and the problems those make. */
    private record DeclaredUsers(Map<String, DesiredUser> users, Map<String, List<String>> duplicates,
                                 List<PlanProblem> problems) {
    }

    private static DeclaredUsers declaredUsers(List<ScimUser> namespaceUsers, Set<String> assigned,
                                               DeclarationIndex index) {
        List<PlanProblem> problems = new ArrayList<>();
        // Live ScimUsers first: a userName a live ScimUser declares is that user's, whatever becomes
        // of a departing one (deletionTimestamp set) with the same userName, as in a GitOps rename.
        Map<String, List<ScimUser>> declarers = new LinkedHashMap<>();
        List<ScimUser> departing = new ArrayList<>();
        for (ScimUser user : namespaceUsers) {
            if (user.getSpec() == null || user.getSpec().getUserName() == null) {
                continue;
            }
            if (user.getMetadata().getDeletionTimestamp() != null) {
                departing.add(user);
            } else {
                declarers.computeIfAbsent(index.keyOf(user.getSpec().getUserName()), k -> new ArrayList<>(1)).add(user);
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
            users.putIfAbsent(index.keyOf(user.getSpec().getUserName()),
                    declared(user, assigned.contains(user.getMetadata().getName())));
        }
        return new DeclaredUsers(FrozenUsers.of(users), Collections.unmodifiableMap(duplicates),
                List.copyOf(problems));
    }

    /**
     * What one binding gives: its role; the problem of a group that does not exist (null if none);
     * the keys of its group's members the app assigns (null: no role or no group), frozen and sorted
     * once; the problem of members not assigned; the group's displayName and the remote id its
     * status knows.
     */
    private record BindingPart(String role, PlanProblem missing, Set<String> members, PlanProblem notAssigned,
                               String displayName, String knownId) {
    }

    private static BindingPart bindingPart(ResourceSet resources, ScimApp app, GroupRoleBinding binding,
                                           ScimGroup group, Set<String> assigned, DeclarationIndex index) {
        String namespace = ResourceSet.namespaceOf(app);
        String role = binding.getSpec().getRole();
        String groupRef = binding.getSpec().getGroupRef();
        PlanProblem missing = null;
        if (role != null && group == null && groupRef != null && !groupRef.isBlank()) {
            // Who was in the group is gone with it: nobody loses the role until it is back or unbound.
            missing = new PlanProblem(Reason.MISSING_REFERENCE,
                    "GroupRoleBinding/" + binding.getMetadata().getName(), "GroupRoleBinding '"
                    + binding.getMetadata().getName() + "' names ScimGroup '" + groupRef + "' (spec.groupRef), "
                    + "which does not exist in namespace " + namespace + ": nobody loses '" + role
                    + "' until it exists again or the binding is deleted");
        }
        if (role == null || group == null) {
            return new BindingPart(role, missing, null, null, null, null);
        }
        Set<String> members = new HashSet<>();
        List<String> notAssigned = new ArrayList<>();
        for (ScimUser member : resources.membersInAnyOrder(group)) {
            if (assigned.contains(member.getMetadata().getName())) {
                members.add(index.keyOf(member.getSpec().getUserName()));
            } else {
                notAssigned.add(member.getMetadata().getName());
            }
        }
        PlanProblem notAssignedProblem = null;
        if (!notAssigned.isEmpty()) {
            notAssigned.sort(null);
            notAssignedProblem = new PlanProblem(Reason.MEMBERS_NOT_ASSIGNED, "GroupRoleBinding/"
                    + binding.getMetadata().getName(), notAssigned.size() + " member(s) of ScimGroup "
                    + group.getMetadata().getName() + " are not assigned to ScimApp " + app.getMetadata().getName()
                    + " and get no role: " + String.join(", ", firstFew(notAssigned)));
        }
        String knownId = binding.getStatus() == null ? null : binding.getStatus().getRemoteGroupId();
        return new BindingPart(role, null, SortedKeys.of(members), notAssignedProblem,
                group.getSpec() == null ? null : group.getSpec().getDisplayName(), knownId);
    }

    private static Set<String> union(List<Set<String>> sets) {
        Set<String> all = new HashSet<>();
        sets.forEach(all::addAll);
        return all;
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
