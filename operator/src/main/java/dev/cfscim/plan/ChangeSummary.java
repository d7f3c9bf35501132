package dev.cfscim.plan;

import java.util.List;
import java.util.TreeSet;

/**
 * Each kind of change in a few words, as plans, events and held-change messages show it
 * ({@code create user alice@example.com}): the rendering kept apart from what a change is.
 */
final class ChangeSummary implements Change.Visitor<String> {

    static final ChangeSummary INSTANCE = new ChangeSummary();

    private ChangeSummary() {
    }

    @Override
    public String createUser(Change.CreateUser change) {
        return "create user " + change.userName();
    }

    @Override
    public String reactivateUser(Change.ReactivateUser change) {
        return "reactivate user " + change.userName();
    }

    @Override
    public String updateUser(Change.UpdateUser change) {
        return "update user " + change.userName();
    }

    @Override
    public String deactivateUser(Change.DeactivateUser change) {
        return "deactivate user " + change.userName();
    }

    @Override
    public String addMembers(Change.AddMembers change) {
        return "add " + names(change.userNames()) + " to role \"" + change.role() + "\"";
    }

    @Override
    public String removeMembers(Change.RemoveMembers change) {
        return "remove " + names(change.userNames()) + " from role \"" + change.role() + "\"";
    }

    @Override
    public String createGroup(Change.CreateGroup change) {
        return "create group \"" + change.displayName() + "\"";
    }

    @Override
    public String adoptGroup(Change.AdoptGroup change) {
        return "adopt group \"" + change.displayName() + "\"";
    }

    @Override
    public String renameGroup(Change.RenameGroup change) {
        return "rename group \"" + change.from() + "\" to \"" + change.displayName() + "\"";
    }

    @Override
    public String setGroupRoles(Change.SetGroupRoles change) {
        return "set the roles of group \"" + change.displayName() + "\" to "
                + (change.roles().isEmpty() ? "none" : String.join(", ", new TreeSet<>(change.roles())));
    }

    @Override
    public String addGroupMembers(Change.AddGroupMembers change) {
        return "add " + names(change.userNames()) + " to group \"" + change.displayName() + "\"";
    }

    @Override
    public String removeGroupMembers(Change.RemoveGroupMembers change) {
        return "remove " + names(change.userNames()) + " from group \"" + change.displayName() + "\"";
    }

    @Override
    public String deleteGroup(Change.DeleteGroup change) {
        return "delete group \"" + change.displayName() + "\"";
    }

    /** The first three names and how many more: a plan line stays one line whatever the group's size. */
    private static String names(List<String> userNames) {
        if (userNames.size() <= 3) {
            return String.join(", ", userNames);
        }
        return String.join(", ", userNames.subList(0, 3)) + " and " + (userNames.size() - 3) + " more";
    }
}
