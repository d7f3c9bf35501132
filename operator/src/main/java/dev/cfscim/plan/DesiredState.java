package dev.cfscim.plan;

import dev.cfscim.api.GroupMode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the declared resources ask of one account: its users (every declared user, assigned or
 * not: declared users are the managed ones) and, per role, the userNames (keys) that should hold
 * it. Problems found while building it (a binding whose members are not assigned, say) travel
 * with it into the plan; {@code holds} says where the declaration is not whole (a userName two
 * ScimUsers declare, a reference to a resource that does not exist), which the planner holds around.
 */
public record DesiredState(String accountId, Map<String, DesiredUser> users, Map<String, Set<String>> roles,
                           List<PlanProblem> problems, Model model, Map<String, DesiredGroup> groups,
                           Set<String> declaredGroupNames, DeclarationHolds holds) {

    /** How roles reach the account: through Cloudflare's role groups, or through pushed user groups. */
    public enum Model {
        VIRTUAL_GROUPS, USER_GROUPS;

        /** The model a ScimApp's groupMode declares. */
        public static Model of(GroupMode mode) {
            return mode == GroupMode.UserGroups ? USER_GROUPS : VIRTUAL_GROUPS;
        }
    }

    public DesiredState {
        users = FrozenUsers.of(users);
        Map<String, Set<String>> copy = new TreeMap<>();
        roles.forEach((role, keys) -> copy.put(role, SortedKeys.of(keys)));
        roles = Collections.unmodifiableMap(copy);
        problems = List.copyOf(problems);
        groups = Collections.unmodifiableMap(new TreeMap<>(groups));
        declaredGroupNames = Set.copyOf(declaredGroupNames);
        holds = holds == null ? DeclarationHolds.NONE : holds;
    }

    /** A whole declaration: nothing to hold around. */
    public DesiredState(String accountId, Map<String, DesiredUser> users, Map<String, Set<String>> roles,
                        List<PlanProblem> problems, Model model, Map<String, DesiredGroup> groups,
                        Set<String> declaredGroupNames) {
        this(accountId, users, roles, problems, model, groups, declaredGroupNames, DeclarationHolds.NONE);
    }

    /** The virtual-groups model, as the seed declares it. */
    public DesiredState(String accountId, Map<String, DesiredUser> users, Map<String, Set<String>> roles,
                        List<PlanProblem> problems) {
        this(accountId, users, roles, problems, Model.VIRTUAL_GROUPS, Map.of(), Set.of());
    }

    /** The same declaration with other users (users being deleted turn inactive, say). */
    public DesiredState withUsers(Map<String, DesiredUser> replaced) {
        return new DesiredState(accountId, replaced, roles, problems, model, groups, declaredGroupNames, holds);
    }

    public DesiredUser user(String userName) {
        return users.get(DesiredUser.key(userName));
    }

    /** The roles a declared user should hold in this account. */
    public Set<String> rolesOf(String key) {
        return MemberSets.keysHolding(roles, key);
    }
}
