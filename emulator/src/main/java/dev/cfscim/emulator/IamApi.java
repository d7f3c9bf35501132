package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of Cloudflare's IAM REST API that gives pushed user groups their permissions: permission
 * groups (the roles), resource groups (what policies grant on) and user groups with their policies,
 * in the v4 envelope.
 */
final class IamApi {

    private static final int DEFAULT_PER_PAGE = 20;
    private static final int MAX_PER_PAGE = 50;

    private final ObjectMapper json;

    IamApi(ObjectMapper json) {
        this.json = json;
    }

    ApiResponse handle(Route route, AccountState account, ApiRequest request) {
        String id = route.resourceId();
        return switch (route.key()) {
            case "GET /iam/permission_groups" -> permissionGroups(account, request);
            case "GET /members" -> page(request, account.memberViews().stream()
                    .filter(MemberView::active)
                    .map(m -> accountMember(account, m))
                    .toList());
            case "GET /iam/user_groups" -> {
                List<Group> groups = account.userGroups(request.param("id"), request.param("name"),
                        request.param("fuzzyName"));
                yield page(request, groups.stream().map(g -> userGroup(account, g)).toList());
            }
            case "POST /iam/user_groups" -> {
                JsonNode body = body(request);
                Group group = account.createUserGroup(text(body, "name"), policies(body.get("policies"), true));
                yield ApiResponse.json(200, envelope(userGroup(account, group)));
            }
            case "GET /iam/user_groups/{id}" ->
                    ApiResponse.json(200, envelope(userGroup(account, account.userGroup(id))));
            case "PUT /iam/user_groups/{id}" -> {
                JsonNode body = body(request);
                Group group = account.updateUserGroup(id, text(body, "name"), policies(body.get("policies"), false));
                yield ApiResponse.json(200, envelope(userGroup(account, group)));
            }
            case "DELETE /iam/user_groups/{id}" -> {
                account.deleteUserGroup(id);
                ObjectNode result = json.createObjectNode().put("id", id);
                yield ApiResponse.json(200, envelope(result));
            }
            case "GET /iam/resource_groups" -> {
                ArrayNode result = json.createArrayNode();
                account.resourceGroups(request.param("id"), request.param("name"))
                        .forEach(rg -> result.add(resourceGroup(rg)));
                yield ApiResponse.json(200, envelope(result));
            }
            case "POST /iam/resource_groups" -> {
                JsonNode body = body(request);
                JsonNode scope = body.path("scope");
                ResourceGroup group = account.createResourceGroup(text(body, "name"), text(scope, "key"),
                        scopeObjects(scope.get("objects")));
                yield ApiResponse.json(200, envelope(resourceGroup(group)));
            }
            case "GET /iam/resource_groups/{id}" ->
                    ApiResponse.json(200, envelope(resourceGroup(account.resourceGroup(id))));
            case "PUT /iam/resource_groups/{id}" -> {
                JsonNode body = body(request);
                JsonNode scope = body.path("scope");
                ResourceGroup group = account.updateResourceGroup(id, text(body, "name"), text(scope, "key"),
                        scopeObjects(scope.get("objects")));
                yield ApiResponse.json(200, envelope(resourceGroup(group)));
            }
            case "DELETE /iam/resource_groups/{id}" -> {
                account.deleteResourceGroup(id);
                yield ApiResponse.json(200, envelope(json.createObjectNode().put("id", id)));
            }
            default -> throw new IllegalStateException("no IAM handler for " + route.key());
        };
    }

    /** The v4 error envelope; Cloudflare's codes: 971 throttled, 10000 authentication, 7003 not found. */
    static ObjectNode error(ObjectMapper json, int code, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("success", false);
        ObjectNode error = body.putArray("errors").addObject();
        error.put("code", code);
        error.put("message", message);
        body.putArray("messages");
        body.putNull("result");
        return body;
    }

    static int errorCode(int status) {
        return switch (status) {
            case 401, 403 -> 10000;
            case 404 -> 7003;
            case 409 -> 1009;
            case 429 -> 971;
            default -> status >= 500 ? 10001 : 1004;
        };
    }

    private ApiResponse permissionGroups(AccountState account, ApiRequest request) {
        String idFilter = request.param("id");
        String nameFilter = request.param("name");
        List<ObjectNode> items = new ArrayList<>();
        for (String role : account.roles().accountScoped()) {
            String pgId = account.roles().permissionGroupId(role);
            if ((idFilter == null || idFilter.equals(pgId)) && (nameFilter == null || nameFilter.equals(role))) {
                items.add(permissionGroup(pgId, role));
            }
        }
        return page(request, items);
    }

