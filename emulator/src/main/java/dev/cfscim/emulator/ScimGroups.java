package dev.cfscim.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups as SCIM pushes them: which pushes the account's profile accepts, the adoption of a user
 * group of the same name, and PATCH edits applied all together or not at all. Stateless;
 * guarded by its account's lock.
 */
record ScimGroups(String accountId, Profile profile, ExistingUserGroups existingUserGroups, Groups groups,
                  Memberships memberships) {

    Group create(String displayName, String externalId, List<String> memberIds) {
        if (profile == Profile.VIRTUAL_GROUPS) {
            if (groups.named(displayName, g -> true).isPresent()) {
                throw Rejection.uniqueness("group '" + displayName
                        + "' already exists: link to it instead of pushing it");
            }
            throw Rejection.invalidValue("custom groups are not supported: push a group named exactly 'CF-"
                    + accountId + " - <Role Name>' for an account-scoped role");
        }
        Group adopted = adoptUserGroup(displayName, externalId, memberIds);
        if (adopted != null) {
            return adopted;
        }
        groups.checkCustomName(displayName, null);
        memberships.checkMembers(memberIds);
        Group group = new Group(RandomId.next(), Group.Kind.CUSTOM, null, displayName, true, Instant.now());
        group.externalId = externalId;
        groups.add(group);
        memberIds.forEach(userId -> memberships.join(group, userId));
        return group;
    }

    /**
     * With {@link ExistingUserGroups#ADOPT}, a push of the name of a user group SCIM did not push
     * takes that group over: same id and policies, the pushed externalId, locked as SCIM's from now
     * on. Null when there is none to adopt (the push goes on as a create, and a name in use is a 409).
     */
    private Group adoptUserGroup(String displayName, String externalId, List<String> memberIds) {
        if (existingUserGroups != ExistingUserGroups.ADOPT || displayName == null) {
            return null;
        }
        Group found = groups.named(displayName, g -> g.kind == Group.Kind.CUSTOM && !g.managedByScim)
                .orElse(null);
        if (found == null) {
            return null;
        }
        memberships.checkMembers(memberIds);
        found.managedByScim = true;
        if (externalId != null) {
            found.externalId = externalId;
        }
        memberIds.forEach(userId -> memberships.join(found, userId));
        found.lastModified = Instant.now();
        return found;
    }

    /** Applies a PATCH's edits all together, or none of them when one is refused. */
    Group edit(String groupId, List<GroupEdit> edits) {
        Group group = groups.get(groupId);
        Check check = new Check(memberships, group);
        edits.forEach(edit -> edit.handleWith(check));
        Apply apply = new Apply(memberships, group);
        edits.forEach(edit -> edit.handleWith(apply));
        group.lastModified = Instant.now();
        return group;
    }

    Group replace(String groupId, String displayName, String externalId, List<String> memberIds) {
        Group group = groups.get(groupId);
        if (group.kind == Group.Kind.ROLE) {
            throw Rejection.invalidValue("role group '" + group.displayName
                    + "' cannot be replaced: change its members with PATCH");
        }
        List<GroupEdit> edits = new ArrayList<>();
        edits.add(new GroupEdit.Rename(displayName));
        if (group.renamable()) {
            edits.add(new GroupEdit.SetExternalId(externalId));
        }
        edits.add(new GroupEdit.ReplaceMembers(memberIds));
        return edit(groupId, edits);
    }

    void delete(String groupId) {
        Group group = groups.get(groupId);
        if (group.kind != Group.Kind.CUSTOM) {
            throw Rejection.invalidValue("group '" + group.displayName + "' belongs to Cloudflare and cannot be deleted");
        }
        memberships.dissolve(group);
    }

    /** The first pass: refuses the whole PATCH before anything changes. */
    private record Check(Memberships memberships, Group group) implements GroupEdit.Handler {

        @Override
        public void addMembers(List<String> userIds) {
            memberships.checkMembers(userIds);
        }

        @Override
        public void removeMembers(List<String> userIds) {
            // Removing a user that is not in the group changes nothing: never refused.
        }

        @Override
        public void removeAllMembers() {
            // Always allowed.
        }

        @Override
        public void replaceMembers(List<String> userIds) {
            memberships.checkMembers(userIds);
        }

        @Override
        public void rename(String displayName) {
            if (displayName == null || displayName.equals(group.displayName)) {
                return;
            }
            if (!group.renamable()) {
                throw Rejection.mutability("group '" + group.displayName + "' cannot be renamed");
            }
            memberships.groups().checkCustomName(displayName, group);
        }

        @Override
        public void setExternalId(String externalId) {
            if (!group.renamable()) {
                throw Rejection.mutability("only the members of group '" + group.displayName + "' can change");
            }
        }
    }

    /** The second pass: every edit, all of them checked. */
    private record Apply(Memberships memberships, Group group) implements GroupEdit.Handler {

        @Override
        public void addMembers(List<String> userIds) {
            userIds.forEach(userId -> memberships.join(group, userId));
        }

        @Override
        public void removeMembers(List<String> userIds) {
            userIds.forEach(userId -> memberships.leave(group, userId));
        }

        @Override
        public void removeAllMembers() {
            memberships.leaveAll(group);
        }

        @Override
        public void replaceMembers(List<String> userIds) {
            memberships.leaveAll(group);
            userIds.forEach(userId -> memberships.join(group, userId));
        }

        @Override
        public void rename(String displayName) {
            // A rename to no name (a PUT without displayName) keeps the one the group has.
            if (displayName != null) {
                group.displayName = displayName;
            }
        }

        @Override
        public void setExternalId(String externalId) {
            group.externalId = externalId;
        }
    }
}
