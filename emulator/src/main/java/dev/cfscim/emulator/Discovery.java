package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The SCIM discovery documents. They follow Cloudflare's published schema: PATCH yes, bulk no,
 * filter yes with at most 100 results, no sorting, no ETags, OAuth bearer tokens.
 */
final class Discovery {

    private static final String SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private static final String SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    private static final String RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

    private final ObjectNode serviceProviderConfig;
    private final List<ObjectNode> schemas;
    private final List<ObjectNode> resourceTypes;

    Discovery(ObjectMapper json) {
        this.serviceProviderConfig = serviceProviderConfig(json);
        this.schemas = List.of(userSchema(json), groupSchema(json));
        this.resourceTypes = List.of(
                resourceType(json, "User", "/Users", ScimResources.USER_SCHEMA),
                resourceType(json, "Group", "/Groups", ScimResources.GROUP_SCHEMA));
    }

    ObjectNode serviceProviderConfig() {
        return serviceProviderConfig;
    }

    List<ObjectNode> schemas() {
        return schemas;
    }

    List<ObjectNode> resourceTypes() {
        return resourceTypes;
    }

    private static ObjectNode serviceProviderConfig(ObjectMapper json) {
        ObjectNode spc = json.createObjectNode();
        spc.putArray("schemas").add(SPC_SCHEMA);
        spc.put("documentationUri",
                "https://developers.cloudflare.com/fundamentals/account/account-security/scim-setup/");
        spc.putObject("patch").put("supported", true);
        ObjectNode bulk = spc.putObject("bulk");
        bulk.put("supported", false);
        bulk.put("maxOperations", 0);
        bulk.put("maxPayloadSize", 0);
        ObjectNode filter = spc.putObject("filter");
        filter.put("supported", true);
        filter.put("maxResults", 100);
        spc.putObject("changePassword").put("supported", false);
        spc.putObject("sort").put("supported", false);
        spc.putObject("etag").put("supported", false);
        ObjectNode auth = spc.putArray("authenticationSchemes").addObject();
        auth.put("type", "oauthbearertoken");
        auth.put("name", "OAuth Bearer Token");
        auth.put("description", "Authentication with a Cloudflare API token with SCIM Provisioning permission");
        auth.put("primary", true);
        spc.putObject("meta").put("resourceType", "ServiceProviderConfig");
        return spc;
    }

    private static ObjectNode userSchema(ObjectMapper json) {
        ObjectNode schema = schema(json, ScimResources.USER_SCHEMA, "User", "Cloudflare account member");
        ArrayNode attributes = schema.putArray("attributes");
        attribute(attributes, "userName", "string", true, "readWrite", "server", false,
                "The member's email address; unique.");
        ObjectNode name = attribute(attributes, "name", "complex", false, "readWrite", "none", false,
                "The components of the member's name.");
        ArrayNode sub = name.putArray("subAttributes");
        attribute(sub, "givenName", "string", false, "readWrite", "none", false, "The given name.");
        attribute(sub, "familyName", "string", false, "readWrite", "none", false, "The family name.");
        ObjectNode emails = attribute(attributes, "emails", "complex", true, "readWrite", "none", true,
                "A single primary work email, equal to userName.");
        ArrayNode emailSub = emails.putArray("subAttributes");
        attribute(emailSub, "value", "string", true, "readWrite", "none", false, "The email address.");
        attribute(emailSub, "type", "string", false, "readWrite", "none", false, "The kind of address: work.");
        attribute(emailSub, "primary", "boolean", false, "readWrite", "none", false,
                "Whether this is the primary address.");
        attribute(attributes, "active", "boolean", false, "readWrite", "none", false,
                "Whether the member belongs to the account; false deprovisions it.");
        attribute(attributes, "externalId", "string", false, "readWrite", "none", false,
                "An identifier from the provisioning client, stored but not interpreted.");
        ObjectNode groups = attribute(attributes, "groups", "complex", false, "readOnly", "none", true,
                "The groups the member belongs to.");
        ArrayNode groupSub = groups.putArray("subAttributes");
        attribute(groupSub, "value", "string", false, "readOnly", "none", false, "The group's id.");
        attribute(groupSub, "display", "string", false, "readOnly", "none", false, "The group's displayName.");
        return schema;
    }

    private static ObjectNode groupSchema(ObjectMapper json) {
        ObjectNode schema = schema(json, ScimResources.GROUP_SCHEMA, "Group", "Cloudflare group");
        ArrayNode attributes = schema.putArray("attributes");
        attribute(attributes, "displayName", "string", true, "readWrite", "server", false, "The group's name; unique.");
        attribute(attributes, "externalId", "string", false, "readWrite", "none", false,
                "An identifier from the provisioning client, stored but not interpreted.");
        ObjectNode members = attribute(attributes, "members", "complex", false, "readWrite", "none", true,
                "The group's members.");
        ArrayNode sub = members.putArray("subAttributes");
        attribute(sub, "value", "string", false, "immutable", "none", false, "The member's user id.");
        attribute(sub, "display", "string", false, "readOnly", "none", false, "The member's userName.");
        return schema;
    }

    private static ObjectNode schema(ObjectMapper json, String id, String name, String description) {
        ObjectNode schema = discoveryResource(json, SCHEMA_SCHEMA, id, name);
        schema.put("description", description);
        schema.putObject("meta").put("resourceType", "Schema");
        return schema;
    }

    private static ObjectNode attribute(ArrayNode into, String name, String type, boolean required,
                                        String mutability, String uniqueness, boolean multiValued,
                                        String description) {
        ObjectNode attribute = into.addObject();
        attribute.put("name", name);
        attribute.put("type", type);
        attribute.put("description", description);
        attribute.put("multiValued", multiValued);
        attribute.put("required", required);
        attribute.put("caseExact", false);
        attribute.put("mutability", mutability);
        attribute.put("returned", "default");
        attribute.put("uniqueness", uniqueness);
        return attribute;
    }

    private static ObjectNode resourceType(ObjectMapper json, String name, String endpoint, String schema) {
        ObjectNode type = discoveryResource(json, RESOURCE_TYPE_SCHEMA, name, name);
        type.put("endpoint", endpoint);
        type.put("schema", schema);
        type.putObject("meta").put("resourceType", "ResourceType");
        return type;
    }

    /** What a Schema and a ResourceType begin with (RFC 7643 sections 6 and 7); each adds its own, then its meta. */
    private static ObjectNode discoveryResource(ObjectMapper json, String coreSchema, String id, String name) {
        ObjectNode resource = json.createObjectNode();
        resource.putArray("schemas").add(coreSchema);
        resource.put("id", id);
        resource.put("name", name);
        return resource;
    }
}
