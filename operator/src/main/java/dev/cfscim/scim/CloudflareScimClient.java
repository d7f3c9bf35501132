package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Cloudflare's dashboard SCIM 2.0 API, as the planner and applier need it: full scans paged at
 * {@code count=100}, the {@code eq} lookups Cloudflare supports, the PATCH forms it honours, and
 * every failure turned into a {@link ScimException} of a {@link ScimException.Kind} the caller can
 * act on. Every request first takes its place in the token's shared {@link TokenBudget}; 5xx
 * answers and network errors are retried with capped, jittered backoff; a 429 pauses the whole
 * budget for its {@code Retry-After} (300 s when absent).
 */
public final class CloudflareScimClient {

    static final MediaType SCIM_JSON = MediaType.get("application/scim+json; charset=utf-8");
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(300);
    private static final Pattern RATELIMIT = Pattern.compile("r=(\\d+).*?t=(\\d+)");

    /** How the client talks: timeouts, retries, how long it waits out a 429 itself, batch sizes. */
    public record Settings(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration baseBackoff,
                           Duration maxBackoff, Duration maxRateLimitWait, int pageSize, int membersPerPatch) {

        /** Okta's 60 s read timeout; five attempts; a 429 is waited out when it asks for 5 minutes or less. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), 5, Duration.ofMillis(250),
                    Duration.ofSeconds(15), Duration.ofMinutes(5), 100, 100);
        }

        public Settings withMaxRateLimitWait(Duration wait) {
            return new Settings(connectTimeout, readTimeout, maxAttempts, baseBackoff, maxBackoff, wait, pageSize,
                    membersPerPatch);
        }

        public Settings withBackoff(Duration base, Duration max) {
            return new Settings(connectTimeout, readTimeout, maxAttempts, base, max, maxRateLimitWait, pageSize,
                    membersPerPatch);
        }

        public Settings withMaxAttempts(int attempts) {
            return new Settings(connectTimeout, readTimeout, attempts, baseBackoff, maxBackoff, maxRateLimitWait,
                    pageSize, membersPerPatch);
        }
    }

    /** Told of every answer (or lost connection), for metrics and for tests that count requests. */
    @FunctionalInterface
    public interface RequestObserver {
        void answered(String method, String route, int status, Duration elapsed);

        RequestObserver NONE = (method, route, status, elapsed) -> { };
    }

    private final HttpUrl base;
    private final ApiToken token;
    private final TokenBudget budget;
    private final Settings settings;
    private final OkHttpClient http;
    private final RequestObserver observer;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong sent = new AtomicLong();

    public CloudflareScimClient(String scimBaseUrl, ApiToken token, TokenBudget budget, Settings settings,
                                RequestObserver observer) {
        HttpUrl parsed = HttpUrl.parse(scimBaseUrl.endsWith("/") ? scimBaseUrl : scimBaseUrl + "/");
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + scimBaseUrl);
        }
        this.base = parsed;
        this.token = token;
        this.budget = budget;
        this.settings = settings;
        this.observer = observer;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Requests this client has sent, retries included. */
    public long requestsSent() {
        return sent.get();
    }

    public String baseUrl() {
        return base.toString();
    }

    // ---- users ----------------------------------------------------------------------------------

    /** Every member of the account, paged at the configured count until totalResults is reached. */
    public List<RemoteUser> listUsers() {
        return listAll("Users", CloudflareScimClient::user);
    }

    /** The member with this userName (compared case-insensitively by Cloudflare), if any. */
    public Optional<RemoteUser> findUser(String userName) {
        HttpUrl url = url("Users").addQueryParameter("filter", "userName eq " + quote(userName)).build();
        JsonNode page = call("GET", "/Users", url, null);
        return first(page).map(CloudflareScimClient::user);
    }

    public RemoteUser getUser(String id) {
        return user(call("GET", "/Users/{id}", url("Users").addPathSegment(id).build(), null));
    }

