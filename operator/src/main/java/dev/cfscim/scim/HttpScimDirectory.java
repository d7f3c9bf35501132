package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import okhttp3.HttpUrl;

/**
 * Cloudflare's dashboard SCIM 2.0 users and groups over HTTP: full scans paged at the configured
 * count, the {@code eq} lookups Cloudflare supports, and the PATCH forms it honours. What an answer
 * carried into a failure's message (a malformed list quoted) leaves scrubbed of the token.
 */
final class HttpScimDirectory implements ScimDirectory {

    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final CloudflareTransport transport;

    HttpScimDirectory(CloudflareTransport transport) {
        this.transport = transport;
    }

    // ---- users ----------------------------------------------------------------------------------

    @Override
    public List<RemoteUser> listUsers() {
        return listAll("Users", this::user);
    }

    @Override
    public Optional<RemoteUser> findUser(String userName) {
        HttpUrl url = transport.scimUrl("Users").addQueryParameter("filter", "userName eq " + quote(userName)).build();
        return first(transport.call("GET", "/Users", url, null)).map(node -> user(node, "GET /Users"));
    }

    @Override
    public Optional<RemoteUser> getUser(String id) {
        try {
            return Optional.of(user(transport.call("GET", "/Users/{id}", transport.scimUrl("Users").addPathSegment(id)
                    .build(), null), "GET /Users/{id}"));
        } catch (ScimException e) {
            if (e.is(ScimException.Kind.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public RemoteUser createUser(NewUser user) {
        ObjectNode body = transport.object();
        body.putArray("schemas").add(USER_SCHEMA);
        body.put("userName", user.userName());
        if (user.externalId() != null) {
            body.put("externalId", user.externalId());
        }
        if (user.givenName() != null || user.familyName() != null) {
            ObjectNode name = body.putObject("name");
            putIfPresent(name, "givenName", user.givenName());
            putIfPresent(name, "familyName", user.familyName());
        }
        primaryEmail(body, user.userName());
        body.put("active", true);
        return user(transport.call("POST", "/Users", transport.scimUrl("Users").build(), body), "POST /Users");
    }

    /**
     * Changes a profile with {@code replace} operations, the only kind Cloudflare honours on users;
     * but its PATCH honours only userName, the name and active, so a new externalId goes by PUT,
     * with the rest of the profile as {@code current} has it (an omitted active is kept).
     */
    @Override
    public RemoteUser updateUser(RemoteUser current, UserUpdate update) {
        if (update.externalId() != null) {
            return replaceUser(current, update);
        }
        ObjectNode body = patch();
        ArrayNode ops = body.withArray("Operations");
        if (update.userName() != null) {
            ops.addObject().put("op", "replace").put("path", "userName").put("value", update.userName());
        }
        if (update.givenName() != null) {
            ops.addObject().put("op", "replace").put("path", "name.givenName").put("value", update.givenName());
        }
        if (update.familyName() != null) {
            ops.addObject().put("op", "replace").put("path", "name.familyName").put("value", update.familyName());
        }
        return patchUser(current.id(), body);
    }

    private RemoteUser replaceUser(RemoteUser current, UserUpdate update) {
        String userName = update.userName() != null ? update.userName() : current.userName();
        ObjectNode body = transport.object();
        body.putArray("schemas").add(USER_SCHEMA);
        body.put("userName", userName);
        body.put("externalId", update.externalId());
        String givenName = update.givenName() != null ? update.givenName() : current.givenName();
        String familyName = update.familyName() != null ? update.familyName() : current.familyName();
        if (givenName != null || familyName != null) {
            ObjectNode name = body.putObject("name");
            putIfPresent(name, "givenName", givenName);
            putIfPresent(name, "familyName", familyName);
        }
        primaryEmail(body, userName);
        return user(transport.call("PUT", "/Users/{id}", transport.scimUrl("Users").addPathSegment(current.id()).build(),
                body), "PUT /Users/{id}");
    }

    @Override
    public RemoteUser setActive(String id, boolean active) {
        ObjectNode body = patch();
        body.withArray("Operations").addObject().put("op", "replace").put("path", "active").put("value", active);
        return patchUser(id, body);
    }

    private RemoteUser patchUser(String id, ObjectNode body) {
        return user(transport.call("PATCH", "/Users/{id}", transport.scimUrl("Users").addPathSegment(id).build(), body),
                "PATCH /Users/{id}");
    }

    // ---- groups ---------------------------------------------------------------------------------

    @Override
    public List<RemoteGroup> listGroups() {
        return listAll("Groups", this::group);
    }

    @Override
    public Optional<RemoteGroup> findGroup(String displayName) {
        HttpUrl url = transport.scimUrl("Groups")
                .addQueryParameter("filter", "displayName eq " + quote(displayName))
                .build();
        return first(transport.call("GET", "/Groups", url, null)).map(node -> group(node, "GET /Groups"));
    }

    /** Pushes a group by name, marked as its owner's by its externalId; members join by PATCH. */
    @Override
    public RemoteGroup createGroup(String displayName, String externalId) {
        ObjectNode body = transport.object();
        body.putArray("schemas").add(GROUP_SCHEMA);
        body.put("displayName", displayName);
        body.put("externalId", externalId);
        return group(transport.call("POST", "/Groups", transport.scimUrl("Groups").build(), body), "POST /Groups");
    }

    /** Marks an adopted group as its owner's: a PATCH {@code replace} of its externalId. */
    @Override
    public void claimGroup(String groupId, String externalId) {
        ObjectNode body = patch();
        body.withArray("Operations").addObject().put("op", "replace").put("path", "externalId")
                .put("value", externalId);
        patchGroup(groupId, body);
    }

    /** Renames a custom group (a PATCH {@code replace} of its displayName). */
    @Override
    public void renameGroup(String groupId, String displayName) {
        ObjectNode body = patch();
        body.withArray("Operations").addObject().put("op", "replace").put("path", "displayName").put("value", displayName);
        patchGroup(groupId, body);
    }

    @Override
    public void deleteGroup(String groupId) {
        transport.call("DELETE", "/Groups/{id}", transport.scimUrl("Groups").addPathSegment(groupId).build(), null);
    }

    /** Adds members in batches of {@code membersPerPatch}: one PATCH per batch. */
    @Override
    public void addMembers(String groupId, Collection<String> userIds) {
        for (List<String> batch : batches(userIds)) {
            ObjectNode body = patch();
            ArrayNode values = body.withArray("Operations").addObject().put("op", "add").put("path", "members")
                    .putArray("value");
            batch.forEach(id -> values.addObject().put("value", id));
            patchGroup(groupId, body);
        }
    }

    /** Removes members in batches, one {@code members[value eq "id"]} operation per member. */
    @Override
    public void removeMembers(String groupId, Collection<String> userIds) {
        for (List<String> batch : batches(userIds)) {
            ObjectNode body = patch();
            ArrayNode ops = body.withArray("Operations");
            batch.forEach(id -> ops.addObject().put("op", "remove").put("path", "members[value eq " + quote(id) + "]"));
            patchGroup(groupId, body);
        }
    }

    private void patchGroup(String groupId, ObjectNode body) {
        transport.call("PATCH", "/Groups/{id}", transport.scimUrl("Groups").addPathSegment(groupId).build(), body);
    }

    // ---- plumbing -------------------------------------------------------------------------------

    /**
     * Every page of a resource, read through a {@link PagedScan} so that a server that omits or
     * misstates {@code totalResults}, or ignores {@code startIndex}, fails the scan rather than
     * shortening or repeating it; {@code parse} gets each item and the route, for its messages.
     */
    private <T> List<T> listAll(String resource, BiFunction<JsonNode, String, T> parse) {
        List<T> all = new ArrayList<>();
        String route = "/" + resource;
        int pageSize = transport.settings().pageSize();
        PagedScan scan = new PagedScan("GET " + route, pageSize, transport.settings().maxPages());
        int startIndex = 1;
        while (true) {
            HttpUrl url = transport.scimUrl(resource)
                    .addQueryParameter("startIndex", Integer.toString(startIndex))
                    .addQueryParameter("count", Integer.toString(pageSize))
                    .build();
            JsonNode page = transport.call("GET", route, url, null);
            JsonNode resources = page.path("Resources");
            resources.forEach(node -> all.add(parse.apply(node, "GET " + route)));
            String position = "startIndex " + startIndex;
            if (!transport.reading(() -> scan.next(PagedScan.keys(resources), PagedScan.total(page.get("totalResults")),
                    position))) {
                return all;
            }
            startIndex += resources.size();
        }
    }

    private ObjectNode patch() {
        ObjectNode body = transport.object();
        body.putArray("schemas").add(PATCH_SCHEMA);
        body.putArray("Operations");
        return body;
    }

    private List<List<String>> batches(Collection<String> ids) {
        int size = transport.settings().membersPerPatch();
        List<String> all = List.copyOf(ids);
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            batches.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return batches;
    }

    private static Optional<JsonNode> first(JsonNode page) {
        JsonNode resources = page.path("Resources");
        return resources.isEmpty() ? Optional.empty() : Optional.of(resources.get(0));
    }

    /** A user as {@code route} answered it; a {@code groups} list it cannot read fails the call. */
    private RemoteUser user(JsonNode node, String route) {
        List<String> groupIds = transport.reading(() -> MembershipList.groupsOf(node, route));
        JsonNode name = node.path("name");
        return new RemoteUser(node.path("id").asText(), node.path("userName").asText(),
                textOrNull(name, "givenName"), textOrNull(name, "familyName"), textOrNull(node, "externalId"),
                activeOf(node.get("active")), groupIds);
    }

    /** A group as {@code route} answered it; a {@code members} list it cannot read fails the call. */
    private RemoteGroup group(JsonNode node, String route) {
        List<String> memberIds = transport.reading(() -> MembershipList.membersOf(node, route));
        return new RemoteGroup(node.path("id").asText(), node.path("displayName").asText(),
                textOrNull(node, "externalId"), memberIds);
    }

    /** Absent means active (a listed member is one); some servers send the string "False". */
    private static boolean activeOf(JsonNode active) {
        if (active == null || active.isNull()) {
            return true;
        }
        return active.isBoolean() ? active.booleanValue() : !active.asText().equalsIgnoreCase("false");
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Cloudflare's one email: the primary work email, equal to userName. */
    private static void primaryEmail(ObjectNode body, String userName) {
        ObjectNode email = body.putArray("emails").addObject();
        email.put("value", userName);
        email.put("type", "work");
        email.put("primary", true);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** A SCIM filter string literal: quotes and backslashes escaped. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
