package dev.cfscim.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * fabric8's CRUD store, finding an object by its name as a real API server finds it by key.
 * fabric8's store matches every write's path against every object it holds, so each PATCH of a
 * status costs in proportion to the objects stored and a first sync of N ScimUsers costs N²: at
 * 50,000 over an hour of CPU, all of it the mock's own. Here objects are also kept by their name
 * attribute, and a write (or the existence check of a create) looks only at the objects of that
 * name, with the same matching rule; lists, watches and deletes are fabric8's, unchanged.
 *
 * <p>The index follows the store through {@link #processEvent}, the one method through which every
 * create, update, patch and delete changes it (fabric8's handlers call it under the write lock).
 */
final class KeyedCrudDispatcher extends KubernetesCrudDispatcher {

    /** Each stored object's attributes, by its name attribute; the same keys as fabric8's map. */
    private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
        if (name == null || name.getType() != AttributeType.WITH) {
            return super.findResource(query);
        }
        // Called under fabric8's lock (read or write), as its own findResource is.
        synchronized (byName) {
            for (AttributeSet stored : byName.getOrDefault(name, Set.of())) {
                if (stored.matches(query)) {
                    String body = map.get(stored);
                    if (body != null) {
                        return new AbstractMap.SimpleImmutableEntry<>(stored, body);
                    }
                }
            }
        }
        return null;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        synchronized (byName) {
            if (oldAttributes != null) {
                forget(oldAttributes);
            }
            if (newState != null) {
                remember(storedKey(pathAttributes, resource, newState));
            }
        }
    }

    /** The key fabric8's {@code processEvent} stored the new state under, worked out the same way. */
    private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
        AttributeSet attributes = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        return attributes.containsKey(KubernetesAttributesExtractor.PLURAL) ? attributes
                : AttributeSet.merge(pathAttributes, attributes);
    }

    private void remember(AttributeSet stored) {
        Attribute name = stored.getAttribute(KubernetesAttributesExtractor.NAME);
        if (name != null) {
            byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(stored);
        }
    }

    private void forget(AttributeSet stored) {
        Attribute name = stored.getAttribute(KubernetesAttributesExtractor.NAME);
        Set<AttributeSet> named = name == null ? null : byName.get(name);
        if (named != null && named.remove(stored) && named.isEmpty()) {
            byName.remove(name);
        }
    }

    @Override
    public void reset() {
        super.reset();
        synchronized (byName) {
            byName.clear();
        }
    }
}
