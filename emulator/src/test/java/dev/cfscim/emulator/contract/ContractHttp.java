package dev.cfscim.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Exchange;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place the contract tests build HTTP requests and read answers. An instance is bound to a
 * base URL and an {@code Authorization} header; the static helpers read answers and check the
 * error shapes of docs/emulator.md. The bodies the tests send are built by {@link ContractBodies}.
 */
final class ContractHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final String SCIM_JSON = "application/scim+json";
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    static final String SUPER_ADMIN = "Super Administrator - All Privileges";
    static final String ADMINISTRATOR = "Administrator";
    static final String MINIMAL = "Minimal Account Access";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final String authorization;

    private ContractHttp(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    // ---------------------------------------------------------------- factories

    /** SCIM API of the first account, with its token. */
    static ContractHttp scim(CloudflareEmulator cf) {
        return new ContractHttp(cf.scimBaseUrl(), bearer(cf.token()));
    }

    /** SCIM API of the given account, with that account's token. */
    static ContractHttp scim(CloudflareEmulator cf, String accountId) {
        return new ContractHttp(cf.scimBaseUrl(accountId), bearer(cf.account(accountId).token()));
    }

    /** {@code /client/v4/accounts/{id}} of the first account (append {@code /iam/...}), with its token. */
    static ContractHttp iam(CloudflareEmulator cf) {
        return new ContractHttp(cf.iamBaseUrl(), bearer(cf.token()));
    }

    /** {@code /__emulator}: no token. */
    static ContractHttp admin(CloudflareEmulator cf) {
        return new ContractHttp(cf.baseUrl() + "/__emulator", null);
    }

    ContractHttp withToken(String token) {
        return new ContractHttp(base, bearer(token));
    }

    ContractHttp withAuthorization(String header) {
        return new ContractHttp(base, header);
    }

    ContractHttp withoutToken() {
        return new ContractHttp(base, null);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    // ---------------------------------------------------------------- requests

    Resp get(String path) {
        return send("GET", path, null);
    }

    Resp delete(String path) {
        return send("DELETE", path, null);
    }

    Resp post(String path, Object body) {
        return send("POST", path, body);
    }

    Resp put(String path, Object body) {
        return send("PUT", path, body);
    }

    Resp patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    /** Sends a request; a transport failure (e.g. a dropped connection) is an {@link UncheckedIOException}. */
    Resp send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", SCIM_JSON + ", application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String text = body == null ? null : toJson(body);
        if (text == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", SCIM_JSON);
            request.method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpRequest sent = request.build();
            HttpResponse<String> response = CLIENT.send(sent, HttpResponse.BodyHandlers.ofString());
            PublishedSchemaCheck.record(new Exchange(method, sent.uri().getRawPath(), sent.uri().getRawQuery(),
                    text, response.statusCode(), response.body()));
            return new Resp(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code ?filter=...} part, encoded. */
    static String filter(String filter) {
        return "filter=" + encode(filter);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String toJson(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- SCIM conveniences

    /** POST /Users with a valid body; asserts 201 and returns the id. */
    String createUser(String email) {
        Resp r = post("/Users", ContractBodies.user(email));
        assertThat(r.status()).as("POST /Users %s: %s", email, r.body()).isEqualTo(201);
        String id = r.json().path("id").asText();
        assertThat(id).as("id of created user").isNotBlank();
        return id;
    }

    /** The id of the group with this displayName (filter displayName eq); fails when absent. */
    String groupId(String displayName) {
        Resp r = get("/Groups?" + filter("displayName eq \"" + displayName + "\""));
        assertThat(r.status()).as("GET /Groups filter %s: %s", displayName, r.body()).isEqualTo(200);
        JsonNode resources = r.json().path("Resources");
        assertThat(resources.size()).as("groups named %s: %s", displayName, r.body()).isEqualTo(1);
        return resources.get(0).path("id").asText();
    }

    /** The ids in {@code members} of GET /Groups/{id}. */
    List<String> memberIds(String groupId) {
        Resp r = get("/Groups/" + groupId);
        assertThat(r.status()).as("GET /Groups/%s: %s", groupId, r.body()).isEqualTo(200);
        return values(r.json().path("members"), "value");
    }

    /** PATCH /Groups/{id} add of these members; asserts 2xx. */
    void addMembers(String groupId, String... userIds) {
        Resp r = patch("/Groups/" + groupId, ContractBodies.patchOps(ContractBodies.op("add", "members",
                ContractBodies.memberList(userIds))));
        assertThat(r.status()).as("PATCH add members: %s", r.body()).isBetween(200, 299);
    }

    // ---------------------------------------------------------------- reading answers

    /** The given field of each element of an array node. */
    static List<String> values(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.path(field).asText());
        }
        return out;
    }

    /** The group ids in a User's {@code groups}: Cloudflare's strings, or the RFC 7643 objects' {@code value}. */
    static List<String> groupIds(JsonNode groups) {
        List<String> out = new ArrayList<>();
        for (JsonNode g : groups) {
            out.add(g.isTextual() ? g.asText() : g.path("value").asText());
        }
        return out;
    }

    /** The array in an answer: the node itself if it is one, else its only array-valued field. */
    static JsonNode arrayIn(JsonNode node) {
        if (node.isArray()) {
            return node;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            JsonNode v = it.next().getValue();
            if (v.isArray()) {
                return v;
            }
        }
        throw new AssertionError("no array in " + node);
    }

    /**
     * One account's part of {@code GET /__emulator/state}. The document fixes its fields, not the
     * envelope: accept the account object itself, an array of accounts, or an {@code accounts}
     * array or map.
     */
    static JsonNode accountState(JsonNode state, String accountId) {
        if (state.has("members") && state.has("groups")) {
            return state;
        }
        JsonNode accounts = state.has("accounts") ? state.get("accounts") : state;
        if (accounts.isArray()) {
            for (JsonNode a : accounts) {
                if (accountId.equals(a.path("id").asText()) || accountId.equals(a.path("accountId").asText())) {
                    return a;
                }
            }
        } else if (accounts.has(accountId)) {
            return accounts.get(accountId);
        }
        throw new AssertionError("account " + accountId + " not in state " + state);
    }

    static List<String> accountScopedRoles() {
        List<String> roles = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ContractHttp.class.getResourceAsStream("/dev/cfscim/emulator/cloudflare-roles.txt"), StandardCharsets.UTF_8))) {
            boolean inSection = false;
            for (String line; (line = in.readLine()) != null; ) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("[")) {
                    inSection = l.equals("[account-scoped]");
                    continue;
                }
                if (inSection) {
                    roles.add(l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return roles;
    }

    // ---------------------------------------------------------------- assertions

    /** A 200 with an RFC 7644 ListResponse body; returns the body. */
    static JsonNode assertListResponse(Resp r) {
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("schemas").toString()).contains(LIST_SCHEMA);
        return body;
    }

    /** A ListResponse page's counts: of all matches, where the page starts and how many it holds. */
    static void assertPage(JsonNode body, int totalResults, int startIndex, int itemsPerPage) {
        assertThat(body.path("totalResults").asInt()).isEqualTo(totalResults);
        assertThat(body.path("startIndex").asInt()).isEqualTo(startIndex);
        assertThat(body.path("itemsPerPage").asInt()).isEqualTo(itemsPerPage);
    }

    /** The RFC 7644 error body with this status (as a string) and, when non-null, this scimType. */
    static void assertScimError(Resp r, int status, String scimType) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        JsonNode body = r.json();
        List<String> schemas = new ArrayList<>();
        body.path("schemas").forEach(n -> schemas.add(n.asText()));
        assertThat(schemas).as("schemas of %s", r.body()).contains(ERROR_SCHEMA);
        assertThat(body.path("status").isTextual()).as("status is a string in %s", r.body()).isTrue();
        assertThat(body.path("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(body.path("scimType").asText()).as("scimType of %s", r.body()).isEqualTo(scimType);
        }
    }

    /** The v4 envelope with success false and an error of this code. */
    static void assertV4Error(Resp r, int status, int code) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.path("success").isBoolean() && !body.path("success").asBoolean())
                .as("success:false in %s", r.body()).isTrue();
        assertThat(values(body.path("errors"), "code")).as("error codes in %s", r.body())
                .contains(Integer.toString(code));
    }

    /** An answer. */
    record Resp(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return body == null || body.isBlank() ? NODES.missingNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
