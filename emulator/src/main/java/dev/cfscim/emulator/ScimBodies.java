package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of a SCIM request body, read as leniently as Cloudflare reads them (a lone member
 * object as a list of one, Entra's string booleans) and refused as Cloudflare refuses them.
 */
final class ScimBodies {

    private ScimBodies() {
    }

    static JsonNode body(ObjectMapper json, ApiRequest request) {
        if (request.body().length == 0) {
            throw new Rejection(400, "invalidSyntax", "a JSON body is required");
        }
        try {
            JsonNode node = json.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new Rejection(400, "invalidSyntax", "the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new Rejection(400, "invalidSyntax", "the body is not valid JSON: " + e.getMessage());
        }
    }

    static void requireSchema(JsonNode body, String schema) {
        for (JsonNode s : body.path("schemas")) {
            if (schema.equals(s.asText())) {
                return;
            }
        }
        throw new Rejection(400, "invalidSyntax", "schemas must include " + schema);
    }

    /** A POST's or PUT's user; a POST must name the User schema. */
    static UserFields userFields(JsonNode body, boolean create) {
        if (create) {
            requireSchema(body, ScimResources.USER_SCHEMA);
        }
        JsonNode name = body.path("name");
        Boolean active = body.has("active") && !body.get("active").isNull() ? bool(body.get("active"), "active") : null;
        return new UserFields(text(body, "userName"), primaryEmail(body.get("emails")),
                text(name, "givenName"), text(name, "familyName"), text(body, "externalId"), active);
    }

    /** The email flagged primary, else the work email, else the only one. */
    static String primaryEmail(JsonNode emails) {
        if (emails == null || !emails.isArray() || emails.isEmpty()) {
            return null;
        }
        JsonNode chosen = null;
        for (JsonNode email : emails) {
            if (email.path("primary").asBoolean(false)) {
                chosen = email;
                break;
            }
            if (chosen == null && "work".equalsIgnoreCase(email.path("type").asText())) {
                chosen = email;
            }
        }
        if (chosen == null) {
            chosen = emails.get(0);
        }
        return text(chosen, "value");
    }

    /** The user ids of a SCIM member list; a lone member object is accepted as a list of one. */
    static List<String> memberIds(JsonNode members) {
        if (members == null || members.isNull()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        if (members.isObject()) {
            ids.add(requiredText(members.get("value"), "members.value"));
            return ids;
        }
        if (!members.isArray()) {
            throw Rejection.invalidValue("members must be a list of {\"value\": \"<user id>\"}");
        }
        for (JsonNode member : members) {
            ids.add(requiredText(member.get("value"), "members.value"));
        }
        return ids;
    }

    /** A SCIM boolean; Entra sends {@code "False"} and {@code "True"} as strings. */
    static boolean bool(JsonNode value, String attribute) {
        if (value != null && value.isBoolean()) {
            return value.booleanValue();
        }
        if (value != null && value.isTextual()) {
            String text = value.asText().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw Rejection.invalidValue(attribute + " must be true or false, got " + value);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String nullableText(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    static String requiredText(JsonNode value, String attribute) {
        if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
            throw Rejection.invalidValue(attribute + " must be a non-empty string");
        }
        return value.asText();
    }
}
