package dev.cfscim.api.load;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.LabelSelectors;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.TokenSecretRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declared resources of one load (or one cluster snapshot), each with where it came from, and
 * the lookups that follow references: by name within a namespace. Every resource has a namespace
 * (the loader fills in the default). When a key is declared twice, lookups find the first; the
 * validator reports the second.
 *
 * <p>Immutable once built; the resources themselves are the mutable fabric8 objects: do not change them.
 */
public final class ResourceSet {
    /** Sorts resources by kind, namespace and name: for output that does not depend on file order. */
    public static final Comparator<HasMetadata> BY_KEY = Comparator.comparing(ResourceKey::of);

    private final List<HasMetadata> all;
    private final List<ScimApp> apps;
    private final List<ScimUser> users;
    private final List<ScimGroup> groups;
    private final List<GroupRoleBinding> bindings;
    private final List<Secret> secrets;
    private final List<SkippedDocument> skipped;
    private final Map<HasMetadata, Source> sources;
    /** Every resource but the ScimUsers by key, the first of a key as found; ScimUsers are in {@link #usersByNamespace}. */
    private final Map<ResourceKey, HasMetadata> byKey;
    /**
     * ScimUsers by namespace, each namespace's by name too (the first of a name, as {@link #user}
     * finds it): every selector is matched against one namespace's users, and groups name thousands.
     */
    private final Map<String, NamespaceUsers> usersByNamespace;
    private final Map<ResourceKey, GroupMembership> memberships = new ConcurrentHashMap<>();

    private ResourceSet(List<HasMetadata> all, List<SkippedDocument> skipped, Map<HasMetadata, Source> sources,
                        List<ScimUser> users, Map<String, NamespaceUsers> usersByNamespace, List<HasMetadata> others) {
        this.all = all;
        this.skipped = skipped;
        this.sources = sources;
        this.users = users;
        this.usersByNamespace = usersByNamespace;
        // The other kinds are a few dozen resources in a namespace, not thousands: indexed each time.
        Map<ResourceKey, HasMetadata> keys = new LinkedHashMap<>();
        List<ScimApp> appList = new ArrayList<>();
        List<ScimGroup> groupList = new ArrayList<>();
        List<GroupRoleBinding> bindingList = new ArrayList<>();
        List<Secret> secretList = new ArrayList<>();
        for (HasMetadata resource : others) {
            keys.putIfAbsent(ResourceKey.of(resource), resource);
            if (resource instanceof ScimApp app) {
                appList.add(app);
            } else if (resource instanceof ScimGroup group) {
                groupList.add(group);
            } else if (resource instanceof GroupRoleBinding binding) {
                bindingList.add(binding);
            } else if (resource instanceof Secret secret) {
                secretList.add(secret);
            } else if (resource instanceof ScimUser) {
                throw new IllegalArgumentException("ScimUsers are given apart: " + ResourceKey.of(resource));
            }
        }
        this.byKey = keys;
        this.apps = List.copyOf(appList);
        this.groups = List.copyOf(groupList);
        this.bindings = List.copyOf(bindingList);
        this.secrets = List.copyOf(secretList);
    }

    private static ResourceSet of(Builder builder) {
        List<HasMetadata> all = List.copyOf(builder.all);
        List<ScimUser> users = new ArrayList<>();
        Map<String, List<ScimUser>> byNamespace = new LinkedHashMap<>();
        List<HasMetadata> others = new ArrayList<>();
        for (HasMetadata resource : all) {
            if (resource instanceof ScimUser user) {
                users.add(user);
                byNamespace.computeIfAbsent(namespaceOf(user), n -> new ArrayList<>()).add(user);
            } else {
                others.add(resource);
            }
        }
        Map<String, NamespaceUsers> tables = new LinkedHashMap<>();
        byNamespace.forEach((namespace, list) -> tables.put(namespace, NamespaceUsers.of(list)));
        return new ResourceSet(all, List.copyOf(builder.skipped), new IdentityHashMap<>(builder.sources),
                List.copyOf(users), tables, others);
    }

