package dev.cfscim.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
        List<String> repolicied = new ArrayList<>(new LinkedHashSet<>(memberChanges.stream()
                .filter(PlanOrder::changesAPolicy)
                .sorted(Comparator.comparing(c -> ((Change.SetGroupRoles) c).revokes()))
                .map(PlanOrder::group).toList()));
        Set<String> changing = Set.copyOf(repolicied);
        List<Change> order = new ArrayList<>();
        userChanges.stream().filter(c -> !c.deprovisions()).forEach(order::add);
        for (Step step : Step.values()) {
            if (step == Step.REPOLICIED) {
                // Per group: leavers out, the policy, newcomers in.
                for (String group : repolicied) {
                    memberChanges.stream().filter(c -> step(c, changing) == step && group.equals(group(c)))
                            .sorted(Comparator.comparingInt(PlanOrder::withinRepolicied))
                            .forEach(order::add);
                }
            } else {
                memberChanges.stream().filter(c -> step(c, changing) == step).forEach(order::add);
            }
        }
        userChanges.stream().filter(Change::deprovisions).forEach(order::add);
        return order;
    }

    /** The steps of the membership part of a plan, in order. */
    private enum Step { GROUPS, NEW_POLICIES, JOINS, REPOLICIED, LEAVES, DELETES }

    private static Step step(Change change, Set<String> changing) {
        return switch (change.action()) {
            case CREATE_GROUP, ADOPT_GROUP, RENAME_GROUP -> Step.GROUPS;
            case SET_GROUP_ROLES -> changesAPolicy(change) ? Step.REPOLICIED : Step.NEW_POLICIES;
            case ADD_MEMBERS -> Step.JOINS;
            case ADD_GROUP_MEMBERS -> changing.contains(group(change)) ? Step.REPOLICIED : Step.JOINS;
            case REMOVE_MEMBERS -> Step.LEAVES;
            case REMOVE_GROUP_MEMBERS -> changing.contains(group(change)) ? Step.REPOLICIED : Step.LEAVES;
            case DELETE_GROUP -> Step.DELETES;
            case CREATE_USER, REACTIVATE_USER, UPDATE_USER, DEACTIVATE_USER ->
                    throw new IllegalArgumentException("not a membership change: " + change.summary());
        };
    }

    /** Within a group whose policy changes: leavers, then the policy, then newcomers. */
    private static int withinRepolicied(Change change) {
        return switch (change.action()) {
            case REMOVE_GROUP_MEMBERS -> 0;
            case SET_GROUP_ROLES -> 1;
            case ADD_GROUP_MEMBERS -> 2;
            case CREATE_USER, REACTIVATE_USER, UPDATE_USER, DEACTIVATE_USER, ADD_MEMBERS, REMOVE_MEMBERS,
                    CREATE_GROUP, ADOPT_GROUP, RENAME_GROUP, DELETE_GROUP ->
                    throw new IllegalArgumentException("not a change of a group whose policy changes: "
                            + change.summary());
        };
    }

    /** A new policy for a group that exists already (one this plan pushes has no members before its policy). */
    private static boolean changesAPolicy(Change change) {
        return change.action() == Change.Action.SET_GROUP_ROLES && ((Change.SetGroupRoles) change).groupId() != null;
    }

    private static String group(Change change) {
        return change.pushedGroup() == null ? "" : change.pushedGroup().toLowerCase(Locale.ROOT);
    }
}
