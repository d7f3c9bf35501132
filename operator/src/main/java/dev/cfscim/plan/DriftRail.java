package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * With a baseline (the desired state last applied in full) and {@code driftPolicy: Report}, holds
 * the changes, or the parts of them, that only undo a hand edit made in Cloudflare.
 */
record DriftRail(DesiredState desired, DesiredState baseline, PlanPolicy policy) implements Rail {

    @Override
    public List<Change> hold(List<Change> changes, List<HeldChange> held) {
        if (baseline == null || policy.correctDrift()) {
            return changes;
        }
        Splitter splitter = new Splitter();
        List<Change> kept = new ArrayList<>();
        for (Change change : changes) {
            Split split = change.accept(splitter);
            if (split.intended() != null) {
                kept.add(split.intended());
            }
            if (split.drift() != null) {
                held.add(new HeldChange(split.drift(), Reason.DRIFT_REPORTED,
                        "changed in Cloudflare by hand; driftPolicy is Report"));
            }
        }
        return kept;
    }

    /** The part of a change the declaration asked for, and the part that undoes drift; either may be null. */
    private record Split(Change intended, Change drift) {

        static Split whole(Change change, boolean drift) {
            return drift ? new Split(null, change) : new Split(change, null);
        }

        /** A membership change split by member: {@code make} builds the change for some of its userNames. */
        static <C extends Change> Split byMember(C whole, List<String> intended, List<String> undone,
                                                 Function<List<String>, C> make) {
            if (undone.isEmpty()) {
                return new Split(whole, null);
            }
            return new Split(intended.isEmpty() ? null : make.apply(intended), make.apply(undone));
        }
    }

    /** Tells, per kind of change, whether the declaration or the drift asks for it. */
    private final class Splitter implements Change.Visitor<Split> {

        @Override
        public Split createUser(Change.CreateUser create) {
            return Split.whole(create, baselineMember(create.user().userName()));
        }

        @Override
        public Split reactivateUser(Change.ReactivateUser reactivate) {
            return Split.whole(reactivate, baselineMember(reactivate.userName()));
        }

        @Override
        public Split updateUser(Change.UpdateUser update) {
            DesiredUser before = baseline.user(update.userName());
            DesiredUser now = desired.user(update.userName());
            return Split.whole(update, before != null && now != null && sameProfile(before, now));
        }

        @Override
        public Split deactivateUser(Change.DeactivateUser deactivate) {
            DesiredUser before = baseline.user(deactivate.userName());
            return Split.whole(deactivate, before != null && !before.shouldBeMember());
        }

        @Override
        public Split addMembers(Change.AddMembers add) {
            List<String> intended = new ArrayList<>();
            List<String> undone = new ArrayList<>();
            for (String name : add.userNames()) {
                (baselineHasRole(name, add.role()) ? undone : intended).add(name);
            }
            return Split.byMember(add, intended, undone,
                    names -> new Change.AddMembers(add.role(), add.groupId(), names, add.reason()));
        }

        @Override
        public Split removeMembers(Change.RemoveMembers remove) {
            List<String> intended = new ArrayList<>();
            List<String> undone = new ArrayList<>();
            for (String name : remove.userNames()) {
                (baselineKnows(name) && !baselineHasRole(name, remove.role()) ? undone : intended).add(name);
            }
            return Split.byMember(remove, intended, undone,
                    names -> new Change.RemoveMembers(remove.role(), remove.groupId(), names, remove.reason()));
        }

        @Override
        public Split createGroup(Change.CreateGroup create) {
            return groupChange(create);
        }

        @Override
        public Split adoptGroup(Change.AdoptGroup adopt) {
            return groupChange(adopt);
        }

        @Override
        public Split renameGroup(Change.RenameGroup rename) {
            return groupChange(rename);
        }

        @Override
        public Split setGroupRoles(Change.SetGroupRoles set) {
            return groupChange(set);
        }

        @Override
        public Split addGroupMembers(Change.AddGroupMembers add) {
            return groupChange(add);
        }

        @Override
        public Split removeGroupMembers(Change.RemoveGroupMembers remove) {
            return groupChange(remove);
        }

        @Override
        public Split deleteGroup(Change.DeleteGroup delete) {
            return groupChange(delete);
        }

        /** A group change undoes a hand edit when the declaration of the group is unchanged. */
        private Split groupChange(Change.GroupChange change) {
            String group = change.pushedGroup();
            return Split.whole(change, Objects.equals(baseline.groups().get(group), desired.groups().get(group)));
        }
    }

    private boolean baselineMember(String userName) {
        DesiredUser before = baseline.user(userName);
        return before != null && before.shouldBeMember();
    }

    private boolean baselineKnows(String userName) {
        return baseline.user(userName) != null;
    }

    private boolean baselineHasRole(String userName, String role) {
        return baselineMember(userName)
                && baseline.roles().getOrDefault(role, Set.of()).contains(DesiredUser.key(userName));
    }

    private static boolean sameProfile(DesiredUser a, DesiredUser b) {
        return Objects.equals(a.userName(), b.userName()) && Objects.equals(a.givenName(), b.givenName())
                && Objects.equals(a.familyName(), b.familyName()) && Objects.equals(a.externalId(), b.externalId());
    }
}
