package dev.cfscim.api.load;

import dev.cfscim.api.ConfusableUserNames;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.GroupRoleBindingSpec;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.RoleCatalog;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.Spelling;
import dev.cfscim.api.UserNameRules;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What no schema can say, since it is about more than one declaration or about Cloudflare: names
 * that must resolve to resources of the set, roles that must be in Cloudflare's catalog, what must
 * not be declared twice, and userNames that read as another one.
 */
final class ReferenceRules {
    private static final int SUGGESTIONS = 3;
    private static final int NAMES_IN_MESSAGE = 3;

    private final RoleCatalog roles;
    private final Findings out;
    /** Each app's assigned userNames, worked out once: every binding of the app asks. */
    private final Map<ScimApp, Set<String>> assignedNames = new IdentityHashMap<>();

    ReferenceRules(RoleCatalog roles, Findings out) {
        this.roles = roles;
        this.out = out;
    }

    /** The confusable part of UserNameRules: whether it is an email address is the schema's (its pattern). */
    void user(ScimUser user) {
        ScimUserSpec spec = user.getSpec();
        if (spec == null || spec.getUserName() == null || Boolean.TRUE.equals(spec.getAllowConfusableUserName())
                || UserNameRules.invalid(spec.getUserName()).isPresent()) {
            return; // no email address at all is the schema's to say (its pattern; UserNameRulesTest holds the two equal)
        }
        ConfusableUserNames.problem(spec.getUserName()).ifPresent(message -> out.error(user, "spec.userName", message));
    }

    void group(ScimGroup group) {
        if (group.getSpec() == null) {
            return;
        }
        // A warning, not an error: the operator reports such members in status.unknownMembers and the
        // group still works for everyone else; a name that matches no one grants nothing, so it is
        // safe, and a group may name people whose ScimUser lands in a later commit.
        List<String> members = group.getSpec().getMembers() == null ? List.of() : group.getSpec().getMembers();
        references(group, "spec.members", members, ScimUser.KIND, names(out.set().usersIn(ResourceSet.namespaceOf(group))),
                Severity.WARNING, out);
        SelectorRules.selector(group, "spec.memberSelector", group.getSpec().getMemberSelector(), out);
    }

    void binding(GroupRoleBinding binding) {
        GroupRoleBindingSpec spec = binding.getSpec();
        if (spec == null) {
            return;
        }
        String namespace = ResourceSet.namespaceOf(binding);
        // An empty name is the schema's to refuse (minLength), not a reference to look up.
        if (spec.getAppRef() != null && !spec.getAppRef().isEmpty()) {
            reference(binding, "spec.appRef", spec.getAppRef(), ScimApp.KIND, names(out.set().appsIn(namespace)), Severity.ERROR,
                    out);
        }
        if (spec.getGroupRef() != null && !spec.getGroupRef().isEmpty()) {
            reference(binding, "spec.groupRef", spec.getGroupRef(), ScimGroup.KIND, names(out.set().groupsIn(namespace)),
                    Severity.HOLDING_ERROR, out);
        }
        role(binding, spec.getRole());
        membersAssigned(binding, spec);
    }

    /** In Cloudflare's catalog, spelled as Cloudflare spells it. A domain-scoped role is the CRD's rule to refuse. */
    private void role(GroupRoleBinding binding, String role) {
        if (role == null || role.isEmpty() || roles.isAccountScoped(role) || roles.isDomainScoped(role)) {
            return;
        }
        String canonical = roles.canonical(role).orElse(null);
        if (canonical != null) {
            out.error(binding, "spec.role", "'" + role + "' must be spelled exactly '" + canonical + "': Cloudflare matches role "
                    + "names exactly");
            return;
        }
        List<String> nearest = roles.nearest(role, SUGGESTIONS);
        out.error(binding, "spec.role", "'" + role + "' is not a Cloudflare account-scoped role"
                + (nearest.isEmpty() ? "" : "; nearest account-scoped roles: " + String.join(", ", nearest)));
    }

    private void membersAssigned(GroupRoleBinding binding, GroupRoleBindingSpec spec) {
        String namespace = ResourceSet.namespaceOf(binding);
        ScimApp app = out.set().app(namespace, spec.getAppRef()).orElse(null);
        ScimGroup group = out.set().group(namespace, spec.getGroupRef()).orElse(null);
        if (app == null || group == null) {
            return;
        }
        Set<String> assigned = assignedNames.computeIfAbsent(app, out.set()::assignedNames);
        List<String> notAssigned = names(out.set().members(group)).stream().filter(n -> !assigned.contains(n)).toList();
        if (!notAssigned.isEmpty()) {
            // A warning: the operator reports this as MembersNotAssigned and grants the role to the
            // assigned members; assigning a user is a separate, deliberate act.
            out.warning(binding, "spec.groupRef", notAssigned.size() + " member(s) of ScimGroup " + group.getMetadata().getName()
                    + " are not assigned to ScimApp " + app.getMetadata().getName() + " and will not get the role: "
                    + firstNames(notAssigned));
        }
    }

