package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's {@code groups} or a group's {@code members} as an answer carries it, read so that it fails
 * closed: ids as strings (Cloudflare's published form of a user's groups), RFC 7643 objects with a
 * {@code value} (our emulator's, and Cloudflare's for a group's members), or a mix. Anything else is a
 * PERMANENT {@link ScimException}, never "no memberships": read as empty, a list we cannot parse would
 * make every scan re-add each role and never take one away.
 *
 * @param route      the request that answered, as messages name it ({@code GET /Users})
 * @param owner      whose list it is, as messages name it ({@code user 1a2b (alice@example.com)})
 * @param attribute  {@code groups} or {@code members}
 * @param idsOf      what the ids are, as messages name them ({@code group} or {@code user})
 */
record MembershipList(String route, String owner, String attribute, String idsOf) {

    /** How much of an unexpected value a message quotes: enough to recognise it, not a whole page. */
    private static final int QUOTED = 80;

    /** A user's groups: absent or null is a user in no group, as the User schema allows. */
    static List<String> groupsOf(JsonNode user, String route) {
        MembershipList list = new MembershipList(route, "user " + describeOwner(user, "userName"), "groups", "group");
        List<String> ids = list.read(user);
        return ids == null ? List.of() : ids;
    }

    /**
     * A group's members, or null when the answer did not carry them: lists and system groups never
     * do, and a null says "not known", not "empty".
     */
    static List<String> membersOf(JsonNode group, String route) {
        return new MembershipList(route, "group " + describeOwner(group, "displayName"), "members", "user").read(group);
    }

    /** The ids, or null when the attribute is absent or null. */
    private List<String> read(JsonNode resource) {
        JsonNode list = resource.get(attribute);
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            throw malformed("got " + describe(list));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ids.add(idOf(list.get(i), i));
        }
        return ids;
    }

    private String idOf(JsonNode element, int index) {
        JsonNode id = element.isObject() ? element.get("value") : element;
        if (element.isObject() && (id == null || !id.isTextual())) {
            throw malformed("element " + index + " is an object without a textual 'value': " + quote(element));
        }
        if (!id.isTextual()) {
            throw malformed("element " + index + " is " + describe(element));
        }
        if (id.textValue().isEmpty()) {
            throw malformed("element " + index + " is " + (element.isObject() ? "an object with an empty 'value'"
                    : "an empty string"));
        }
        return id.textValue();
    }

    private ScimException malformed(String found) {
        return new ScimException(ScimException.Kind.PERMANENT, 0, null, route + ": " + owner + ": '" + attribute
                + "' must be an array of " + idsOf + " ids (strings) or of objects with a 'value'; " + found, null, null);
    }

    /** {@code 1a2b (alice@example.com)}: the id Cloudflare gave, and the name people know. */
    private static String describeOwner(JsonNode resource, String nameField) {
        return resource.path("id").asText() + " (" + resource.path(nameField).asText() + ")";
    }

    /** What kind of JSON value this is, and the value itself where it helps. */
    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object: " + quote(node);
        }
        if (node.isArray()) {
            return "an array: " + quote(node);
        }
        if (node.isTextual()) {
            return "a string: " + quote(node);
        }
        if (node.isNumber()) {
            return "a number: " + quote(node);
        }
        return node.isBoolean() ? "a boolean: " + quote(node) : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                + ": " + quote(node);
    }

    private static String quote(JsonNode node) {
        String text = node.toString();
        return text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "...";
    }
}
