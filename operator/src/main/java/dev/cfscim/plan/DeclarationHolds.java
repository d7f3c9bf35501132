package dev.cfscim.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a declaration is not whole, and so which changes the planner must hold rather than make:
 * an incomplete declaration holds, it never shrinks the account to what is left of it.
 *
 * @param duplicateUserNames per user key ({@link DesiredUser#key}), the names of the live ScimUsers
 *                           that declare it, when more than one does: every change of that user is held
 * @param missingAssignments the ScimApp's assignments that name a ScimUser or ScimGroup that does not
 *                           exist: anyone might have been assigned through them, so no member leaves
 *                           for being unassigned while one stands
 * @param missingRoleSources per role, the binding whose ScimGroup does not exist: nobody loses that
 *                           role while it stands
 */
public record DeclarationHolds(Map<String, List<String>> duplicateUserNames, List<PlanProblem> missingAssignments,
                               Map<String, PlanProblem> missingRoleSources) {

    public static final DeclarationHolds NONE = new DeclarationHolds(Map.of(), List.of(), Map.of());

    public DeclarationHolds {
        Map<String, List<String>> duplicates = new TreeMap<>();
        duplicateUserNames.forEach((key, names) -> duplicates.put(key, List.copyOf(names)));
        duplicateUserNames = Collections.unmodifiableMap(duplicates);
        missingAssignments = List.copyOf(missingAssignments);
        missingRoleSources = Collections.unmodifiableMap(new TreeMap<>(missingRoleSources));
    }

    public boolean isDuplicate(String key) {
        return duplicateUserNames.containsKey(key);
    }

    /** The other live ScimUsers that declare the userName {@code resource} declares (by key). */
    public List<String> otherDeclarers(String key, String resource) {
        List<String> others = new ArrayList<>(duplicateUserNames.getOrDefault(key, List.of()));
        others.remove(resource);
        return others;
    }

    /** The message of a held change of a duplicated user, naming every ScimUser that declares it. */
    public String duplicateMessage(String key) {
        return duplicateMessage(duplicateUserNames.getOrDefault(key, List.of()));
    }

    /** The same, for the ScimUsers named. */
    public static String duplicateMessage(List<String> resources) {
        return "ScimUsers " + String.join(", ", resources)
                + " declare one userName (compared ignoring case): its changes are held until all but one are "
                + "deleted or changed";
    }
}