    private ObjectNode permissionGroup(String id, String name) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("name", name);
        ObjectNode meta = node.putObject("meta");
        meta.put("key", "label");
        meta.put("value", name);
        return node;
    }

    /**
     * A member as the v4 account members API shows it. Its {@code roles} are the roles assigned
     * to the member directly (in the dashboard), not those that come through groups; its
     * {@code policies} are the member's own: one allow policy on the account's resource group for
     * each direct role, and for each role it holds through a policy alone.
     */
    private ObjectNode accountMember(AccountState account, MemberView view) {
        ObjectNode node = json.createObjectNode();
        node.put("id", Roles.stableId("membership:" + account.id() + ":" + view.id()));
        node.put("status", "accepted");
        ObjectNode user = node.putObject("user");
        user.put("id", view.id());
        user.put("email", view.userName());
        ArrayNode roles = node.putArray("roles");
        for (String role : account.directRoles(view.id())) {
            // The published role requires a description and permissions; the emulator has no role
            // texts or permission grants of its own, so it repeats the name and grants nothing more.
            ObjectNode item = roles.addObject().put("id", account.roles().permissionGroupId(role)).put("name", role);
            item.put("description", role);
            item.putObject("permissions");
        }
        ArrayNode policies = node.putArray("policies");
        for (String role : account.memberPolicyRoles(view.id())) {
            ObjectNode policy = policies.addObject();
            policy.put("id", Roles.stableId("member-policy:" + account.id() + ":" + view.id() + ":" + role));
            policy.put("access", "allow");
            policy.putArray("permission_groups").add(permissionGroup(account.roles().permissionGroupId(role), role));
            policy.putArray("resource_groups").add(resourceGroup(ResourceGroup.accountWide(account.accountScopeKey())));
        }
        return node;
    }

    /** A resource group as Cloudflare lists it; the account's own is not editable. */
    private ObjectNode resourceGroup(ResourceGroup group) {
        ObjectNode node = json.createObjectNode();
        node.put("id", group.id());
        node.put("name", group.name());
        ObjectNode meta = node.putObject("meta");
        meta.put("key", "editable");
        meta.put("value", Boolean.toString(group.editable()));
        ObjectNode scope = node.putObject("scope");
        scope.put("key", group.scopeKey());
        ArrayNode objects = scope.putArray("objects");
        group.scopeObjects().forEach(o -> objects.addObject().put("key", o));
        return node;
    }

    private ObjectNode userGroup(AccountState account, Group group) {
        ObjectNode node = json.createObjectNode();
        node.put("id", group.id);
        node.put("name", group.displayName);
        ArrayNode policies = node.putArray("policies");
        for (Policy policy : group.policies) {
            ObjectNode p = policies.addObject();
            p.put("id", policy.id());
            p.put("access", policy.access());
            ArrayNode pgs = p.putArray("permission_groups");
            for (String pg : policy.permissionGroupIds()) {
                pgs.add(permissionGroup(pg, account.roles().roleOfPermissionGroup(pg).orElse(pg)));
            }
            ArrayNode resourceGroups = p.putArray("resource_groups");
            policy.resourceGroups().forEach(rg -> resourceGroups.add(resourceGroup(rg)));
        }
        node.put("created_on", group.created.toString());
        node.put("modified_on", group.lastModified.toString());
        return node;
    }

    private ApiResponse page(ApiRequest request, List<ObjectNode> all) {
        int page = Math.max(1, request.intParam("page", 1));
        int perPage = Math.min(MAX_PER_PAGE, Math.max(1, request.intParam("per_page", DEFAULT_PER_PAGE)));
        int from = Math.min(all.size(), (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ArrayNode result = json.createArrayNode();
        result.addAll(all.subList(from, to));
        ObjectNode body = envelope(result);
        ObjectNode info = body.putObject("result_info");
        info.put("page", page);
        info.put("per_page", perPage);
        info.put("count", to - from);
        info.put("total_count", all.size());
        info.put("total_pages", (all.size() + perPage - 1) / perPage);
        return ApiResponse.json(200, body);
    }

    private ObjectNode envelope(JsonNode result) {
        ObjectNode body = json.createObjectNode();
        body.put("success", true);
        body.putArray("errors");
        body.putArray("messages");
        body.set("result", result);
        return body;
    }

    private JsonNode body(ApiRequest request) {
        try {
            JsonNode node = request.body().length == 0 ? null : json.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw Rejection.invalidValue("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw Rejection.invalidValue("the body is not valid JSON: " + e.getMessage());
        }
    }

    /** The policies of a request; null when a PUT leaves them as they are. */
    private static List<PolicyInput> policies(JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            return required ? List.of() : null;
        }
        if (!node.isArray()) {
            throw Rejection.invalidValue("policies must be a list");
        }
        List<PolicyInput> policies = new ArrayList<>();
        for (JsonNode policy : node) {
            List<String> pgs = new ArrayList<>();
            for (JsonNode pg : policy.path("permission_groups")) {
                pgs.add(pg.path("id").asText());
            }
            List<String> ids = new ArrayList<>();
            List<String> scopes = new ArrayList<>();
            for (JsonNode rg : policy.path("resource_groups")) {
                if (rg.hasNonNull("id")) {
                    ids.add(rg.get("id").asText());
                } else if (rg.path("scope").hasNonNull("key")) {
                    scopes.add(rg.path("scope").get("key").asText());
                } else {
                    throw Rejection.invalidValue("each resource group needs an id (or a scope with a key)");
                }
            }
            policies.add(new PolicyInput(text(policy, "id"), policy.path("access").asText(null), pgs, ids, scopes));
        }
        return policies;
    }

    /** The keys of a scope's objects; null when the request leaves them out. */
    private static List<String> scopeObjects(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw Rejection.invalidValue("scope.objects must be a list");
        }
        List<String> keys = new ArrayList<>();
        node.forEach(o -> keys.add(o.path("key").asText()));
        return keys;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
