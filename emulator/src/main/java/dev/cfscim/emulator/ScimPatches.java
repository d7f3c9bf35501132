package dev.cfscim.emulator;

import static dev.cfscim.emulator.ScimBodies.bool;
import static dev.cfscim.emulator.ScimBodies.memberIds;
import static dev.cfscim.emulator.ScimBodies.nullableText;
import static dev.cfscim.emulator.ScimBodies.primaryEmail;
import static dev.cfscim.emulator.ScimBodies.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SCIM PATCH bodies read as Cloudflare reads them: the operations and paths it honours for a user
 * (a {@link UserChange}) and for a group (a list of {@link GroupEdit}s), and its errors for the rest.
 */
final class ScimPatches {

    private static final Pattern MEMBER_VALUE_EQ =
            Pattern.compile("^\\s*members\\s*\\[\\s*value\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*]\\s*$",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern WORK_EMAIL_VALUE =
            Pattern.compile("^\\s*emails\\s*\\[\\s*type\\s+eq\\s+\"work\"\\s*]\\s*\\.\\s*value\\s*$",
                    Pattern.CASE_INSENSITIVE);

    private ScimPatches() {
    }

    static List<JsonNode> operations(JsonNode body) {
        JsonNode ops = body.get("Operations");
        if (ops == null) {
            ops = body.get("operations");
        }
        if (ops == null || !ops.isArray()) {
            throw new Rejection(400, "invalidSyntax", "a PATCH needs an Operations array");
        }
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode op : ops) {
            String name = op.path("op").asText("").toLowerCase(Locale.ROOT);
            if (!name.equals("add") && !name.equals("remove") && !name.equals("replace")) {
                throw new Rejection(400, "invalidSyntax", "unknown PATCH op '" + op.path("op").asText() + "'");
            }
            result.add(op);
        }
        return result;
    }

    /** Only {@code replace} changes a user in Cloudflare; add and remove are accepted and ignored. */
    static UserChange userChange(List<JsonNode> ops) {
        UserChange change = UserChange.none();
        for (JsonNode op : ops) {
            if (!op.path("op").asText().equalsIgnoreCase("replace")) {
                continue;
            }
            JsonNode value = op.get("value");
            String path = op.hasNonNull("path") ? op.get("path").asText() : null;
            if (path == null) {
                if (value == null || !value.isObject()) {
                    throw new Rejection(400, "invalidSyntax", "a replace without path needs an object value");
                }
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    change = replaceUserAttribute(change, field.getKey(), field.getValue());
                }
            } else {
                change = replaceUserAttribute(change, path, value);
            }
        }
        return change;
    }

    private static UserChange replaceUserAttribute(UserChange change, String path, JsonNode value) {
        if (WORK_EMAIL_VALUE.matcher(path).matches()) {
            return change.withUserName(requiredText(value, path));
        }
        return switch (path.toLowerCase(Locale.ROOT)) {
            case "active" -> change.withActive(bool(value, "active"));
            case "username" -> change.withUserName(requiredText(value, path));
            case "name.givenname" -> change.withGivenName(nullableText(value));
            case "name.familyname" -> change.withFamilyName(nullableText(value));
            // Cloudflare's PATCH honours userName, the name and active: an externalId is accepted and
            // changes nothing (PUT replaces it).
            case "externalid" -> change;
            case "name" -> {
                if (value == null || !value.isObject()) {
                    throw Rejection.invalidValue("name must be an object");
                }
                UserChange c = change;
                if (value.has("givenName")) {
                    c = c.withGivenName(nullableText(value.get("givenName")));
                }
                if (value.has("familyName")) {
                    c = c.withFamilyName(nullableText(value.get("familyName")));
                }
                yield c;
            }
            case "emails" -> {
                String email = primaryEmail(value);
                yield email == null ? change : change.withUserName(email);
            }
            case "schemas", "id" -> change;
            default -> throw new Rejection(400, "invalidPath", "attribute '" + path + "' cannot be changed");
        };
    }

    static List<GroupEdit> groupEdits(List<JsonNode> ops) {
        List<GroupEdit> edits = new ArrayList<>();
        for (JsonNode op : ops) {
            String name = op.path("op").asText().toLowerCase(Locale.ROOT);
            String path = op.hasNonNull("path") ? op.get("path").asText().trim() : null;
            JsonNode value = op.get("value");
            if (path == null) {
                if (value == null || !value.isObject()) {
                    throw new Rejection(400, "invalidSyntax", "a group " + name + " without path needs an object value");
                }
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    edits.add(groupEdit(name, field.getKey(), field.getValue()));
                }
                continue;
            }
            Matcher member = MEMBER_VALUE_EQ.matcher(path);
            if (member.matches()) {
                if (!name.equals("remove")) {
                    throw new Rejection(400, "invalidPath", "path '" + path + "' only supports remove");
                }
                edits.add(new GroupEdit.RemoveMembers(List.of(member.group(1))));
                continue;
            }
            edits.add(groupEdit(name, path, value));
        }
        return edits;
    }

    private static GroupEdit groupEdit(String op, String attribute, JsonNode value) {
        switch (attribute.toLowerCase(Locale.ROOT)) {
            case "members":
                if (op.equals("remove")) {
                    return value == null || value.isNull()
                            ? new GroupEdit.RemoveAllMembers() : new GroupEdit.RemoveMembers(memberIds(value));
                }
                return op.equals("add")
                        ? new GroupEdit.AddMembers(memberIds(value)) : new GroupEdit.ReplaceMembers(memberIds(value));
            case "displayname":
                if (op.equals("remove")) {
                    throw new Rejection(400, "mutability", "displayName cannot be removed");
                }
                return new GroupEdit.Rename(requiredText(value, "displayName"));
            case "externalid":
                return new GroupEdit.SetExternalId(op.equals("remove") ? null : nullableText(value));
            default:
                throw new Rejection(400, "invalidPath", "attribute '" + attribute + "' of a group cannot be changed");
        }
    }
}
