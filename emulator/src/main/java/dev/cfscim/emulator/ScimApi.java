package dev.cfscim.emulator;

import static dev.cfscim.emulator.ScimBodies.memberIds;
import static dev.cfscim.emulator.ScimBodies.requireSchema;
import static dev.cfscim.emulator.ScimBodies.text;
import static dev.cfscim.emulator.ScimBodies.userFields;
import static dev.cfscim.emulator.ScimPatches.groupEdits;
import static dev.cfscim.emulator.ScimPatches.operations;
import static dev.cfscim.emulator.ScimPatches.userChange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The SCIM 2.0 surface of an account, as Cloudflare serves it: each route to the account, its
 * body read by {@link ScimBodies} and {@link ScimPatches}, its answer rendered by
 * {@link ScimResources} and paged by {@link ScimPages}.
 */
record ScimApi(ObjectMapper json, Discovery discovery, ScimPages pages, ScimResources resources) {

    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    ScimApi(ObjectMapper json, int maxPageSize, String baseUrl, UserGroupsFormat userGroups) {
        this(json, new Discovery(json), new ScimPages(json, maxPageSize), new ScimResources(json, baseUrl, userGroups));
    }

    ApiResponse handle(Route route, AccountState account, ApiRequest request) {
        String id = route.resourceId();
        return switch (route.key()) {
            case "GET /ServiceProviderConfig" -> ApiResponse.scim(200, discovery.serviceProviderConfig());
            case "GET /Schemas" -> pages.discoveryList(request, discovery.schemas());
            case "GET /Schemas/{id}" -> ScimPages.discoveryItem(discovery.schemas(), id, "Schema");
            case "GET /ResourceTypes" -> pages.discoveryList(request, discovery.resourceTypes());
            case "GET /ResourceTypes/{id}" -> ScimPages.discoveryItem(discovery.resourceTypes(), id, "ResourceType");
            case "GET /Users" -> pages.page(request, account.listUsers(ScimPages.userNameFilter(request)),
                    m -> resources.user(account, m));
            case "POST /Users" -> {
                Member member = account.createUser(userFields(body(request), true));
                yield ApiResponse.scim(201, resources.user(account, member))
                        .withHeader("Location", resources.location(account, "Users", member.id));
            }
            case "GET /Users/{id}" -> ApiResponse.scim(200, resources.user(account, account.user(id)));
            case "PUT /Users/{id}" -> ApiResponse.scim(200,
                    resources.user(account, account.replaceUser(id, userFields(body(request), false))));
            case "PATCH /Users/{id}" -> ApiResponse.scim(200,
                    resources.user(account, account.patchUser(id, userChange(operations(body(request))))));
            case "DELETE /Users/{id}" -> {
                account.deleteUser(id);
                yield ApiResponse.noContent();
            }
            // Cloudflare lists groups without their members; only a single GET carries them.
            case "GET /Groups" -> pages.page(request, account.listGroups(ScimPages.displayNameFilter(request)),
                    g -> resources.group(account, g, false));
            case "POST /Groups" -> {
                JsonNode body = body(request);
                // Cloudflare's published POST /Groups body is displayName and externalId alone: no
                // schemas to require, though an RFC 7644 client's schemas must still name a Group.
                if (body.has("schemas")) {
                    requireSchema(body, ScimResources.GROUP_SCHEMA);
                }
                Group group = account.createGroup(text(body, "displayName"), text(body, "externalId"),
                        memberIds(body.get("members")));
                yield ApiResponse.scim(201, resources.group(account, group, true))
                        .withHeader("Location", resources.location(account, "Groups", group.id));
            }
            case "GET /Groups/{id}" -> ApiResponse.scim(200, resources.group(account, account.group(id), true));
            case "PUT /Groups/{id}" -> {
                JsonNode body = body(request);
                Group group = account.replaceGroup(id, text(body, "displayName"), text(body, "externalId"),
                        memberIds(body.get("members")));
                yield ApiResponse.scim(200, resources.group(account, group, true));
            }
            case "PATCH /Groups/{id}" -> ApiResponse.scim(200, resources.group(account,
                    account.editGroup(id, groupEdits(operations(body(request)))), true));
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

    private JsonNode body(ApiRequest request) {
        return ScimBodies.body(json, request);
    }
}
