package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * No deprovision, no removal from a group that grants Super Administrator, and no policy change or
 * group deletion that takes it away may leave the account with none: Cloudflare documents the
 * lock-out this causes and a manual repair for it. Follows, change by change in plan order, where
 * each holder's Super Administrator comes from (role group, system group, custom groups, outside
 * SCIM), so that one losing a source keeps the role while another source remains.
 */
record LastSuperAdministratorRail(RemoteState remote) implements Rail {

    @Override
    public List<Change> hold(List<Change> changes, List<HeldChange> held) {
        if (changes.isEmpty()) {
            // Who holds the role is worked out from every group's members: not for a plan with nothing in it.
            return changes;
        }
        Run run = new Run(new SuperAdministrators(remote), held);
        changes.forEach(change -> change.accept(run));
        return run.kept;
    }

    /**
     * Whether the rail would weigh any of these changes against the holders (a deprovision, or a
     * removal, policy change or deletion that takes Super Administrator away): the engine reads
     * who holds the role outside SCIM exactly then. One definition for both, so that the rail never
     * weighs a change with the outside holders unread.
     */
    static boolean weighsAny(RemoteState remote, List<Change> changes) {
        if (changes.isEmpty()) {
            return false;
        }
        Run run = new Run(new SuperAdministrators(remote), new ArrayList<>());
        changes.forEach(change -> change.accept(run));
        return run.weighed;
    }

    /** One pass over a plan: what each kind of change does to the holders, kept or held. */
    private static final class Run implements Change.Visitor<Void> {
        private final SuperAdministrators supers;
        private final List<HeldChange> held;
        private final List<Change> kept = new ArrayList<>();
        /** Whether a change was weighed against the holders (whatever the answer). */
        private boolean weighed;

        Run(SuperAdministrators supers, List<HeldChange> held) {
            this.supers = supers;
            this.held = held;
        }

        @Override
        public Void removeMembers(Change.RemoveMembers remove) {
            if (!remove.role().equals(RemoteState.SUPER_ADMINISTRATOR)) {
                return keep(remove);
            }
            splitByUser(remove, name -> supers.tryRemove(name, "role-group"),
                    names -> new Change.RemoveMembers(remove.role(), remove.groupId(), names, remove.reason()));
            return null;
        }

        @Override
        public Void removeGroupMembers(Change.RemoveGroupMembers remove) {
            if (!supers.grants(remove.groupId())) {
                return keep(remove);
            }
            Change left = splitByUser(remove, name -> supers.tryRemove(name, "group:" + remove.groupId()),
                    names -> new Change.RemoveGroupMembers(remove.groupId(), remove.displayName(), names,
                            remove.reason()));
            if (left != null) {
                // Those who left are no longer members: a later policy of the group must not count them.
                supers.record(left);
            }
            return null;
        }

        @Override
        public Void deactivateUser(Change.DeactivateUser deactivate) {
            weighed = true;
            if (supers.tryLeave(deactivate.userName())) {
                kept.add(deactivate);
            } else {
                hold(deactivate, List.of(deactivate.userName()));
            }
            return null;
        }

        @Override
        public Void deleteGroup(Change.DeleteGroup delete) {
            return supers.grants(delete.groupId()) ? stopGranting(delete, delete.groupId()) : keep(delete);
        }

        @Override
        public Void setGroupRoles(Change.SetGroupRoles set) {
            boolean stops = set.groupId() != null && supers.grants(set.groupId())
                    && !set.roles().contains(RemoteState.SUPER_ADMINISTRATOR);
            return stops ? stopGranting(set, set.groupId()) : keep(set);
        }

        @Override
        public Void createUser(Change.CreateUser create) {
            return keep(create);
        }

        @Override
        public Void reactivateUser(Change.ReactivateUser reactivate) {
            return keep(reactivate);
        }

        @Override
        public Void updateUser(Change.UpdateUser update) {
            return keep(update);
        }

        @Override
        public Void addMembers(Change.AddMembers add) {
            return keep(add);
        }

        @Override
        public Void createGroup(Change.CreateGroup create) {
            return keep(create);
        }

        @Override
        public Void adoptGroup(Change.AdoptGroup adopt) {
            return keep(adopt);
        }

        @Override
        public Void renameGroup(Change.RenameGroup rename) {
            return keep(rename);
        }

        @Override
        public Void addGroupMembers(Change.AddGroupMembers add) {
            return keep(add);
        }

        /** A change that takes no Super Administrator away: it goes through, and may give the role. */
        private Void keep(Change change) {
            supers.record(change);
            kept.add(change);
            return null;
        }

        /** A group stops granting the role: through, unless its members are the last holders. */
        private Void stopGranting(Change change, String groupRef) {
            weighed = true;
            if (supers.tryStopGranting(groupRef)) {
                kept.add(change);
            } else {
                hold(change, supers.membersOf(groupRef));
            }
            return null;
        }

        /**
         * Keeps the users whose removal leaves a Super Administrator, and holds the others; answers
         * the part kept, or null when none is.
         */
        private Change splitByUser(Change whole, Predicate<String> tryRemove, Function<List<String>, Change> make) {
            weighed = true;
            List<String> names = whole.userNames();
            List<String> allowed = new ArrayList<>();
            List<String> blocked = new ArrayList<>();
            for (String name : names) {
                (tryRemove.test(name) ? allowed : blocked).add(name);
            }
            if (!blocked.isEmpty()) {
                hold(make.apply(blocked), blocked);
            }
            if (allowed.isEmpty()) {
                return null;
            }
            Change kept = allowed.size() == names.size() ? whole : make.apply(allowed);
            this.kept.add(kept);
            return kept;
        }

        private void hold(Change change, List<String> names) {
            held.add(new HeldChange(change, Reason.LAST_SUPER_ADMINISTRATOR, String.join(", ", names)
                    + " is the account's last Super Administrator: give the role to someone else first"));
        }
    }
}