    /**
     * A set of one namespace's resources, its ScimUsers given apart as a table the caller keeps
     * up to date ({@link NamespaceUsers#with}): the operator's view of its caches, without indexing
     * tens of thousands of users again at each reconcile. {@code others} holds no ScimUser.
     */
    public static ResourceSet of(List<HasMetadata> others, String namespace, NamespaceUsers users) {
        List<HasMetadata> all = new ArrayList<>(others.size() + users.list().size());
        all.addAll(others);
        all.addAll(users.list());
        return new ResourceSet(Collections.unmodifiableList(all), List.of(), Map.of(), users.list(),
                Map.of(namespace, users), others);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A set of these resources, without sources (for tests and for state read from a cluster). */
    public static ResourceSet of(HasMetadata... resources) {
        Builder builder = builder();
        for (HasMetadata resource : resources) {
            builder.add(resource, null);
        }
        return builder.build();
    }

    /** Every resource, in the order read. */
    public List<HasMetadata> all() { return all; }
    public List<ScimApp> apps() { return apps; }
    public List<ScimUser> users() { return users; }
    public List<ScimGroup> groups() { return groups; }
    public List<GroupRoleBinding> bindings() { return bindings; }
    public List<Secret> secrets() { return secrets; }
    /** Documents of other kinds that were passed over. */
    public List<SkippedDocument> skipped() { return skipped; }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** Where {@code resource} (this very object) was read, if it was. */
    public Optional<Source> sourceOf(HasMetadata resource) {
        return Optional.ofNullable(sources.get(resource));
    }

    public Optional<ScimApp> app(String namespace, String name) { return find(ScimApp.KIND, namespace, name, ScimApp.class); }
    public Optional<ScimUser> user(String namespace, String name) {
        return name == null ? Optional.empty() : namespaceUsers(namespace).named(name);
    }
    public Optional<ScimGroup> group(String namespace, String name) { return find(ScimGroup.KIND, namespace, name, ScimGroup.class); }
    public Optional<GroupRoleBinding> binding(String namespace, String name) {
        return find(GroupRoleBinding.KIND, namespace, name, GroupRoleBinding.class);
    }
    public Optional<Secret> secret(String namespace, String name) { return find("Secret", namespace, name, Secret.class); }

    /** The ScimApps, one per name within its namespace, in the order read. */
    public List<ScimApp> appsIn(String namespace) {
        return apps.stream().filter(a -> namespace.equals(namespaceOf(a))).toList();
    }

    public List<ScimUser> usersIn(String namespace) {
        return namespaceUsers(namespace).list();
    }

    /** The ScimUsers of {@code namespace} being deleted (deletionTimestamp set), in no particular order. */
    public List<ScimUser> departingIn(String namespace) {
        return namespaceUsers(namespace).departing();
    }

    private NamespaceUsers namespaceUsers(String namespace) {
        return usersByNamespace.getOrDefault(namespace, NamespaceUsers.empty());
    }

    public List<ScimGroup> groupsIn(String namespace) {
        return groups.stream().filter(g -> namespace.equals(namespaceOf(g))).toList();
    }

    /** The bindings whose appRef names {@code app}, in its namespace. */
    public List<GroupRoleBinding> bindingsOf(ScimApp app) {
        String namespace = namespaceOf(app);
        String name = app.getMetadata().getName();
        return bindings.stream()
                .filter(b -> namespace.equals(namespaceOf(b)))
                .filter(b -> b.getSpec() != null && name.equals(b.getSpec().getAppRef()))
                .toList();
    }

    /**
     * The ScimUsers that {@code app} assigns, by name: the named users, the members of the named
     * groups, and those its selector matches. References to missing resources are left out (the
     * validator reports them). Inactive users are included: the planner decides what they mean.
     */
    public List<ScimUser> assignedUsers(ScimApp app) {
        return GroupMembership.byName(selectedBy(app).values());
    }

    /** The names of the ScimUsers {@code app} assigns, in no order: what the planner and the validator ask. */
    public Set<String> assignedNames(ScimApp app) {
        // The names alone: a key set would keep its map, and the map every ScimUser object it found,
        // for as long as the operator keeps the set (its declaration index does, across reconciles).
        return Collections.unmodifiableSet(new HashSet<>(selectedBy(app).keySet()));
    }

    private Map<String, ScimUser> selectedBy(ScimApp app) {
        String namespace = namespaceOf(app);
        Assignments assignments = app.getSpec() == null ? null : app.getSpec().getAssignments();
        if (assignments == null) {
            return Map.of();
        }
        Map<String, ScimUser> selected = new HashMap<>();
        for (String name : nonNull(assignments.getUsers())) {
            user(namespace, name).ifPresent(u -> selected.putIfAbsent(name, u));
        }
        for (String groupName : nonNull(assignments.getGroups())) {
            group(namespace, groupName).ifPresent(g -> membership(g).unordered()
                    .forEach(u -> selected.putIfAbsent(u.getMetadata().getName(), u)));
        }
        if (assignments.getUserSelector() != null) {
            for (ScimUser user : usersIn(namespace)) {
                if (LabelSelectors.matches(assignments.getUserSelector(), user.getMetadata().getLabels())) {
                    selected.putIfAbsent(user.getMetadata().getName(), user);
                }
            }
        }
        return selected;
    }

    /** The ScimUsers in {@code group}, by name: named members that exist, and those its selector matches. */
    public List<ScimUser> members(ScimGroup group) {
        return membership(group).members();
    }

    /** The same members in no particular order, for callers that only count or collect them. */
    public Collection<ScimUser> membersInAnyOrder(ScimGroup group) {
        return membership(group).unordered();
    }

    /**
     * A group's members and the names in its member list that match no ScimUser, worked out once
     * per group of this set: the desired state, the validator and the group's status all ask, and
     * at thousands of members each asking costs a pass over them.
     */
    private GroupMembership membership(ScimGroup group) {
        ResourceKey key = ResourceKey.of(group);
        // Only this set's own object is remembered: another one of the same name may say otherwise.
        return byKey.get(key) == group ? memberships.computeIfAbsent(key, k -> resolve(group)) : resolve(group);
    }

    private GroupMembership resolve(ScimGroup group) {
        return GroupMembership.of(group, namespaceUsers(namespaceOf(group)));
    }

    /** Entries of {@code group}'s spec.members that name no ScimUser in its namespace, in order. */
    public List<String> unknownMembers(ScimGroup group) {
        return membership(group).unknown();
    }

    /**
     * The API token {@code app}'s tokenSecretRef names, when that Secret is in this set:
     * {@code stringData} first (as the API server merges it over {@code data}), else the base64
     * {@code data}. Empty when the Secret or key is absent or the data is not base64. Never log it.
     */
    public Optional<String> tokenOf(ScimApp app) {
        TokenSecretRef ref = app.getSpec() == null ? null : app.getSpec().getTokenSecretRef();
        if (ref == null || ref.getName() == null) {
            return Optional.empty();
        }
        String key = ref.getKey() == null ? TokenSecretRef.DEFAULT_KEY : ref.getKey();
        return secret(namespaceOf(app), ref.getName()).flatMap(secret -> secretValue(secret, key));
    }

    /** The value of {@code key} in {@code secret}: stringData over base64-decoded data. */
    public static Optional<String> secretValue(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return Optional.of(secret.getStringData().get(key));
        }
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                byte[] bytes = Base64.getMimeDecoder().decode(secret.getData().get(key).strip());
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The namespace of {@code resource}, {@value ResourceKey#DEFAULT_NAMESPACE} when unset. */
    public static String namespaceOf(HasMetadata resource) {
        return ResourceKey.of(resource).namespace();
    }

    private <T> Optional<T> find(String kind, String namespace, String name, Class<T> type) {
        if (name == null) {
            return Optional.empty();
        }
        HasMetadata found = byKey.get(new ResourceKey(kind, namespace, name));
        return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Collects resources and their sources. */
    public static final class Builder {
        private final List<HasMetadata> all = new ArrayList<>();
        private final List<SkippedDocument> skipped = new ArrayList<>();
        private final Map<HasMetadata, Source> sources = new IdentityHashMap<>();

        private Builder() {}

        /** Adds {@code resource}, read from {@code source} (null when it was not read from a file). */
        public Builder add(HasMetadata resource, Source source) {
            Objects.requireNonNull(resource, "resource");
            if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
                throw new IllegalArgumentException("a resource needs metadata.name: " + resource.getKind());
            }
            all.add(resource);
            if (source != null) {
                sources.put(resource, source);
            }
            return this;
        }

        public Builder skip(SkippedDocument document) {
            skipped.add(document);
            return this;
        }

        public ResourceSet build() {
            return ResourceSet.of(this);
        }
    }
}
