package dev.cfscim.plan;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.load.ResourceSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * What one app's last desired state was made of, kept so that the next is built in proportion to
 * what changed: which users a binding's group reaches (and which of them the app assigns), the
 * users the app assigns, each userName's key. A part is reused only when everything it was worked
 * out from declares the same as then: a ScimUser's name, labels, spec and deletion; a ScimGroup's
 * name and spec; a binding's name, spec and the remote group id in its status; the app's
 * assignments. Statuses the operator writes itself change none of these. Anything else works the
 * part out again, so an edit of one ScimGroup costs that group's members, not every user's.
 *
 * <p>{@link PlanInputs#desiredState(ResourceSet, ScimApp)} builds with a fresh index (nothing to
 * reuse), so both go through one code path; {@code DeclarationIndexPropertyTest} checks that an index
 * kept across random edits builds exactly what a fresh one builds. Not thread-safe: one app's
 * reconciles run one at a time.
 */
public final class DeclarationIndex {

    /** The namespace's ScimUsers at the last build, in the caches' order. */
    private List<ScimUser> users;
    private boolean usersUnchanged;
    private Map<String, String> keys = new HashMap<>();

    private Assignments assignments;
    private List<ScimGroup> assignedGroups;
    private Set<String> assigned;

    private Object usersPart;

    /** Each binding's part, by the binding's name, with what it was worked out from. */
    private Map<String, Made> bindingParts = new HashMap<>();
    private Map<String, Made> nextBindingParts = new HashMap<>();
    /** Whether this build's users and whom the app assigns are the last build's: parts may then be reused. */
    private boolean partsHold;

    /** Starts a build over {@code now}, the namespace's ScimUsers: which keys and parts still hold. */
    void begin(List<ScimUser> now) {
        usersUnchanged = users != null && same(users, now, DeclarationIndex::sameUser);
        if (!usersUnchanged) {
            // Only the userNames still declared keep their keys: the map does not grow with renames.
            Map<String, String> kept = new HashMap<>(now.size() * 2);
            for (ScimUser user : now) {
                String userName = user.getSpec() == null ? null : user.getSpec().getUserName();
                String key = userName == null ? null : keys.get(userName);
                if (key != null) {
                    kept.put(userName, key);
                }
            }
            keys = kept;
        }
        users = now;
        nextBindingParts = new HashMap<>();
    }

    /** Ends a build: only the parts of bindings it met are kept. */
    void end() {
        bindingParts = nextBindingParts;
        nextBindingParts = new HashMap<>();
    }

    /** The key of a userName ({@link DesiredUser#key}), worked out once. */
    String keyOf(String userName) {
        return keys.computeIfAbsent(userName, DesiredUser::key);
    }

    /**
     * The names of the users {@code app} assigns: the last set while the users, the assignments and
     * the ScimGroups they name declare the same; the same set object then, by which later parts know it.
     */
    Set<String> assigned(ScimApp app, ResourceSet resources, Supplier<Set<String>> work) {
        Assignments now = app.getSpec().getAssignments();
        List<ScimGroup> groups = assignedGroups(now, resources, ResourceSet.namespaceOf(app));
        partsHold = assigned != null && usersUnchanged && sameAssignments(assignments, now)
                && same(assignedGroups, groups, DeclarationIndex::sameGroup);
        if (!partsHold) {
            assigned = work.get();
            assignments = now;
        }
        assignedGroups = groups;
        return assigned;
    }

    /**
     * The part worked out from the users alone (and whom the app assigns): reused while both are the
     * same. Call {@link #assigned} first in each build.
     */
    @SuppressWarnings("unchecked")
    <T> T usersPart(Supplier<T> work) {
        if (usersPart == null || !partsHold) {
            usersPart = work.get();
        }
        return (T) usersPart;
    }

    /**
     * A binding's part (its group's members the app assigns, and the rest): reused while the
     * binding and its group (null: missing) declare the same, and the users and whom the app assigns
     * too. Call {@link #assigned} first in each build.
     */
    @SuppressWarnings("unchecked")
    <T> T bindingPart(GroupRoleBinding binding, ScimGroup group, Supplier<T> work) {
        String name = binding.getMetadata().getName();
        Made kept = partsHold ? bindingParts.get(name) : null;
        Made part = kept != null && sameBinding(kept.binding(), binding) && sameGroup(kept.group(), group) ? kept
                : new Made(binding, group, work.get());
        nextBindingParts.put(name, new Made(binding, group, part.value()));
        return (T) part.value();
    }

    /** A part and the binding and group it was worked out from. */
    private record Made(GroupRoleBinding binding, ScimGroup group, Object value) {
    }

    private static List<ScimGroup> assignedGroups(Assignments assignments, ResourceSet resources, String namespace) {
        if (assignments == null || assignments.getGroups() == null) {
            return List.of();
        }
        return assignments.getGroups().stream().filter(Objects::nonNull)
                .map(name -> resources.group(namespace, name).orElse(null)).toList();
    }

    private static boolean sameAssignments(Assignments a, Assignments b) {
        if (a == b) {
            return true;
        }
        return a != null && b != null && Objects.equals(a.getUsers(), b.getUsers())
                && Objects.equals(a.getGroups(), b.getGroups())
                && Objects.equals(a.getUserSelector(), b.getUserSelector());
    }

    /** What a desired state reads of a ScimUser: its name, labels, spec, and whether it is being deleted. */
    private static boolean sameUser(ScimUser a, ScimUser b) {
        return a == b || a.getMetadata().getName().equals(b.getMetadata().getName())
                && Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())
                && Objects.equals(a.getMetadata().getDeletionTimestamp(), b.getMetadata().getDeletionTimestamp())
                && Objects.equals(a.getSpec(), b.getSpec());
    }

    private static boolean sameGroup(ScimGroup a, ScimGroup b) {
        return a == b || a != null && b != null && a.getMetadata().getName().equals(b.getMetadata().getName())
                && Objects.equals(a.getSpec(), b.getSpec());
    }

    private static boolean sameBinding(GroupRoleBinding a, GroupRoleBinding b) {
        return a == b || Objects.equals(a.getSpec(), b.getSpec()) && Objects.equals(remoteGroupId(a), remoteGroupId(b));
    }

    private static String remoteGroupId(GroupRoleBinding binding) {
        return binding.getStatus() == null ? null : binding.getStatus().getRemoteGroupId();
    }

    private static <T> boolean same(List<T> a, List<T> b, BiPredicate<T, T> same) {
        if (a == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            T x = a.get(i);
            T y = b.get(i);
            if (x == null ? y != null : y == null || !same.test(x, y)) {
                return false;
            }
        }
        return true;
    }
}