    void duplicateUserNames() {
        // Cloudflare (and SCIM, RFC 7643) compares userName case-insensitively: two ScimUsers with one
        // address would fight over one member.
        Map<String, ScimUser> first = new HashMap<>();
        for (ScimUser user : out.set().users()) {
            if (user.getSpec() == null || user.getSpec().getUserName() == null) {
                continue;
            }
            String key = ResourceSet.namespaceOf(user) + "/" + user.getSpec().getUserName().strip().toLowerCase(Locale.ROOT);
            ScimUser earlier = first.putIfAbsent(key, user);
            if (earlier != null && !ResourceKey.of(earlier).equals(ResourceKey.of(user))) {
                // Holding: the plan holds that user's changes, as the operator does, and goes on.
                out.holdingError(user, "spec.userName", "'" + user.getSpec().getUserName() + "' is also the userName of ScimUser "
                        + earlier.getMetadata().getName() + out.where(earlier) + " (userNames are compared ignoring case)");
            }
        }
    }

    void duplicateBindings() {
        Map<String, GroupRoleBinding> first = new HashMap<>();
        for (GroupRoleBinding binding : out.set().bindings()) {
            GroupRoleBindingSpec spec = binding.getSpec();
            if (spec == null || spec.getAppRef() == null || spec.getGroupRef() == null || spec.getRole() == null) {
                continue;
            }
            String key = String.join("\u0000", ResourceSet.namespaceOf(binding), spec.getAppRef(), spec.getGroupRef(),
                    spec.getRole());
            GroupRoleBinding earlier = first.putIfAbsent(key, binding);
            if (earlier != null && !ResourceKey.of(earlier).equals(ResourceKey.of(binding))) {
                out.error(binding, "spec.role", "GroupRoleBinding " + earlier.getMetadata().getName() + out.where(earlier)
                        + " already binds ScimGroup " + spec.getGroupRef() + " to '" + spec.getRole() + "' in ScimApp "
                        + spec.getAppRef());
            }
        }
    }

    /**
     * Per app, the groups bound in it: their displayNames must differ (ignoring case), since in
     * UserGroups mode each is the name of a Cloudflare user group, and in either mode two groups
     * with one name make plans and status ambiguous. In UserGroups mode, names must not start with
     * CF, which Cloudflare reserves.
     */
    void boundGroupNames() {
        for (ScimApp app : out.set().apps()) {
            String namespace = ResourceSet.namespaceOf(app);
            Map<String, ScimGroup> byName = new LinkedHashMap<>();
            for (GroupRoleBinding binding : out.set().bindingsOf(app)) {
                ScimGroup group = out.set().group(namespace, binding.getSpec().getGroupRef()).orElse(null);
                if (group == null || group.getSpec() == null || group.getSpec().getDisplayName() == null) {
                    continue;
                }
                String displayName = group.getSpec().getDisplayName();
                ScimGroup earlier = byName.putIfAbsent(displayName.strip().toLowerCase(Locale.ROOT), group);
                if (earlier != null && earlier != group) {
                    out.error(group, "spec.displayName", "'" + displayName + "' is also the displayName of ScimGroup "
                            + earlier.getMetadata().getName() + out.where(earlier) + "; both are bound in ScimApp "
                            + app.getMetadata().getName());
                    byName.put(displayName.strip().toLowerCase(Locale.ROOT), earlier);
                }
                if (earlier == null && app.getSpec() != null && app.getSpec().getGroupMode() == GroupMode.UserGroups
                        && ScimGroupSpec.isReservedName(displayName)) {
                    out.error(group, "spec.displayName", "'" + displayName + "' begins with CF, which Cloudflare reserves for its "
                            + "own groups; ScimApp " + app.getMetadata().getName() + " pushes it as a user group (UserGroups mode)");
                }
            }
        }
    }

    static void references(HasMetadata from, String field, List<String> names, String kind, List<String> known,
            Severity missing, Findings out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String at = field + "[" + i + "]";
            if (name != null && !seen.add(name)) {
                out.warning(from, at, "'" + name + "' is listed twice");
                continue;
            }
            reference(from, at, name, kind, known, missing, out);
        }
    }

    static void reference(HasMetadata from, String field, String name, String kind, List<String> known, Severity missing,
            Findings out) {
        if (name == null || known.contains(name)) {
            return;
        }
        out.add(missing, from, field, "no " + kind + " named '" + name + "' in namespace " + ResourceSet.namespaceOf(from)
                + Spelling.didYouMean(Spelling.suggest(name, known, SUGGESTIONS)));
    }

    static List<String> names(List<? extends HasMetadata> resources) {
        return resources.stream().map(r -> r.getMetadata().getName()).toList();
    }

    private static String firstNames(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_IN_MESSAGE, names.size())));
        return names.size() > NAMES_IN_MESSAGE ? shown + " and " + (names.size() - NAMES_IN_MESSAGE) + " more" : shown;
    }
}
