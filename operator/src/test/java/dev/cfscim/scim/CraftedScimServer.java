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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A SCIM endpoint on loopback that answers {@code GET /Users} and {@code GET /Groups} with the
 * resources a test wrote by hand, in whatever form it wants to feed the client, as one page each.
 * Anything else (a write, or a list given as null) gets the {@link Answer} set by {@link #otherwise}:
 * by default a 405, so a test can say nothing was written. Every request is recorded.
 */
public final class CraftedScimServer implements AutoCloseable {

    public static final String ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An answer made by hand: a status, headers, and a body made from the request's Authorization
     * header (as a server that echoes what it was sent would make it).
     */
    public record Answer(int status, Map<String, String> headers, Function<String, String> body) {

        static final Answer REFUSED = new Answer(405, Map.of(), authorization -> "");
    }

    private final String users;
    private final String groups;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Answer otherwise = Answer.REFUSED;

    /**
     * {@code users} and {@code groups}: the JSON arrays the two lists answer as their Resources; null
     * leaves that list to {@link #otherwise}.
     */
    public CraftedScimServer(String users, String groups) throws IOException {
        this.users = users;
        this.groups = groups;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server that answers every request with {@code answer}. */
    public static CraftedScimServer answering(Answer answer) throws IOException {
        return new CraftedScimServer(null, null).otherwise(answer);
    }

    /** What everything but the two lists is answered with, from now on. */
    public CraftedScimServer otherwise(Answer answer) {
        this.otherwise = answer;
        return this;
    }

    public String scimBaseUrl() {
        return "http://127.0.0.1:" + port() + "/accounts/" + ACCOUNT_ID + "/scim/v2";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request as {@code METHOD /path}, in order. */
    public List<String> requests() {
        return new ArrayList<>(requests);
    }

    CloudflareScimClient client() {
        return client(ApiToken.of("crafted-token"), CloudflareScimClient.Settings.defaults());
    }

    CloudflareScimClient client(ApiToken token, CloudflareScimClient.Settings settings) {
        TokenBudget budget = new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime,
                d -> Thread.sleep(Math.max(1, d.toMillis())));
        return new CloudflareScimClient(scimBaseUrl(), token, budget, settings, CloudflareScimClient.RequestObserver.NONE);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        String resources = !exchange.getRequestMethod().equals("GET") ? null
                : path.endsWith("/scim/v2/Users") ? users : path.endsWith("/scim/v2/Groups") ? groups : null;
        if (resources == null) {
            Answer answer = otherwise;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = answer.body().apply(authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
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
