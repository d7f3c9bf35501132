package dev.cfscim.api.load;

import com.networknt.schema.Error;
import dev.cfscim.api.Spelling;
import dev.cfscim.api.load.CrdSchemas.CrdSchema;
import dev.cfscim.api.load.CrdValidation.Finding;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A refusal of the schema or of a CEL rule, said for a person: the field as {@code spec.a.b[2]},
 * the value, what the schema asks (with the field's own description from the CRD where that helps),
 * and {@link FieldAdvice}'s words where it has some.
 */
record SchemaWording(CrdSchema schema, FieldAdvice advice) {
    private static final int SHOWN = 40;

    Finding describe(Error error) {
        List<Object> path = new ArrayList<>();
        for (int i = 0; i < error.getInstanceLocation().getNameCount(); i++) {
            path.add(error.getInstanceLocation().getElement(i));
        }
        String keyword = error.getKeyword();
        if (("required".equals(keyword) || "additionalProperties".equals(keyword)) && error.getProperty() != null) {
            path.add(error.getProperty());
        }
        String field = field(path);
        JsonNode at = schemaAt(path);
        JsonNode value = error.getInstanceNode();
        if ("additionalProperties".equals(keyword)) {
            List<String> known = new ArrayList<>();
            schemaAt(path.subList(0, path.size() - 1)).path("properties").propertyNames().forEach(known::add);
            return new Finding(field, "unknown field '" + error.getProperty() + "'"
                    + Spelling.didYouMean(Spelling.suggest(String.valueOf(error.getProperty()), known, 1)));
        }
        String text = "required".equals(keyword) ? null : value != null && value.isString() ? value.asString() : null;
        String pattern = "pattern".equals(keyword) ? at.path("pattern").asString(null) : null;
        if ("required".equals(keyword) || value != null && value.isString()) {
            var words = advice.schema(schema.kind(), field, pattern, text);
            if (words.isPresent()) {
                return new Finding(field, words.get());
            }
        }
        return new Finding(field, generic(keyword, at, value, error));
    }

    private static String generic(String keyword, JsonNode at, JsonNode value, Error error) {
        String description = at.path("description").asString("");
        String about = description.isEmpty() ? "" : " (" + description + ")";
        boolean empty = value != null && value.isString() && value.asString().isEmpty();
        return switch (keyword) {
            case "required" -> "required" + (description.isEmpty() ? "" : ": " + description);
            case "minLength", "pattern" -> empty ? "required: must not be empty" + about
                    : "minLength".equals(keyword) ? shown(value) + " is shorter than " + at.path("minLength").asInt() + " characters"
                    : shown(value) + " does not match " + at.path("pattern").asString() + about;
            case "maxLength" -> shown(value) + " is " + value.asString().codePointCount(0, value.asString().length())
                    + " characters long: at most " + at.path("maxLength").asInt();
            case "minimum" -> at.path("exclusiveMinimum").asBoolean(false)
                    ? "must be more than " + number(at.get("minimum")) + ", got " + value
                    : "must be " + number(at.get("minimum")) + " or more, got " + value;
            case "maximum" -> at.path("exclusiveMaximum").asBoolean(false)
                    ? "must be less than " + number(at.get("maximum")) + ", got " + value
                    : "must be at most " + number(at.get("maximum")) + ", got " + value;
            case "minItems" -> "has " + value.size() + " items: at least " + at.path("minItems").asInt();
            case "maxItems" -> "has " + value.size() + " items: at most " + at.path("maxItems").asInt();
            case "enum" -> {
                List<String> allowed = new ArrayList<>();
                at.path("enum").forEach(v -> allowed.add(v.asString()));
                yield shown(value) + " is not one of " + String.join(", ", allowed)
                        + Spelling.didYouMean(Spelling.suggest(value.asString(), allowed, 1));
            }
            case "type", "anyOf" -> "expected " + expected(at) + ", got " + shown(value);
            case "format" -> shown(value) + " is not a valid " + at.path("format").asString();
            default -> error.getMessage();
        };
    }

    /** The words of a CEL rule that refused, as the API server says them, or FieldAdvice's. */
    String rule(CelRules.Violation violation) {
        var words = advice.rule(violation.rule().rule(), violation.self());
        String message = words.orElseGet(() -> violation.self() instanceof Map || violation.self() instanceof List
                ? violation.message() : "'" + violation.self() + "' " + violation.message());
        if (violation.rule().reason() != null && words.isEmpty()) {
            message = switch (violation.rule().reason()) {
                case "FieldValueRequired" -> violation.message();
                case "FieldValueForbidden" -> "forbidden: " + message;
                case "FieldValueDuplicate" -> "duplicate value: " + message;
                default -> message;
            };
        }
        return violation.failed() == null ? message
                : message + " (the rule could not be evaluated: " + violation.failed() + ")";
    }

    private static String expected(JsonNode at) {
        if (at.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return "a whole number or a string";
        }
        return switch (at.path("type").asString("")) {
            case "string" -> "a string (quote numbers, booleans and dates)";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "array" -> "a list";
            default -> "a mapping";
        };
    }

    private static String number(JsonNode node) {
        return node == null ? "?" : new BigDecimal(node.asString()).stripTrailingZeros().toPlainString();
    }

    private static String shown(JsonNode value) {
        if (value == null) {
            return "nothing";
        }
        if (!value.isString()) {
            return value.toString();
        }
        String text = value.asString();
        return "'" + (text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text) + "'";
    }

    /** {@code spec.assignments.users[2]}. */
    static String field(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(step);
            }
        }
        return out.toString();
    }

    /** The CRD's own schema node at an instance path, for its description and constraints. */
    private JsonNode schemaAt(List<Object> path) {
        JsonNode at = schema.openApi();
        for (Object step : path) {
            if (step instanceof Integer) {
                at = at.path("items");
            } else {
                JsonNode property = at.path("properties").path(String.valueOf(step));
                at = property.isMissingNode() ? at.path("additionalProperties") : property;
            }
        }
        return at;
    }
}
