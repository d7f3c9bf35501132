package dev.cfscim.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The order a plan's changes are made in, so that at no step between two requests does a declared
 * member hold a role the declaration does not give them (and did not hold already), and, as far as
 * that allows, nobody loses a role the declaration gives them before it arrives another way:
 * <ol>
 *   <li>users are created, reactivated and updated; groups are pushed, adopted and renamed, none of
 *       which moves a role;</li>
 *   <li>a group pushed by this plan gets its policy while it has no members;</li>
 *   <li>members join the groups whose policy this plan leaves as it is (a role group grants one role);</li>
 *   <li>then each group whose policy changes, one after the other (those whose policy only grows
 *       first, since they only give): its leaving members go first, then its policy becomes what
 *       the declaration gives, then its new members join; so nobody joins a group before its policy
 *       is right, and nobody leaving it meets the new one (the planner also takes members leaving
 *       the account out of a group whose policy grows, rather than let it reach them before their
 *       deprovision);</li>
 *   <li>the other removals from groups (the virtual role groups a migration leaves among them,
 *       once the user groups grant the role); groups deleted; and last the deprovisions.</li>
 * </ol>
 * Grants before removals keeps a member who moves from one group to another holding the role all
 * the time (a user group with no roles can even block its members' logins); where two groups'
 * changing policies each take away what the other gives, the least-privilege rule wins over that.
 */
final class PlanOrder {

    private PlanOrder() {
    }

    static List<Change> of(List<Change> userChanges, List<Change> memberChanges) {
        Placement placement = new Placement();
        Map<Change, Step> steps = new IdentityHashMap<>();
        memberChanges.forEach(c -> steps.put(c, c.accept(placement)));
        List<String> repolicied = new ArrayList<>(new LinkedHashSet<>(placement.policyChanges.stream()
                .sorted(Comparator.comparing(Change.SetGroupRoles::revokes))
                .map(PlanOrder::group).toList()));
        Set<String> changing = Set.copyOf(repolicied);
        // Joins and leaves of a group whose policy changes go with that policy.
        memberChanges.forEach(c -> steps.computeIfPresent(c, (change, step) ->
                (step == Step.JOINS || step == Step.LEAVES) && changing.contains(group(change)) ? Step.REPOLICIED : step));
        List<Change> order = new ArrayList<>();
        userChanges.stream().filter(c -> !c.deprovisions()).forEach(order::add);
        for (Step step : Step.values()) {
            if (step == Step.REPOLICIED) {
                // Per group: leavers out, the policy, newcomers in.
                for (String group : repolicied) {
                    memberChanges.stream().filter(c -> steps.get(c) == step && group.equals(group(c)))
                            .sorted(Comparator.comparingInt(c -> WITHIN_REPOLICIED.indexOf(c.action())))
                            .forEach(order::add);
                }
            } else {
                memberChanges.stream().filter(c -> steps.get(c) == step).forEach(order::add);
            }
        }
        userChanges.stream().filter(Change::deprovisions).forEach(order::add);
        return order;
    }

    /** The steps of the membership part of a plan, in order. */
    private enum Step { GROUPS, NEW_POLICIES, JOINS, REPOLICIED, LEAVES, DELETES }

    /** Within a group whose policy changes: leavers, then the policy, then newcomers. */
    private static final List<Change.Action> WITHIN_REPOLICIED = List.of(Change.Action.REMOVE_GROUP_MEMBERS,
            Change.Action.SET_GROUP_ROLES, Change.Action.ADD_GROUP_MEMBERS);

    /**
     * The step of each membership change, before the joins and leaves of a group whose policy
     * changes move to that group's turn; it gathers those policy changes on the way.
     */
    private static final class Placement implements Change.Visitor<Step> {
        /** New policies for groups that exist already (one this plan pushes has no members before its policy). */
        private final List<Change.SetGroupRoles> policyChanges = new ArrayList<>();

        @Override
        public Step createGroup(Change.CreateGroup change) {
            return Step.GROUPS;
        }

        @Override
        public Step adoptGroup(Change.AdoptGroup change) {
            return Step.GROUPS;
        }

        @Override
        public Step renameGroup(Change.RenameGroup change) {
            return Step.GROUPS;
        }

        @Override
        public Step setGroupRoles(Change.SetGroupRoles change) {
            if (change.groupId() == null) {
                return Step.NEW_POLICIES;
            }
            policyChanges.add(change);
            return Step.REPOLICIED;
        }

        @Override
        public Step addMembers(Change.AddMembers change) {
            return Step.JOINS;
        }

        @Override
        public Step addGroupMembers(Change.AddGroupMembers change) {
            return Step.JOINS;
        }

        @Override
        public Step removeMembers(Change.RemoveMembers change) {
            return Step.LEAVES;
        }

        @Override
        public Step removeGroupMembers(Change.RemoveGroupMembers change) {
            return Step.LEAVES;
        }

        @Override
        public Step deleteGroup(Change.DeleteGroup change) {
            return Step.DELETES;
        }

        @Override
        public Step createUser(Change.CreateUser change) {
            throw notAMembershipChange(change);
        }

        @Override
        public Step reactivateUser(Change.ReactivateUser change) {
            throw notAMembershipChange(change);
        }

        @Override
        public Step updateUser(Change.UpdateUser change) {
            throw notAMembershipChange(change);
        }

        @Override
        public Step deactivateUser(Change.DeactivateUser change) {
            throw notAMembershipChange(change);
        }

        private static IllegalArgumentException notAMembershipChange(Change change) {
            return new IllegalArgumentException("not a membership change: " + change.summary());
        }
    }

    private static String group(Change change) {
        return change.pushedGroup() == null ? "" : change.pushedGroup().toLowerCase(Locale.ROOT);
    }
}
