package dev.cfscim.plan;

import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who holds Super Administrator, and through what, as a plan unfolds change by change: the
 * planner's last-Super-Administrator rail asks it whether a change would leave the account with
 * none. Sources are {@code role-group}, {@code system-group}, {@code group:<ref>} (a custom group
 * whose policies grant the role; {@code new:<name>} for one the plan creates) and {@code outside}.
 * Users are named by userName keys.
 */
final class SuperAdministrators {

    private final Map<String, Set<String>> sources = new HashMap<>();
    private final RemoteState remote;
    /** Per group reference, the keys of its members as the plan unfolds; read from the remote state when first asked. */
    private final Map<String, Set<String>> groupMembers = new HashMap<>();
    private final Set<String> grantingGroups = new HashSet<>();
    private final Recorder recorder = new Recorder();

    SuperAdministrators(RemoteState remote) {
        this.remote = remote;
        for (CustomGroup group : remote.customGroups()) {
            if (group.roles().contains(RemoteState.SUPER_ADMINISTRATOR)) {
                grantingGroups.add(group.id());
            }
        }
        for (String id : remote.superAdministrators()) {
            RemoteUser user = remote.userById(id).orElseThrow();
            sources.put(DesiredUser.key(user.userName()), new HashSet<>(remote.superAdministratorSources(id)));
        }
    }

    boolean grants(String groupRef) {
        return grantingGroups.contains(groupRef);
    }

    List<String> membersOf(String groupRef) {
        return new ArrayList<>(members(groupRef));
    }

    /** A group's members, read when first needed: most plans weigh no group, and reading them all costs a pass over every member. */
    private Set<String> members(String groupRef) {
        return groupMembers.computeIfAbsent(groupRef, ref -> {
            Set<String> keys = new LinkedHashSet<>();
            for (String id : remote.customMembers(ref)) {
                remote.userById(id).ifPresent(u -> keys.add(DesiredUser.key(u.userName())));
            }
            return keys;
        });
    }

    /** Takes one source from a user, unless that would leave the account with no Super Administrator. */
    boolean tryRemove(String userName, String source) {
        String key = DesiredUser.key(userName);
        Set<String> own = sources.get(key);
        if (own == null || !own.contains(source)) {
            return true;
        }
        if (own.size() == 1 && holders() == 1) {
            return false;
        }
        own.remove(source);
        if (own.isEmpty()) {
            sources.remove(key);
        }
        return true;
    }

    /** The user leaves the account with every source, unless it is the last Super Administrator. */
    boolean tryLeave(String userName) {
        String key = DesiredUser.key(userName);
        if (sources.containsKey(key) && holders() == 1) {
            return false;
        }
        sources.remove(key);
        return true;
    }

    /** A group stops granting the role (its policy changes, or it is deleted), unless that empties the account. */
    boolean tryStopGranting(String groupRef) {
        String source = "group:" + groupRef;
        long left = sources.values().stream().filter(own -> !(own.size() == 1 && own.contains(source))).count();
        if (holders() > 0 && left == 0) {
            return false;
        }
        sources.values().forEach(own -> own.remove(source));
        sources.values().removeIf(Set::isEmpty);
        grantingGroups.remove(groupRef);
        return true;
    }

    /**
     * Follows a change that gives: new holders, new group members, groups that start granting. What
     * takes away goes through tryRemove, tryLeave and tryStopGranting instead, and the kinds that
     * neither give the role nor change a group's members move nothing.
     */
    void record(Change change) {
        change.accept(recorder);
    }

    /** What each kind of change gives: the kinds that take away, or move nothing, record nothing. */
    private final class Recorder implements Change.Visitor<Void> {

        @Override
        public Void addMembers(Change.AddMembers add) {
            if (add.role().equals(RemoteState.SUPER_ADMINISTRATOR)) {
                add.userNames().forEach(n -> gain(n, "role-group"));
            }
            return null;
        }

        /** A new group starts empty: its members join by AddGroupMembers, after its policy. */
        @Override
        public Void createGroup(Change.CreateGroup create) {
            groupMembers.put("new:" + create.displayName(), new LinkedHashSet<>());
            return null;
        }

        @Override
        public Void addGroupMembers(Change.AddGroupMembers add) {
            String ref = add.groupId() != null ? add.groupId() : "new:" + add.displayName();
            add.userNames().forEach(n -> {
                members(ref).add(DesiredUser.key(n));
                if (grantingGroups.contains(ref)) {
                    gain(n, "group:" + ref);
                }
            });
            return null;
        }

        @Override
        public Void removeGroupMembers(Change.RemoveGroupMembers remove) {
            remove.userNames().forEach(n -> members(remove.groupId()).remove(DesiredUser.key(n)));
            return null;
        }

        @Override
        public Void setGroupRoles(Change.SetGroupRoles set) {
            if (set.roles().contains(RemoteState.SUPER_ADMINISTRATOR)) {
                String ref = set.groupId() != null ? set.groupId() : "new:" + set.displayName();
                grantingGroups.add(ref);
                members(ref).forEach(k -> gain(k, "group:" + ref));
            }
            return null;
        }

        @Override
        public Void createUser(Change.CreateUser change) {
            return null;
        }

        @Override
        public Void reactivateUser(Change.ReactivateUser change) {
            return null;
        }

        @Override
        public Void updateUser(Change.UpdateUser change) {
            return null;
        }

        @Override
        public Void adoptGroup(Change.AdoptGroup change) {
            return null;
        }

        @Override
        public Void renameGroup(Change.RenameGroup change) {
            return null;
        }

        @Override
        public Void deactivateUser(Change.DeactivateUser change) {
            return null;
        }

        @Override
        public Void removeMembers(Change.RemoveMembers change) {
            return null;
        }

        @Override
        public Void deleteGroup(Change.DeleteGroup change) {
            return null;
        }
    }

    private void gain(String userName, String source) {
        sources.computeIfAbsent(DesiredUser.key(userName), k -> new HashSet<>()).add(source);
    }

    private int holders() {
        return sources.size();
    }
}
