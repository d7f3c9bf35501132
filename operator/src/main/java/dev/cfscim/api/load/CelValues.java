package dev.cfscim.api.load;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A declaration's value as CEL sees it in the API server, typed by its schema rather than by how
 * the YAML spelled it: {@code type: number} is a double even when written {@code 1}, an integer a
 * long, an object a map of its fields; at the root, {@code metadata} holds only {@code name} and
 * {@code generateName}, the fields a rule may read there.
 */
final class CelValues {
    private CelValues() {
    }

    static Object of(JsonNode node, JsonNode schema, boolean root) {
        if (node.isObject()) {
            return new ObjectView(node, schema, root);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(of(item, schema.path("items"), false)));
            return list;
        }
        if (node.isNumber()) {
            boolean integer = node.isIntegralNumber() && !"number".equals(schema.path("type").asString(""));
            return integer ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asString();
    }

    /**
     * An object as a map whose values are converted when a rule reads them: a rule at the root
     * ({@code has(self.spec)}) reads one field of a declaration, not all of it.
     */
    private static final class ObjectView extends AbstractMap<String, Object> {
        private final JsonNode node;
        private final JsonNode schema;
        private final boolean root;
        private Set<Entry<String, Object>> entries;

        ObjectView(JsonNode node, JsonNode schema, boolean root) {
            this.node = node;
            this.schema = schema;
            this.root = root;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && node.has(name) && !node.get(name).isNull();
        }

        @Override
        public Object get(Object key) {
            return containsKey(key) ? value((String) key) : null;
        }

        private Object value(String name) {
            return root && name.equals("metadata") ? metadata(node.get(name)) : of(node.get(name), fieldSchema(schema, name), false);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            if (entries == null) {
                Map<String, Object> all = new LinkedHashMap<>();
                node.propertyNames().forEach(name -> {
                    if (containsKey(name)) {
                        all.put(name, value(name));
                    }
                });
                entries = all.entrySet();
            }
            return entries;
        }
    }

    private static JsonNode fieldSchema(JsonNode schema, String name) {
        JsonNode property = schema.path("properties").path(name);
        return property.isMissingNode() ? schema.path("additionalProperties") : property;
    }

    private static Map<String, Object> metadata(JsonNode metadata) {
        Map<String, Object> visible = new LinkedHashMap<>();
        for (String name : List.of("name", "generateName")) {
            if (metadata.path(name).isString()) {
                visible.put(name, metadata.get(name).asString());
            }
        }
        return visible;
    }
}
