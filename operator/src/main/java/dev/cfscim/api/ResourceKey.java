package dev.cfscim.api;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Kind, namespace and name: how messages, indexes and status name a resource. */
public record ResourceKey(String kind, String namespace, String name) implements Comparable<ResourceKey> {
    public static final String DEFAULT_NAMESPACE = "default";

    /** The key of {@code resource}; a missing namespace counts as {@value #DEFAULT_NAMESPACE}. */
    public static ResourceKey of(HasMetadata resource) {
        String namespace = resource.getMetadata() == null ? null : resource.getMetadata().getNamespace();
        String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
        return new ResourceKey(resource.getKind(), namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace, name);
    }

    @Override
    public int compareTo(ResourceKey other) {
        return toString().compareTo(other.toString());
    }

    /** {@code Kind/namespace/name}. */
    @Override
    public String toString() {
        return kind + "/" + namespace + "/" + name;
    }
}
