package dev.cfscim.api.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import dev.cfscim.api.RoleCatalog;
import dev.cfscim.api.load.CrdSchemas.CrdSchema;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A declaration against its CRD, as {@code kubectl apply} would have the API server judge it: the
 * object as it would be sent (status left out: the status subresource ignores it on a create; nulls
 * pruned, as the API server prunes them where the schema does not say nullable), checked against
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
            findings.add(new Finding(violation.field(), wording.rule(violation)));
        }
        findings.sort(Comparator.comparing(Finding::field));
        return findings;
    }

    private static boolean within(String field, String node) {
        return field.equals(node) || field.startsWith(node + ".") || field.startsWith(node + "[");
    }

    /** The resource as kubectl would send it, in the validator's Jackson 3 tree. */
    static JsonNode asSent(HasMetadata resource, JsonNode openApi) {
        JsonNode object;
        try {
            object = JsonMapper.shared().readTree(MODEL.writeValueAsBytes(resource));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + resource.getKind(), e);
        }
        if (object instanceof ObjectNode root) {
            root.remove("status");
            pruneNulls(root, openApi);
        }
        return object;
    }

    private static void pruneNulls(JsonNode node, JsonNode schema) {
        if (node instanceof ObjectNode fields) {
            List<String> pruned = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : fields.properties()) {
                JsonNode fieldSchema = schema.path("properties").has(field.getKey())
                        ? schema.path("properties").get(field.getKey()) : schema.path("additionalProperties");
                if (field.getValue().isNull() && !fieldSchema.path("nullable").asBoolean(false)) {
                    pruned.add(field.getKey());
                } else {
                    pruneNulls(field.getValue(), fieldSchema);
                }
            }
            pruned.forEach(fields::remove);
        } else if (node.isArray()) {
            node.forEach(item -> pruneNulls(item, schema.path("items")));
        }
    }
}
