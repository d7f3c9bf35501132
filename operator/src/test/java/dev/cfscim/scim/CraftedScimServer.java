package dev.cfscim.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SCIM endpoint on loopback that answers {@code GET /Users} and {@code GET /Groups} with the
 * resources a test wrote by hand, in whatever form it wants to feed the client, as one page each.
 * Anything else (a write) is refused with 405 and recorded, so a test can say nothing was written.
 */
final class CraftedScimServer implements AutoCloseable {

    static final String ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String users;
    private final String groups;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    /** {@code users} and {@code groups}: the JSON arrays the two lists answer as their Resources. */
    CraftedScimServer(String users, String groups) throws IOException {
        this.users = users;
        this.groups = groups;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String scimBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/accounts/" + ACCOUNT_ID + "/scim/v2";
    }

    /** Every request as {@code METHOD /path}, in order. */
    List<String> requests() {
        return new ArrayList<>(requests);
    }

    CloudflareScimClient client() {
        TokenBudget budget = new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime,
                d -> Thread.sleep(Math.max(1, d.toMillis())));
        return new CloudflareScimClient(scimBaseUrl(), ApiToken.of("crafted-token"), budget,
                CloudflareScimClient.Settings.defaults(), CloudflareScimClient.RequestObserver.NONE);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        String resources = !exchange.getRequestMethod().equals("GET") ? null
                : path.endsWith("/scim/v2/Users") ? users : path.endsWith("/scim/v2/Groups") ? groups : null;
        if (resources == null) {
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return;
        }
        int total = JSON.readTree(resources).size();
        byte[] body = ("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":"
                + total + ",\"Resources\":" + resources + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/scim+json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
