package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SCIM 2.0 surface of an account, as Cloudflare serves it: only the filters, PATCH forms and
 * attributes Cloudflare honours, and its answers to everything else.
 */
final class ScimApi {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private static final Pattern USER_NAME_EQ =
            Pattern.compile("^\\s*userName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DISPLAY_NAME_EQ =
            Pattern.compile("^\\s*displayName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MEMBER_VALUE_EQ =
            Pattern.compile("^\\s*members\\s*\\[\\s*value\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*]\\s*$",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern WORK_EMAIL_VALUE =
            Pattern.compile("^\\s*emails\\s*\\[\\s*type\\s+eq\\s+\"work\"\\s*]\\s*\\.\\s*value\\s*$",
                    Pattern.CASE_INSENSITIVE);

    private final ObjectMapper json;
    private final Discovery discovery;
    private final int maxPageSize;
    private final String baseUrl;
    private final UserGroupsFormat userGroups;

    ScimApi(ObjectMapper json, int maxPageSize, String baseUrl, UserGroupsFormat userGroups) {
        this.json = json;
        this.discovery = new Discovery(json);
        this.maxPageSize = maxPageSize;
        this.baseUrl = baseUrl;
        this.userGroups = userGroups;
    }

    ApiResponse handle(Route route, AccountState account, ApiRequest request) {
        String id = route.resourceId();
        return switch (route.key()) {
            case "GET /ServiceProviderConfig" -> ApiResponse.scim(200, discovery.serviceProviderConfig());
            case "GET /Schemas" -> discoveryList(request, discovery.schemas());
            case "GET /Schemas/{id}" -> discoveryItem(discovery.schemas(), id, "Schema");
            case "GET /ResourceTypes" -> discoveryList(request, discovery.resourceTypes());
            case "GET /ResourceTypes/{id}" -> discoveryItem(discovery.resourceTypes(), id, "ResourceType");
            case "GET /Users" -> listUsers(account, request);
            case "POST /Users" -> {
                Member member = account.createUser(userFields(body(request), true));
                yield ApiResponse.scim(201, user(account, member))
                        .withHeader("Location", location(account, "Users", member.id));
            }
            case "GET /Users/{id}" -> ApiResponse.scim(200, user(account, account.user(id)));
            case "PUT /Users/{id}" -> ApiResponse.scim(200,
                    user(account, account.replaceUser(id, userFields(body(request), false))));
            case "PATCH /Users/{id}" -> ApiResponse.scim(200,
                    user(account, account.patchUser(id, userChange(operations(body(request))))));
            case "DELETE /Users/{id}" -> {
                account.deleteUser(id);
                yield ApiResponse.noContent();
            }
            case "GET /Groups" -> listGroups(account, request);
            case "POST /Groups" -> {
                JsonNode body = body(request);
                // Cloudflare's published POST /Groups body is displayName and externalId alone: no
                // schemas to require, though an RFC 7644 client's schemas must still name a Group.
                if (body.has("schemas")) {
                    requireSchema(body, GROUP_SCHEMA);
                }
                Group group = account.createGroup(text(body, "displayName"), text(body, "externalId"),
                        memberIds(body.get("members")));
                yield ApiResponse.scim(201, group(account, group, true))
                        .withHeader("Location", location(account, "Groups", group.id));
            }
            case "GET /Groups/{id}" -> ApiResponse.scim(200, group(account, account.group(id), true));
            case "PUT /Groups/{id}" -> {
                JsonNode body = body(request);
                Group group = account.replaceGroup(id, text(body, "displayName"), text(body, "externalId"),
                        memberIds(body.get("members")));
                yield ApiResponse.scim(200, group(account, group, true));
            }
            case "PATCH /Groups/{id}" -> ApiResponse.scim(200,
                    group(account, account.editGroup(id, groupEdits(operations(body(request)))), true));
            case "DELETE /Groups/{id}" -> {
                account.deleteGroup(id);
                yield ApiResponse.noContent();
            }
            default -> throw new IllegalStateException("no SCIM handler for " + route.key());
        };
    }

    static ObjectNode error(ObjectMapper json, int status, String scimType, String detail) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(ERROR_SCHEMA);
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        return body;
    }

    // ---- lists ----------------------------------------------------------------------------------

    private ApiResponse listUsers(AccountState account, ApiRequest request) {
        String filter = request.paramIgnoreCase("filter");
        String userName = filter == null ? null : filterValue(USER_NAME_EQ, filter, "userName");
        List<Member> users = account.listUsers(userName);
        return page(request, users, m -> user(account, m));
    }

    private ApiResponse listGroups(AccountState account, ApiRequest request) {
        String filter = request.paramIgnoreCase("filter");
        String displayName = filter == null ? null : filterValue(DISPLAY_NAME_EQ, filter, "displayName");
        List<Group> groups = account.listGroups(displayName);
        // Cloudflare lists groups without their members; only a single GET carries them.
        return page(request, groups, g -> group(account, g, false));
    }

    private static String filterValue(Pattern pattern, String filter, String attribute) {
        Matcher m = pattern.matcher(filter);
        if (!m.matches()) {
            throw new Rejection(400, "invalidFilter", "unsupported filter '" + filter + "': only " + attribute
                    + " eq \"value\" is supported here");
        }
        return m.group(1).replaceAll("\\\\(.)", "$1");
    }

    private <T> ApiResponse page(ApiRequest request, List<T> all, java.util.function.Function<T, JsonNode> render) {
        int startIndex = Math.max(1, request.intParamIgnoreCase("startIndex", 1));
        int count = Math.min(maxPageSize, Math.max(0, request.intParamIgnoreCase("count", maxPageSize)));
        int from = Math.min(all.size(), startIndex - 1);
        int to = Math.min(all.size(), from + count);
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(LIST_SCHEMA);
        body.put("totalResults", all.size());
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", to - from);
        ArrayNode resources = body.putArray("Resources");
        for (T item : all.subList(from, to)) {
            resources.add(render.apply(item));
        }
        return ApiResponse.scim(200, body);
    }

    private ApiResponse discoveryList(ApiRequest request, List<ObjectNode> items) {
        if (request.paramIgnoreCase("filter") != null) {
            throw new Rejection(400, "invalidFilter", "filtering is not supported on this endpoint");
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(LIST_SCHEMA);
        body.put("totalResults", items.size());
        body.put("startIndex", 1);
        body.put("itemsPerPage", items.size());
        body.putArray("Resources").addAll(items);
        return ApiResponse.scim(200, body);
    }

    private static ApiResponse discoveryItem(List<ObjectNode> items, String id, String what) {
        return items.stream()
                .filter(item -> id.equals(item.path("id").asText()))
                .findFirst()
                .map(item -> ApiResponse.scim(200, item))
                .orElseThrow(() -> Rejection.notFound(what + " " + id));
    }

    // ---- rendering ------------------------------------------------------------------------------

    private ObjectNode user(AccountState account, Member member) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(USER_SCHEMA);
        node.put("id", member.id);
        if (member.externalId != null) {
            node.put("externalId", member.externalId);
        }
        node.put("userName", member.userName);
        if (member.givenName != null || member.familyName != null) {
            ObjectNode name = node.putObject("name");
            if (member.givenName != null) {
                name.put("givenName", member.givenName);
            }
            if (member.familyName != null) {
                name.put("familyName", member.familyName);
            }
        }
        ObjectNode email = node.putArray("emails").addObject();
        email.put("value", member.userName);
        email.put("type", "work");
        email.put("primary", true);
        node.put("active", member.active);
        ArrayNode groups = node.putArray("groups");
        List<String> names = List.copyOf(account.groupNamesOf(member));
        List<String> ids = List.copyOf(member.groupIds);
        for (int i = 0; i < ids.size(); i++) {
            if (userGroups == UserGroupsFormat.STRINGS) {
                groups.add(ids.get(i));
            } else {
                ObjectNode ref = groups.addObject();
                ref.put("value", ids.get(i));
                ref.put("display", names.get(i));
            }
        }
        meta(node, "User", member.created, member.lastModified, location(account, "Users", member.id));
        return node;
    }

    private ObjectNode group(AccountState account, Group group, boolean single) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(GROUP_SCHEMA);
        node.put("id", group.id);
        node.put("displayName", group.displayName);
        if (group.externalId != null) {
            node.put("externalId", group.externalId);
        }
        // Members appear on a single GET only, and never for user-groups system groups.
        if (single && group.kind != Group.Kind.SYSTEM) {
            ArrayNode members = node.putArray("members");
            for (String userId : List.copyOf(group.memberIds)) {
                ObjectNode ref = members.addObject();
                ref.put("value", userId);
                String userName = account.userNameOf(userId);
                if (userName != null) {
                    ref.put("display", userName);
                }
            }
        }
        meta(node, "Group", group.created, group.lastModified, location(account, "Groups", group.id));
        return node;
    }

    private static void meta(ObjectNode node, String type, java.time.Instant created, java.time.Instant modified,
                             String location) {
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", type);
        meta.put("created", created.toString());
        meta.put("lastModified", modified.toString());
        meta.put("location", location);
    }

    private String location(AccountState account, String resource, String id) {
        return baseUrl + "/client/v4/accounts/" + account.id() + "/scim/v2/" + resource + "/" + id;
    }

    // ---- parsing --------------------------------------------------------------------------------

    private JsonNode body(ApiRequest request) {
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

    private static void requireSchema(JsonNode body, String schema) {
        for (JsonNode s : body.path("schemas")) {
            if (schema.equals(s.asText())) {
                return;
            }
        }
        throw new Rejection(400, "invalidSyntax", "schemas must include " + schema);
    }

    private static UserFields userFields(JsonNode body, boolean create) {
        if (create) {
            requireSchema(body, USER_SCHEMA);
        }
        JsonNode name = body.path("name");
        Boolean active = body.has("active") && !body.get("active").isNull() ? bool(body.get("active"), "active") : null;
        return new UserFields(text(body, "userName"), primaryEmail(body.get("emails")),
                text(name, "givenName"), text(name, "familyName"), text(body, "externalId"), active);
    }

    /** The email flagged primary, else the work email, else the only one. */
    private static String primaryEmail(JsonNode emails) {
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

    private static List<JsonNode> operations(JsonNode body) {
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
    private static UserChange userChange(List<JsonNode> ops) {
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

    private static List<GroupEdit> groupEdits(List<JsonNode> ops) {
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

    /** The user ids of a SCIM member list; a lone member object is accepted as a list of one. */
    private static List<String> memberIds(JsonNode members) {
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
    private static boolean bool(JsonNode value, String attribute) {
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String nullableText(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String requiredText(JsonNode value, String attribute) {
        if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
            throw Rejection.invalidValue(attribute + " must be a non-empty string");
        }
        return value.asText();
    }
}
