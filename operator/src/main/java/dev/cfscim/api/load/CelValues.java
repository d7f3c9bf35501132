package dev.cfscim.api.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    return;
                }
                if (root && e.getKey().equals("metadata")) {
                    map.put("metadata", metadata(e.getValue()));
                } else {
                    map.put(e.getKey(), of(e.getValue(), fieldSchema(schema, e.getKey()), false));
                }
            });
            return map;
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
