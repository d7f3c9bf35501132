package dev.cfscim.plan;

import dev.cfscim.scim.RemoteUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One group's members as the planner compares them, in either model: who should be in it
 * ({@code target}), and so who joins ({@code add}) and who leaves ({@code remove}), by userName.
 */
record MembershipDiff(List<String> target, List<String> add, List<String> remove) {

    MembershipDiff {
        target = List.copyOf(target);
        add = List.copyOf(add);
        remove = List.copyOf(remove);
    }

    /**
     * The diff over every user, or over the users of {@code scope} alone: a scoped plan looks each
     * of them up rather than walk the whole group, which is what makes an edit cost what it touches.
     *
     * @param wanted     keys of the declared users the declaration puts in the group, in plan order
     * @param memberIds  ids of the group's members now, read only for a full scope (a copy of the group)
     * @param isMember   whether a user id is a member of the group now
     * @param notJoining keys of declared members that will not be account members after the plan
     * @param leaving    keys of the users the plan takes out of the account: they lose their groups
     *                   with it, so no removal is planned for them
     */
    static MembershipDiff of(PlanScope scope, Collection<String> wanted, Supplier<Collection<String>> memberIds,
                             Predicate<String> isMember, DesiredState desired, RemoteState remote,
                             Set<String> notJoining, Set<String> leaving) {
        if (!scope.isAll()) {
            return ofScope(scope, wanted, isMember, desired, remote, notJoining, leaving);
        }
        return ofAll(wanted, memberIds.get(), desired, remote, notJoining, leaving);
    }

    private static MembershipDiff ofScope(PlanScope scope, Collection<String> wanted, Predicate<String> isMember,
                                          DesiredState desired, RemoteState remote, Set<String> notJoining,
                                          Set<String> leaving) {
        List<String> target = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        // In key order, as the full diff lists them.
        for (String key : scope.keys()) {
            DesiredUser user = desired.users().get(key);
            Optional<RemoteUser> member = remote.user(key).filter(u -> isMember.test(u.id()));
            if (user != null && user.shouldBeMember() && !notJoining.contains(key) && wanted.contains(key)) {
                target.add(user.userName());
                if (member.isEmpty()) {
                    add.add(user.userName());
                }
            } else if (member.isPresent() && user != null && !leaving.contains(key)) {
                remove.add(member.get().userName());
            }
        }
        return new MembershipDiff(target, add, remove);
    }

    private static MembershipDiff ofAll(Collection<String> wanted, Collection<String> memberIds, DesiredState desired,
                                        RemoteState remote, Set<String> notJoining, Set<String> leaving) {
        Set<String> targetKeys = new TreeSet<>();
        List<String> target = new ArrayList<>();
        for (String key : wanted) {
            DesiredUser user = desired.users().get(key);
            if (user != null && user.shouldBeMember() && !notJoining.contains(key)) {
                targetKeys.add(key);
                target.add(user.userName());
            }
        }
        // By key, so that members compare case-insensitively; sorted, so that plans come out the same.
        Map<String, String> current = new TreeMap<>();
        for (String id : memberIds) {
            remote.userById(id).ifPresent(u -> current.put(DesiredUser.key(u.userName()), u.userName()));
        }
        List<String> add = target.stream().filter(n -> !current.containsKey(DesiredUser.key(n))).toList();
        // Only managed members leave: ones no ScimUser declares are left alone.
        List<String> remove = current.entrySet().stream()
                .filter(e -> desired.users().containsKey(e.getKey()))
                .filter(e -> !targetKeys.contains(e.getKey()) && !leaving.contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new MembershipDiff(target, add, remove);
    }
}
