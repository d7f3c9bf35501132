package dev.cfscim.bench;

import dev.cfscim.emulator.EmulatedAccount;
import dev.cfscim.emulator.GroupView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an emulated account holds a workload, in a group model: every user a member, and each
 * role's group (the role group, or the pushed user group) holding exactly the role's users. A
 * contender's figures mean nothing unless it did the whole job.
 */
final class Convergence {

    private Convergence() {
    }

    /**
     * What is missing, or empty when the account holds the workload. {@code policies}: whether the
     * pushed groups must grant their role (ours) or grant nothing (an IdP sets no policy).
     */
    static Optional<String> missing(EmulatedAccount account, GroupModel model, Workload workload, boolean policies) {
        // One read of the members: each read builds every member's view.
        Map<String, String> ids = new HashMap<>();
        account.members().forEach(m -> ids.put(m.userName().toLowerCase(Locale.ROOT), m.id()));
        if (ids.size() != workload.users().size() + 1) {
            return Optional.of(ids.size() + " members for " + workload.users().size() + " users and the owner");
        }
        List<GroupView> groups = account.groups();
        for (Map.Entry<String, List<String>> role : workload.members().entrySet()) {
            Optional<GroupView> group = groups.stream().filter(g -> isGroupOf(model, g, role.getKey())).findFirst();
            if (group.isEmpty()) {
                return Optional.of("no group for " + role.getKey());
            }
            Set<String> wanted = new HashSet<>();
            for (String userName : role.getValue()) {
                String id = ids.get(userName.toLowerCase(Locale.ROOT));
                if (id != null) {
                    wanted.add(id);
                }
            }
            if (!new HashSet<>(group.get().memberIds()).equals(wanted)) {
                return Optional.of(group.get().displayName() + " holds " + group.get().memberIds().size()
                        + " members, " + wanted.size() + " wanted");
            }
            if (model == GroupModel.USER_GROUPS) {
                List<String> granted = group.get().roles();
                if (policies ? !granted.equals(List.of(role.getKey())) : !granted.isEmpty()) {
                    return Optional.of(group.get().displayName() + " grants " + granted);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the account holds the workload; see {@link #missing}. */
    static boolean holds(EmulatedAccount account, GroupModel model, Workload workload, boolean policies) {
        return missing(account, model, workload, policies).isEmpty();
    }

    /** The group a role's members are in: its role group, or the user group pushed for it. */
    static boolean isGroupOf(GroupModel model, GroupView group, String role) {
        return model == GroupModel.USER_GROUPS
                ? group.kind().equals("custom") && group.displayName().equals(Workload.groupDisplayName(role))
                : group.kind().equals("role") && role.equals(group.role());
    }

    /** The id of the group a role's members are in. */
    static String groupId(EmulatedAccount account, GroupModel model, String role) {
        return account.groups().stream().filter(g -> isGroupOf(model, g, role)).map(GroupView::id).findFirst()
                .orElseThrow(() -> new IllegalStateException("no group for " + role));
    }
}
