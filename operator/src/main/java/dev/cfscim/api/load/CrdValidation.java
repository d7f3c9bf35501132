package dev.cfscim.api.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import dev.cfscim.api.RoleCatalog;
import dev.cfscim.api.load.CrdSchemas.CrdSchema;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A declaration against its CRD, as {@code kubectl apply} would have the API server judge it: the
 * object as it would be sent ({@link #asSent}; nulls pruned, as the API server prunes them where the
 * schema does not say nullable), checked against
 * the {@code openAPIV3Schema}, then against the {@code x-kubernetes-validations} rules. Each refusal
 * is a {@link Finding} at its field, in the words of {@link SchemaWording} and {@link FieldAdvice}.
 */
final class CrdValidation {
    /** Jackson 2, as fabric8 and our classes are annotated for it. */
    private static final ObjectMapper MODEL = new ObjectMapper();

    private final CrdSchemas schemas;
    private final FieldAdvice advice;

    CrdValidation(CrdSchemas schemas, RoleCatalog roles) {
        this.schemas = schemas;
        this.advice = new FieldAdvice(roles);
    }

    /** What is refused at one field of a declaration, and why. */
    record Finding(String field, String message) {}

    /** The refusals of {@code resource}, by field; none for a kind without a CRD (a Secret). */
    List<Finding> check(HasMetadata resource) {
        Optional<CrdSchema> schema = schemas.of(resource.getKind());
        if (schema.isEmpty()) {
            return List.of();
        }
        JsonNode object = asSent(resource, schema.get().openApi());
        List<Finding> findings = new ArrayList<>();
        List<String> refusedFields = new ArrayList<>();
        SchemaWording wording = new SchemaWording(schema.get(), advice);
        for (Error error : schema.get().compiled().validate(object)) {
            Finding finding = wording.describe(error);
            findings.add(finding);
            refusedFields.add(finding.field());
        }
        for (CelRules.Violation violation : schema.get().rules().evaluate(object)) {
            if (violation.failed() != null && refusedFields.stream().anyMatch(f -> within(f, violation.field()))) {
                // The schema already refused the value (a duration the pattern refused cannot be
                // compared either): one message, the schema's, says it better than the rule's failure.
                continue;
            }
            String field = violation.rule().fieldPath() != null ? violation.field() : advice.pointer(violation.rule().rule())
                    .map(below -> violation.field().isEmpty() ? below : violation.field() + "." + below).orElse(violation.field());
            findings.add(new Finding(field, wording.rule(violation)));
        }
        findings.sort(Comparator.comparing(Finding::field));
        return findings;
    }

    private static boolean within(String field, String node) {
        return field.equals(node) || field.startsWith(node + ".") || field.startsWith(node + "[");
    }

    /**
     * The resource as kubectl would send it, in the validator's Jackson 3 tree: its spec; status
     * left out (the status subresource ignores it); of metadata only what a rule may read (name,
     * generateName), since the schema leaves metadata to the API server's ObjectMeta checks
     * (MetadataRules), and copying the rest for 50,000 users would cost more than all the checks.
     */
    static JsonNode asSent(HasMetadata resource, JsonNode openApi) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("apiVersion", resource.getApiVersion());
        root.put("kind", resource.getKind());
        ObjectNode metadata = root.putObject("metadata");
        if (resource.getMetadata().getName() != null) {
            metadata.put("name", resource.getMetadata().getName());
        }
        if (resource.getMetadata().getGenerateName() != null) {
            metadata.put("generateName", resource.getMetadata().getGenerateName());
        }
        if (resource instanceof CustomResource<?, ?> custom && custom.getSpec() != null) {
            put(root, "spec", MODEL.valueToTree(custom.getSpec()), openApi.path("properties").path("spec"));
        }
        return root;
    }

    /**
     * Jackson 2's tree (fabric8 and our classes are annotated for it) copied into Jackson 3's (the
     * validator's) in one walk, which costs a fraction of writing JSON and reading it back.
     */
    private static void put(ObjectNode parent, String name, com.fasterxml.jackson.databind.JsonNode value, JsonNode schema) {
        if (value.isNull() && !schema.path("nullable").asBoolean(false)) {
            return; // the API server prunes a null where the schema does not allow one
        }
        parent.set(name, copy(value, schema));
    }

    private static JsonNode copy(com.fasterxml.jackson.databind.JsonNode value, JsonNode schema) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value.isObject()) {
            ObjectNode object = nodes.objectNode();
            value.properties().forEach(e -> {
                JsonNode field = schema.path("properties").path(e.getKey());
                put(object, e.getKey(), e.getValue(), field.isMissingNode() ? schema.path("additionalProperties") : field);
            });
            return object;
        }
        if (value.isArray()) {
            ArrayNode array = nodes.arrayNode(value.size());
            value.forEach(item -> array.add(copy(item, schema.path("items"))));
            return array;
        }
        if (value.isTextual()) {
            return nodes.stringNode(value.textValue());
        }
        if (value.isBoolean()) {
            return nodes.booleanNode(value.booleanValue());
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? nodes.numberNode(value.longValue()) : nodes.numberNode(value.bigIntegerValue());
        }
        if (value.isNumber()) {
            return nodes.numberNode(value.decimalValue());
        }
        return nodes.nullNode();
    }
}
