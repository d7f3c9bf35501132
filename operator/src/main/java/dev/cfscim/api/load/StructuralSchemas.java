package dev.cfscim.api.load;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CRD's structural schema as a JSON schema that means what the API server makes of it. The API
 * server reads {@code openAPIV3Schema} with rules of its own, which a plain JSON schema validator
 * does not know:
 * <ul>
 *   <li>An object's fields are those its schema lists: others are pruned, or refused under strict
 *       field validation, as {@code kubectl apply} asks; here {@code additionalProperties: false},
 *       unless {@code x-kubernetes-preserve-unknown-fields} keeps them.
 *   <li>{@code x-kubernetes-int-or-string} is an integer or a string; {@code nullable} admits null.
 *   <li>The root's {@code apiVersion}, {@code kind} and {@code metadata} are implicit; metadata is
 *       checked by the API server's own ObjectMeta rules, not by the schema (see MetadataRules).
 *   <li>Of the formats, the API server checks a list of its own and ignores any other; those kept here
 *       are the ones it checks with the same meaning as the validator ({@link #CHECKED_FORMATS}).
 *       Others (its {@code duration} is Go's, not ISO 8601's) are left out, not misjudged.
 *   <li>{@code default} is not a constraint, {@code x-kubernetes-validations} are CEL ({@link CelRules}).
 * </ul>
 */
final class StructuralSchemas {
    /** Formats both the API server (kube-openapi's strfmt) and the validator check, alike. */
    static final Set<String> CHECKED_FORMATS = Set.of("date-time", "date", "ipv4", "ipv6", "uuid");
    private static final Set<String> CONSTRAINTS = Set.of("type", "required", "enum", "pattern", "minLength", "maxLength",
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
            "uniqueItems", "minProperties", "maxProperties");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StructuralSchemas() {
    }

    static JsonNode toJsonSchema(JsonNode openApi) {
        ObjectNode root = translate(openApi);
        ObjectNode properties = root.has("properties") ? (ObjectNode) root.get("properties") : root.putObject("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
        return root;
    }

    private static ObjectNode translate(JsonNode k8s) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> keyword : k8s.properties()) {
            String name = keyword.getKey();
            JsonNode value = keyword.getValue();
            if (CONSTRAINTS.contains(name)) {
                out.set(name, value);
            } else if (name.equals("format") && CHECKED_FORMATS.contains(value.asString())) {
                out.set(name, value);
            } else if (name.equals("properties")) {
                ObjectNode properties = out.putObject("properties");
                value.properties().forEach(p -> properties.set(p.getKey(), translate(p.getValue())));
            } else if (name.equals("items") || name.equals("not")) {
                out.set(name, translate(value));
            } else if (name.equals("additionalProperties")) {
                out.set(name, value.isBoolean() ? value : translate(value));
            } else if (name.equals("allOf") || name.equals("anyOf") || name.equals("oneOf")) {
                ArrayNode all = out.putArray(name);
                value.forEach(s -> all.add(translate(s)));
            }
        }
        if (k8s.path("nullable").asBoolean(false) && out.has("type")) {
            ArrayNode types = NODES.arrayNode().add(out.get("type").asString()).add("null");
            out.set("type", types);
        }
        if (k8s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            out.remove("type");
            ArrayNode either = out.putArray("anyOf");
            either.addObject().put("type", "integer");
            either.addObject().put("type", "string");
        }
        boolean preserve = k8s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if ("object".equals(k8s.path("type").asString("")) && !preserve && !k8s.has("additionalProperties")) {
            out.put("additionalProperties", false);
        }
        return out;
    }
}
