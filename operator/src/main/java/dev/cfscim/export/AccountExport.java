package dev.cfscim.export;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.GroupRoleBindingSpec;
import dev.cfscim.api.ManagementPolicy;
import dev.cfscim.api.PersonName;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.plan.CustomGroup;
import dev.cfscim.plan.DesiredUser;
import dev.cfscim.plan.Owner;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.plan.RoleGroup;
import dev.cfscim.scim.RemoteUser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An account as read (a {@link RemoteState}) turned into the declarations that describe it: the
 * ScimApp (observe-only), a token Secret without its value, a ScimUser per SCIM member, and the
 * ScimGroups and GroupRoleBindings that give each member the roles it holds, in the account's
 * group model. What a declaration cannot express (roles held outside SCIM, Cloudflare's system
 * groups, groups granting nothing) is kept as notes for a comment. Pure: no I/O.
 */
public record AccountExport(Exported<ScimApp> app, Exported<Secret> secret, List<Exported<ScimUser>> users,
                            List<Exported<ScimGroup>> groups, List<Exported<GroupRoleBinding>> bindings,
                            List<String> notDeclared) {

    /** The label the operator requires on a Secret before it reads a token from it. */
    public static final String TOKEN_LABEL = "scim.cfscim.dev/token";
    /** The label that assigns the exported ScimUsers to the exported ScimApp. */
    public static final String APP_LABEL = "scim.cfscim.dev/app";
    /** Every member holds it and cfscim never plans it: its group is not declared. */
    static final String MINIMAL_ACCESS = "Minimal Account Access";

    /** A resource and where in the account it came from, for the comment above it. */
    public record Exported<T extends HasMetadata>(T resource, String origin) {
    }

    /** What to call the exported ScimApp and where to put it; {@code endpoint} is null for Cloudflare's. */
    public record Target(String accountId, GroupMode mode, String appName, String namespace, String secretName,
                         String endpoint) {
    }

    public AccountExport {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        bindings = List.copyOf(bindings);
        notDeclared = List.copyOf(notDeclared);
    }

    /** The account's model as its groups show it: virtual role groups if it has any, else user groups. */
    public static GroupMode detectedMode(RemoteState groupsOnly) {
        return groupsOnly.roleGroups().isEmpty() ? GroupMode.UserGroups : GroupMode.VirtualGroups;
    }

    /**
     * The declarations of {@code remote}, which must have been read in {@code target.mode()}'s model
     * and know who holds Super Administrator outside SCIM.
     */
    public static AccountExport of(RemoteState remote, Target target) {
        return new Exporting(remote, target).run();
    }

    /** A role a user group's policies grant, as a binding will declare it. */
    private record BoundRole(String group, String role, String origin) {
    }

    /** One export: the names given so far and the notes gathered. */
    private static final class Exporting {
        private final RemoteState remote;
        private final Target target;
        private final List<String> notes = new ArrayList<>();
        /** Resource names of the declared users, by user id. */
        private final Map<String, String> userNames = new TreeMap<>();

        Exporting(RemoteState remote, Target target) {
            this.remote = remote;
            this.target = target;
        }

        AccountExport run() {
            List<Exported<ScimUser>> users = users();
            List<Exported<ScimGroup>> groups = new ArrayList<>();
            List<Exported<GroupRoleBinding>> bindings = new ArrayList<>();
            if (target.mode() == GroupMode.VirtualGroups) {
                roleGroups(groups, bindings);
                remote.customGroups().stream().map(g -> g.displayName()).sorted().forEach(name -> notes.add(
                        "user group '" + name + "': groupMode VirtualGroups leaves user groups alone"));
            } else {
                userGroups(groups, bindings);
                remote.systemMembers().forEach((role, ids) -> notes.add("system group '" + role + "' (Cloudflare's own, "
                        + "left alone): " + userNamesOf(ids)));
                remote.roleGroups().stream().filter(g -> !remote.members(g.role()).isEmpty()).forEach(g -> notes.add(
                        "virtual role group '" + g.displayName() + "': in groupMode UserGroups the first apply takes "
                                + "its members out of it (" + userNamesOf(remote.members(g.role())) + ")"));
            }
            groups.sort(Comparator.comparing(e -> e.resource().getMetadata().getName()));
            bindings.sort(Comparator.comparing(e -> e.resource().getMetadata().getName()));
            return new AccountExport(app(), secret(), users, groups, bindings, notes);
        }

        // ---- users ------------------------------------------------------------------------------

        /**
         * Every SCIM member but those holding Super Administrator outside SCIM (the owner, say):
         * declaring them would make them managed, and their role is not SCIM's to give.
         */
        private List<Exported<ScimUser>> users() {
            Map<String, RemoteUser> byKey = new TreeMap<>();
            // In userName order, as Cloudflare's own order may change between two reads.
            List<RemoteUser> all = remote.users().stream()
                    .sorted(Comparator.comparing((RemoteUser u) -> DesiredUser.key(u.userName())).thenComparing(RemoteUser::id))
                    .toList();
            for (RemoteUser user : all) {
                if (remote.superAdministratorSources(user.id()).contains("outside")) {
                    notes.add(user.userName() + ": Super Administrator outside SCIM (an account owner or an "
                            + "account-member policy); not declared, so cfscim leaves the member alone");
                    continue;
                }
                byKey.putIfAbsent(DesiredUser.key(user.userName()), user);
            }
            Map<String, String> names = ResourceNames.assign(new ArrayList<>(byKey.keySet()), ResourceNames::ofUserName);
            List<Exported<ScimUser>> users = new ArrayList<>();
            byKey.forEach((key, user) -> {
                String name = names.get(key);
                userNames.put(user.id(), name);
                boolean named = user.givenName() != null || user.familyName() != null;
                ScimUser resource = new ScimUser();
                resource.setMetadata(meta(name, Map.of(APP_LABEL, target.appName())));
                resource.setSpec(new ScimUserSpec(user.userName(),
                        named ? new PersonName(user.givenName(), user.familyName()) : null, Owner.declaredPart(user.externalId()),
                        user.active()));
                users.add(new Exported<>(resource, "SCIM user " + user.id()
                        + (user.active() ? "" : " (deprovisioned in Cloudflare)")));
            });
            return users;
        }

        /** The resource names of the declared users among {@code ids}, sorted. */
        private List<String> declared(Set<String> ids) {
            return ids.stream().map(userNames::get).filter(n -> n != null).sorted().toList();
        }

        private String userNamesOf(Set<String> ids) {
            return ids.stream().map(id -> remote.userById(id).map(RemoteUser::userName).orElse(id)).sorted()
                    .collect(Collectors.joining(", "));
        }

        // ---- groups -----------------------------------------------------------------------------

        /** One ScimGroup per virtual role group with declared members, named after its role, bound to it. */
        private void roleGroups(List<Exported<ScimGroup>> groups, List<Exported<GroupRoleBinding>> bindings) {
            List<RoleGroup> roleGroups = remote.roleGroups().stream()
                    .filter(g -> !g.role().equals(MINIMAL_ACCESS))
                    .filter(g -> !declared(remote.members(g.role())).isEmpty())
                    .sorted(Comparator.comparing(RoleGroup::role)).toList();
            Map<String, String> names = ResourceNames.assign(roleGroups.stream().map(RoleGroup::role).toList(),
                    role -> ResourceNames.slug(role, "role"));
            for (RoleGroup group : roleGroups) {
                String name = names.get(group.role());
                String origin = "virtual role group '" + group.displayName() + "' (" + group.id() + ")";
                groups.add(new Exported<>(group(name, group.role(), declared(remote.members(group.role()))), origin));
                bindings.add(new Exported<>(binding(name, name, group.role()), origin));
            }
        }

        /**
         * One ScimGroup per user group whose policies grant roles, with a binding per role. Groups
         * granting nothing, or named as Cloudflare's own, cannot be declared and stay notes.
         */
        private void userGroups(List<Exported<ScimGroup>> groups, List<Exported<GroupRoleBinding>> bindings) {
            List<CustomGroup> declarable = new ArrayList<>();
            remote.customGroups().stream()
                    .sorted(Comparator.comparing(CustomGroup::displayName, String.CASE_INSENSITIVE_ORDER)
                            .thenComparing(CustomGroup::displayName))
                    .forEach(g -> {
                        if (ScimGroupSpec.isReservedName(g.displayName())) {
                            notes.add("user group '" + g.displayName() + "': begins with CF, which Cloudflare keeps "
                                    + "for its own groups; left alone");
                        } else if (g.roles().isEmpty()) {
                            // A declared group no binding uses is one cfscim deletes: it stays undeclared.
                            notes.add("user group '" + g.displayName() + "': its policies grant no account role; "
                                    + "left alone (" + userNamesOf(remote.customMembers(g.id())) + ")");
                        } else {
                            declarable.add(g);
                        }
                    });
            Map<String, String> names = ResourceNames.assign(
                    declarable.stream().map(CustomGroup::id).toList(),
                    id -> ResourceNames.slug(remote.customGroupById(id).orElseThrow().displayName(), "group"));
            // A binding per (group, role), named after both; the map's keys keep them in name order.
            Map<String, BoundRole> bound = new TreeMap<>();
            for (CustomGroup group : declarable) {
                String name = names.get(group.id());
                String origin = "user group '" + group.displayName() + "' (" + group.id() + ")"
                        + (group.pushedByCfscim() ? "" : "; made outside cfscim: the first apply adopts it (one request "
                        + "that marks it as cfscim's)");
                groups.add(new Exported<>(group(name, group.displayName(), declared(remote.customMembers(group.id()))),
                        origin));
                for (String role : group.roles()) {
                    bound.put(name + "\n" + role, new BoundRole(name, role, origin));
                }
            }
            Map<String, String> bindingNames = ResourceNames.assign(new ArrayList<>(bound.keySet()),
                    key -> ResourceNames.slug(key.replace('\n', '-'), "binding"));
            bound.forEach((key, b) -> bindings.add(new Exported<>(binding(bindingNames.get(key), b.group(), b.role()),
                    b.origin() + ": a policy grants " + b.role())));
        }

        private ScimGroup group(String name, String displayName, List<String> members) {
            ScimGroup group = new ScimGroup();
            group.setMetadata(meta(name, Map.of()));
            group.setSpec(new ScimGroupSpec(displayName, members, null));
            return group;
        }

        private GroupRoleBinding binding(String name, String groupRef, String role) {
            GroupRoleBinding binding = new GroupRoleBinding();
            binding.setMetadata(meta(name, Map.of()));
            binding.setSpec(new GroupRoleBindingSpec(target.appName(), groupRef, role));
            return binding;
        }

        // ---- the app and its token ------------------------------------------------------------

        /** Observe until a person has read the plan; every exported ScimUser is assigned by label. */
        private Exported<ScimApp> app() {
            ScimAppSpec spec = new ScimAppSpec();
            spec.setAccountId(target.accountId());
            spec.setEndpoint(target.endpoint());
            // The CLI reads plain http only from this machine (an emulator); the declaration must say so too.
            spec.setAllowInsecureEndpoint(target.endpoint() != null && target.endpoint().startsWith("http://"));
            spec.setTokenSecretRef(new TokenSecretRef(target.secretName(), TokenSecretRef.DEFAULT_KEY));
            spec.setGroupMode(target.mode());
            spec.setAssignments(new Assignments(List.of(), List.of(),
                    new LabelSelectorBuilder().addToMatchLabels(APP_LABEL, target.appName()).build()));
            spec.setManagementPolicy(ManagementPolicy.Observe);
            ScimApp app = new ScimApp();
            app.setMetadata(meta(target.appName(), Map.of()));
            app.setSpec(spec);
            return new Exported<>(app, "account " + target.accountId() + ", groupMode " + target.mode()
                    + "; managementPolicy Observe: plans, never writes, until you set Manage");
        }

        /** The Secret's shape without its value: the token is never written. */
        private Exported<Secret> secret() {
            Secret secret = new SecretBuilder().withMetadata(meta(target.secretName(), Map.of(TOKEN_LABEL, "true")))
                    .withType("Opaque").build();
            return new Exported<>(secret, "The API token's Secret, without its value: create it with the token, e.g.\n"
                    + "  kubectl -n " + target.namespace() + " create secret generic " + target.secretName()
                    + " --from-file=token=PATH\n"
                    + "  kubectl -n " + target.namespace() + " label secret " + target.secretName() + " "
                    + TOKEN_LABEL + "=true");
        }

        private ObjectMeta meta(String name, Map<String, String> labels) {
            return new ObjectMetaBuilder().withName(name).withNamespace(target.namespace())
                    .withLabels(labels.isEmpty() ? null : new TreeMap<>(labels)).build();
        }
    }
}