    public RemoteUser createUser(NewUser user) {
        ObjectNode body = json.createObjectNode();
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
        ObjectNode email = body.putArray("emails").addObject();
        email.put("value", user.userName());
        email.put("type", "work");
        email.put("primary", true);
        body.put("active", true);
        return user(call("POST", "/Users", url("Users").build(), body));
    }

    /** Changes a profile with {@code replace} operations, the only kind Cloudflare honours on users. */
    public RemoteUser updateUser(String id, UserUpdate update) {
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
        if (update.externalId() != null) {
            ops.addObject().put("op", "replace").put("path", "externalId").put("value", update.externalId());
        }
        return user(call("PATCH", "/Users/{id}", url("Users").addPathSegment(id).build(), body));
    }

    /** Deprovisions ({@code false}) or reactivates a member. Cloudflare may answer success and refuse. */
    public RemoteUser setActive(String id, boolean active) {
        ObjectNode body = patch();
        body.withArray("Operations").addObject().put("op", "replace").put("path", "active").put("value", active);
        return user(call("PATCH", "/Users/{id}", url("Users").addPathSegment(id).build(), body));
    }

    // ---- groups ---------------------------------------------------------------------------------

    /** Every group, without members: Cloudflare's lists never carry them. */
    public List<RemoteGroup> listGroups() {
        return listAll("Groups", CloudflareScimClient::group);
    }

    public Optional<RemoteGroup> findGroup(String displayName) {
        HttpUrl url = url("Groups")
                .addQueryParameter("filter", "displayName eq " + quote(displayName))
                .addQueryParameter("excludedAttributes", "members")
                .build();
        return first(call("GET", "/Groups", url, null)).map(CloudflareScimClient::group);
    }

    /** One group with its members (where Cloudflare shows them). */
    public RemoteGroup getGroup(String id) {
        return group(call("GET", "/Groups/{id}", url("Groups").addPathSegment(id).build(), null));
    }

    /** Adds members in batches of {@code membersPerPatch}: one PATCH per batch. */
    public void addMembers(String groupId, Collection<String> userIds) {
        for (List<String> batch : batches(userIds)) {
            ObjectNode body = patch();
            ArrayNode values = body.withArray("Operations").addObject().put("op", "add").put("path", "members")
                    .putArray("value");
            batch.forEach(id -> values.addObject().put("value", id));
            call("PATCH", "/Groups/{id}", url("Groups").addPathSegment(groupId).build(), body);
        }
    }

    /** Removes members in batches, one {@code members[value eq "id"]} operation per member. */
    public void removeMembers(String groupId, Collection<String> userIds) {
        for (List<String> batch : batches(userIds)) {
            ObjectNode body = patch();
            ArrayNode ops = body.withArray("Operations");
            batch.forEach(id -> ops.addObject().put("op", "remove").put("path", "members[value eq " + quote(id) + "]"));
            call("PATCH", "/Groups/{id}", url("Groups").addPathSegment(groupId).build(), body);
        }
    }

    // ---- the v4 API beside SCIM ------------------------------------------------------------------

