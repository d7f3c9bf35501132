package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfscim doctor} against answers in Cloudflare's published forms, which the emulator may not
 * send by default (users' {@code groups} as strings), and against forms the engine cannot read: a
 * tiny server of canned bodies, so that each form is exactly what the test says.
 */
class DoctorPublishedFormsTest {

    private static final String ID = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String CUSTOM = "7f2c4b9e-0d1a-4c3e-9b8a-1f2e3d4c5b6a";
    private static final String SYSTEM = "cloudflare-v1-0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final List<String> methods = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves {@code bodies} by path (the part after the account), with Cloudflare's rate-limit headers. */
    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            synchronized (methods) {
                methods.add(exchange.getRequestMethod());
            }
            String path = exchange.getRequestURI().getPath().replace("/client/v4/accounts/" + ID, "");
            String body = bodies.get(path);
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Ratelimit", "\"default\";r=1100;t=200");
            exchange.getResponseHeaders().set("Ratelimit-Policy", "\"default\";q=1200;w=300");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4/accounts/" + ID + "/scim/v2";
    }

    private void publishedAccount(String usersGroups) {
        bodies.put("/scim/v2/Users", "{\"totalResults\":2,\"Resources\":["
                + "{\"id\":\"u1\",\"userName\":\"alice@example.com\",\"active\":true,\"groups\":" + usersGroups + "},"
                + "{\"id\":\"u2\",\"userName\":\"bob@example.com\",\"active\":true,\"groups\":[]}]}");
        bodies.put("/scim/v2/Groups", "{\"totalResults\":2,\"Resources\":["
                + "{\"id\":\"" + SYSTEM + "\",\"displayName\":\"Administrator\"},"
                + "{\"id\":\"" + CUSTOM + "\",\"displayName\":\"Platform Admins\"}]}");
        bodies.put("/scim/v2/Groups/" + CUSTOM, "{\"id\":\"" + CUSTOM + "\",\"displayName\":\"Platform Admins\","
                + "\"members\":[{\"value\":\"u1\",\"display\":\"alice@example.com\"}]}");
        bodies.put("/iam/user_groups", "{\"success\":true,\"result\":[{\"id\":\"" + CUSTOM + "\",\"name\":\"Platform Admins\","
                + "\"policies\":[{\"access\":\"allow\"}]}],\"result_info\":{\"total_count\":1}}");
        bodies.put("/iam/permission_groups", "{\"success\":true,\"result\":[{\"id\":\"p\",\"name\":\"Administrator\"}],"
                + "\"result_info\":{\"total_count\":1}}");
        bodies.put("/members", "{\"success\":true,\"result\":[{},{}],\"result_info\":{\"total_count\":2}}");
    }

    /** Doctor against the canned account, its users' {@code groups} given as {@code usersGroups}. */
    private CfscimRun doctorOnPublishedAccount(String usersGroups) throws IOException {
        return doctorOnPublishedAccount(usersGroups, Map.of());
    }

    /** The same, with the bodies of some paths replaced by {@code otherBodies}. */
    private CfscimRun doctorOnPublishedAccount(String usersGroups, Map<String, String> otherBodies) throws IOException {
        String endpoint = start();
        publishedAccount(usersGroups);
        bodies.putAll(otherBodies);
        Path token = Files.writeString(dir.resolve("token"), "published-token");
        return CfscimRun.of("doctor", "--endpoint", endpoint, "--token-file", token.toString());
    }

    @Test
    void groupIdsAsStringsAreCloudflaresPublishedFormAndAgreeWithTheGroupsMembers() throws IOException {
        CfscimRun run = doctorOnPublishedAccount("[\"" + SYSTEM + "\",\"" + CUSTOM + "\"]");

        run.assertExit(0).contains(
                "ok    users' groups: group ids as strings, Cloudflare's published form (1 users in a group)",
                "ok    group kinds: 0 virtual CF- groups, 1 system groups (cloudflare-v1-...), 1 custom groups",
                "ok    users' group ids: every group a user on the first page is in is a listed group",
                "ok    group members: 'Platform Admins' (custom): 1 member as {value, display} objects",
                "ok    memberships agree: ",
                "ok    rate limit: 1100 of 1200 requests left per 300s, resets in 200s");
        assertThat(requests.get()).isEqualTo(6);
        assertThat(methods).containsOnly("GET");
    }

    @Test
    void groupsTheEngineCannotReadFailNamingTheUser() throws IOException {
        CfscimRun run = doctorOnPublishedAccount("[42]");

        run.assertExit(1).contains("fail  users' groups: GET /Users: user u1 (alice@example.com): 'groups' must be "
                + "an array of group ids (strings) or of objects with a 'value'; element 0 is a number: 42")
                .doesNotContain("memberships agree");
        assertThat(requests.get()).isLessThanOrEqualTo(6);
    }

    @Test
    void groupNamesWhereIdsBelongFailBecauseTheEngineWouldSeeNoMemberships() throws IOException {
        CfscimRun run = doctorOnPublishedAccount("[\"Platform Admins\"]");

        run.assertExit(1).contains(
                "fail  users' group ids: user u1 names group 'Platform Admins' by displayName, not id",
                "fail  memberships agree: 'Platform Admins' (custom) lists user u1 but the user's groups do not");
    }

    @Test
    void aListWithoutTotalResultsIsAWarningTheEngineWouldStopAfterOnePage() throws IOException {
        CfscimRun run = doctorOnPublishedAccount("[\"" + CUSTOM + "\"]", Map.of("/scim/v2/Users",
                "{\"Resources\":[{\"id\":\"u1\",\"userName\":\"alice@example.com\",\"groups\":[\"" + CUSTOM + "\"]}]}"));

        assertThat(run.out()).contains("warn  users: GET /Users has no numeric 'totalResults' (1 on the first page): "
                + "the engine stops after one page");
    }
}