    /**
     * The roles given to each member directly, outside SCIM and groups, by lower-case email, from
     * the v4 account members API: the only place a Super Administrator who is in no SCIM group
     * (the person who made the token, say) shows. Needs a token that may read account members;
     * without it Cloudflare answers 403, an INVALID_CREDENTIALS the caller may tolerate.
     */
    public Map<String, List<String>> directRoles() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        v4Pages("/members", member -> {
            List<String> names = new ArrayList<>();
            member.path("roles").forEach(role -> names.add(role.path("name").asText()));
            roles.put(member.path("user").path("email").asText().toLowerCase(Locale.ROOT), names);
        }, "members");
        return roles;
    }

    /** Permission group ids by name (the role names), from the IAM API. */
    public Map<String, String> permissionGroups() {
        Map<String, String> ids = new LinkedHashMap<>();
        v4Pages("/iam/permission_groups", pg -> ids.put(pg.path("name").asText(), pg.path("id").asText()),
                "iam", "permission_groups");
        return ids;
    }

    /**
     * Every user group of the account with the roles its allow policies grant on the account
     * ({@code accountScopeKey}: {@code com.cloudflare.api.account.<ACCOUNT_ID>}).
     */
    public List<RemoteUserGroup> listUserGroups(String accountScopeKey) {
        List<RemoteUserGroup> groups = new ArrayList<>();
        v4Pages("/iam/user_groups", group -> {
            java.util.Set<String> roles = new java.util.TreeSet<>();
            for (JsonNode policy : group.path("policies")) {
                boolean onAccount = false;
                for (JsonNode rg : policy.path("resource_groups")) {
                    onAccount |= accountScopeKey.equals(rg.path("scope").path("key").asText());
                }
                if ("allow".equals(policy.path("access").asText()) && onAccount) {
                    policy.path("permission_groups").forEach(pg -> roles.add(pg.path("name").asText()));
                }
            }
            groups.add(new RemoteUserGroup(group.path("id").asText(), group.path("name").asText(), roles));
        }, "iam", "user_groups");
        return groups;
    }

    /**
     * Replaces a user group's policies with one allow policy per permission group, scoped to the
     * whole account; an empty list clears them.
     */
    public void setPolicies(String groupId, String accountScopeKey, List<String> permissionGroupIds) {
        ObjectNode body = json.createObjectNode();
        ArrayNode policies = body.putArray("policies");
        for (String pg : permissionGroupIds) {
            ObjectNode policy = policies.addObject();
            policy.put("access", "allow");
            policy.putArray("permission_groups").addObject().put("id", pg);
            ObjectNode scope = policy.putArray("resource_groups").addObject().putObject("scope");
            scope.put("key", accountScopeKey);
            scope.putArray("objects").addObject().put("key", "*");
        }
        call("PUT", "/iam/user_groups/{id}", accountUrl().addPathSegment("iam").addPathSegment("user_groups")
                .addPathSegment(groupId).build(), body);
    }

    /** Pushes a custom group (the user-groups model), with its first members. */
    public RemoteGroup createGroup(String displayName, Collection<String> memberIds) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
        body.put("displayName", displayName);
        ArrayNode members = body.putArray("members");
        memberIds.forEach(id -> members.addObject().put("value", id));
        return group(call("POST", "/Groups", url("Groups").build(), body));
    }

    /** Renames a custom group (a PATCH {@code replace} of its displayName). */
    public void renameGroup(String groupId, String displayName) {
        ObjectNode body = patch();
        body.withArray("Operations").addObject().put("op", "replace").put("path", "displayName").put("value", displayName);
        call("PATCH", "/Groups/{id}", url("Groups").addPathSegment(groupId).build(), body);
    }

    public void deleteGroup(String groupId) {
        call("DELETE", "/Groups/{id}", url("Groups").addPathSegment(groupId).build(), null);
    }

    /** Walks a paged v4 list under the account ({@code page}, {@code per_page} 50) to its last page. */
    private void v4Pages(String route, java.util.function.Consumer<JsonNode> each, String... path) {
        for (int page = 1; ; page++) {
            HttpUrl.Builder url = accountUrl();
            for (String segment : path) {
                url.addPathSegment(segment);
            }
            JsonNode body = call("GET", route, url.addQueryParameter("page", Integer.toString(page))
                    .addQueryParameter("per_page", "50").build(), null);
            body.path("result").forEach(each);
            int totalPages = body.path("result_info").path("total_pages").asInt(page);
            if (page >= totalPages || body.path("result").isEmpty()) {
                return;
            }
        }
    }

    /** Okta's connection test: one small page of users proves the URL and the token. */
    public void testConnection() {
        call("GET", "/Users", url("Users").addQueryParameter("startIndex", "1").addQueryParameter("count", "1").build(),
                null);
    }

    // ---- plumbing -------------------------------------------------------------------------------

    private <T> List<T> listAll(String resource, java.util.function.Function<JsonNode, T> parse) {
        List<T> all = new ArrayList<>();
        int startIndex = 1;
        while (true) {
            HttpUrl url = url(resource)
                    .addQueryParameter("startIndex", Integer.toString(startIndex))
                    .addQueryParameter("count", Integer.toString(settings.pageSize()))
                    .build();
            JsonNode page = call("GET", "/" + resource, url, null);
            JsonNode resources = page.path("Resources");
            resources.forEach(node -> all.add(parse.apply(node)));
            int total = page.path("totalResults").asInt(all.size());
            // Paging is not a session: stop at totalResults, or on an empty page if the total shrank.
            if (resources.isEmpty() || all.size() >= total) {
                return all;
            }
            startIndex += resources.size();
        }
    }

    private JsonNode call(String method, String route, HttpUrl url, JsonNode body) {
        byte[] payload = body == null ? null : write(body);
        for (int attempt = 1; ; attempt++) {
            acquire(method, route);
            Request.Builder request = new Request.Builder().url(url)
                    .header("Authorization", token.authorizationHeader())
                    .header("Accept", "application/scim+json, application/json");
            request.method(method, payload == null ? null : RequestBody.create(payload, SCIM_JSON));
            long started = System.nanoTime();
            ScimException failure;
            sent.incrementAndGet();
            try (Response response = http.newCall(request.build()).execute()) {
                observer.answered(method, route, response.code(), Duration.ofNanos(System.nanoTime() - started));
                observeRateLimit(response);
                String text = readBody(response.body());
                if (response.isSuccessful()) {
                    return text.isEmpty() ? json.createObjectNode() : json.readTree(text);
                }
                failure = failure(method, route, response, text);
            } catch (IOException e) {
                observer.answered(method, route, 0, Duration.ofNanos(System.nanoTime() - started));
                failure = new ScimException(ScimException.Kind.TRANSIENT, 0, null,
                        method + " " + route + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
            }
            if (attempt >= settings.maxAttempts()) {
                throw failure;
            }
            if (failure.is(ScimException.Kind.RATE_LIMITED)) {
                budget.pauseFor(failure.retryAfter());
                if (failure.retryAfter().compareTo(settings.maxRateLimitWait()) > 0) {
                    throw failure;
                }
                // The next acquire() waits out the pause, together with every other caller.
            } else if (failure.is(ScimException.Kind.TRANSIENT)) {
                pause(backoff(attempt), method, route);
            } else {
                throw failure;
            }
        }
    }

    private void acquire(String method, String route) {
        try {
            budget.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScimException(ScimException.Kind.TRANSIENT, 0, null,
                    method + " " + route + ": interrupted while waiting for the request budget", null, e);
        }
    }

    private void pause(Duration duration, String method, String route) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScimException(ScimException.Kind.TRANSIENT, 0, null,
                    method + " " + route + ": interrupted while backing off", null, e);
        }
    }

    /** Exponential from the base, capped, with full jitter so that retrying callers spread out. */
    Duration backoff(int attempt) {
        long cap = Math.min(settings.maxBackoff().toMillis(),
                settings.baseBackoff().toMillis() * (1L << Math.min(20, attempt - 1)));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    private void observeRateLimit(Response response) {
        String header = response.header("Ratelimit");
        if (header != null) {
            Matcher m = RATELIMIT.matcher(header);
            if (m.find()) {
                budget.observeRemaining(Integer.parseInt(m.group(1)), Duration.ofSeconds(Long.parseLong(m.group(2))));
            }
            return;
        }
        String remaining = response.header("X-RateLimit-Remaining");
        String reset = response.header("X-RateLimit-Reset");
        if (remaining != null && reset != null) {
            try {
                long resetValue = Long.parseLong(reset.trim());
                // Older docs give the reset as epoch seconds; a small number can only be a delay.
                long seconds = resetValue > 1_000_000_000L
                        ? Math.max(0, resetValue - System.currentTimeMillis() / 1000) : resetValue;
                budget.observeRemaining(Integer.parseInt(remaining.trim()), Duration.ofSeconds(seconds));
            } catch (NumberFormatException ignored) {
                // An unreadable header is no reason to fail the call; the budget still paces.
            }
        }
    }

    private ScimException failure(String method, String route, Response response, String text) {
        int status = response.code();
        String scimType = null;
        String detail = text.isBlank() ? response.message() : text;
        try {
            JsonNode body = text.isBlank() ? null : json.readTree(text);
            if (body != null && isScimError(body)) {
                scimType = body.hasNonNull("scimType") ? body.get("scimType").asText() : null;
                detail = body.path("detail").asText(detail);
            } else if (body != null && body.has("errors")) {
                List<String> messages = new ArrayList<>();
                body.get("errors").forEach(e -> messages.add(e.path("message").asText() + " (code "
                        + e.path("code").asText() + ")"));
                detail = String.join("; ", messages);
            }
        } catch (IOException notJson) {
            // A proxy's HTML page, say: keep the text as the detail.
        }
        String message = method + " " + route + ": " + status + (scimType == null ? "" : " " + scimType) + ": "
                + abbreviate(detail);
        ScimException.Kind kind;
        Duration retryAfter = null;
        if (status == 401 || status == 403) {
            kind = ScimException.Kind.INVALID_CREDENTIALS;
        } else if (status == 404) {
            kind = ScimException.Kind.NOT_FOUND;
        } else if (status == 409 || "uniqueness".equals(scimType)) {
            kind = ScimException.Kind.UNIQUENESS;
        } else if (status == 429) {
            kind = ScimException.Kind.RATE_LIMITED;
            retryAfter = retryAfter(response.header("Retry-After"));
        } else if (status >= 500 || status == 408) {
            kind = ScimException.Kind.TRANSIENT;
        } else {
            kind = ScimException.Kind.PERMANENT;
        }
        return new ScimException(kind, status, scimType, message, retryAfter, null);
    }

    private static boolean isScimError(JsonNode body) {
        for (JsonNode schema : body.path("schemas")) {
            if (ERROR_SCHEMA.equals(schema.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Seconds or an HTTP date; Cloudflare's block lasts the window, so assume 300 s when absent. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    private static String readBody(ResponseBody body) throws IOException {
        return body == null ? "" : body.string();
    }

    private byte[] write(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }

    /** {@code .../accounts/{id}}: the SCIM base without its {@code scim/v2}. */
    private HttpUrl.Builder accountUrl() {
        List<String> segments = base.pathSegments().stream().filter(seg -> !seg.isEmpty()).toList();
        if (segments.size() < 2 || !segments.get(segments.size() - 2).equals("scim")) {
            throw new IllegalStateException("the SCIM base URL " + base + " does not end in /scim/v2");
        }
        HttpUrl.Builder url = base.newBuilder().encodedPath("/");
        segments.subList(0, segments.size() - 2).forEach(url::addPathSegment);
        return url;
    }

    private HttpUrl.Builder url(String resource) {
        return base.newBuilder().addPathSegment(resource);
    }

    private ObjectNode patch() {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(PATCH_SCHEMA);
        body.putArray("Operations");
        return body;
    }

    private List<List<String>> batches(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += settings.membersPerPatch()) {
            batches.add(all.subList(i, Math.min(all.size(), i + settings.membersPerPatch())));
        }
        return batches;
    }

    private static Optional<JsonNode> first(JsonNode page) {
        JsonNode resources = page.path("Resources");
        return resources.isEmpty() ? Optional.empty() : Optional.of(resources.get(0));
    }

    static RemoteUser user(JsonNode node) {
        List<String> groupIds = new ArrayList<>();
        node.path("groups").forEach(g -> groupIds.add(g.path("value").asText()));
        JsonNode name = node.path("name");
        return new RemoteUser(node.path("id").asText(), node.path("userName").asText(),
                textOrNull(name, "givenName"), textOrNull(name, "familyName"), textOrNull(node, "externalId"),
                activeOf(node.get("active")), groupIds);
    }

    static RemoteGroup group(JsonNode node) {
        List<String> memberIds = null;
        if (node.has("members") && node.get("members").isArray()) {
            memberIds = new ArrayList<>();
            for (JsonNode member : node.get("members")) {
                memberIds.add(member.path("value").asText());
            }
        }
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

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** A SCIM filter string literal: quotes and backslashes escaped. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
