package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Every request's way in, in Cloudflare's order: route, token, rate limit, then (the emulator's
 * own) injected faults, then the API itself. Counting and the rate-limit headers happen here so
 * that no API handler can forget them.
 */
final class FrontDoor implements HttpHandler {

    private static final String ADMIN_PREFIX = "/__emulator/";
    private static final String REQUEST = "dev.cfscim.emulator.request";

    private final CloudflareEmulator emulator;
    private final ObjectMapper json;
    private final ScimApi scim;
    private final IamApi iam;
    private final AdminApi admin;

    FrontDoor(CloudflareEmulator emulator, ObjectMapper json, String baseUrl) {
        this.emulator = emulator;
        this.json = json;
        this.scim = new ScimApi(json, emulator.maxPageSize(), baseUrl, emulator.userGroupsFormat());
        this.iam = new IamApi(json);
        this.admin = new AdminApi(emulator, json);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            ApiRequest request = new ApiRequest(exchange.getRequestMethod(), path,
                    ApiRequest.parseQuery(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestBody().readAllBytes());
            exchange.setAttribute(REQUEST, request);
            if (path.startsWith(ADMIN_PREFIX) || path.equals("/__emulator")) {
                write(exchange, admin.handle(request));
                return;
            }
            serveApi(exchange, request);
        } catch (RuntimeException e) {
            // A bug of the emulator's own: answer it rather than leave the client hanging.
            writeQuietly(exchange, ApiResponse.json(500, IamApi.error(json, 10001, "emulator error: " + e)));
        }
    }

    /**
     * Tells the emulator's observer what was asked and what is about to be answered: before the
     * answer leaves, so that a client never holds an answer its test has not seen reported.
     */
    private void observe(HttpExchange exchange, int status, byte[] answer) {
        ApiRequest request = (ApiRequest) exchange.getAttribute(REQUEST);
        if (request != null) {
            emulator.observe(new Exchange(request.method(), request.path(), exchange.getRequestURI().getRawQuery(),
                    text(request.body()), status, text(answer)));
        }
    }

    private static String text(byte[] body) {
        return body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }

    private void serveApi(HttpExchange exchange, ApiRequest request) throws IOException {
        Route route = Route.resolve(request.method(), request.path());
        if (route == null) {
            boolean scimPath = Route.isScimPath(request.path());
            String detail = "no route for " + request.method() + " " + request.path();
            write(exchange, scimPath
                    ? ApiResponse.scim(404, ScimApi.error(json, 404, null, detail))
                    : ApiResponse.json(404, IamApi.error(json, 7000, detail)));
            return;
        }
        String token = bearer(exchange);
        AccountState account = emulator.accountByToken(token);
        if (account == null) {
            finish(exchange, route, null, rejection(route, new Rejection(401, null,
                    token == null ? "missing bearer token" : "invalid API token")));
            return;
        }
        if (!account.id().equals(route.accountId())) {
            finish(exchange, route, null, rejection(route, new Rejection(403, null,
                    "this API token has no access to account " + route.accountId())));
            return;
        }
        RateLimiter.Decision limit = emulator.limiter().acquire(token);
        if (!limit.allowed()) {
            finish(exchange, route, limit, throttled(limit.secondsToReset()));
            return;
        }
        Faults.Draw fault = emulator.faults().draw(route.key());
        if (fault.latencyMs() > 0) {
            pause(fault.latencyMs());
        }
        if (fault.failsBefore()) {
            fail(exchange, route, limit, fault);
            return;
        }
        ApiResponse response = dispatch(route, account, request);
        if (fault.failsAfter()) {
            fail(exchange, route, limit, fault);
            return;
        }
        finish(exchange, route, limit, response);
    }

    private ApiResponse dispatch(Route route, AccountState account, ApiRequest request) {
        try {
            // The account's lock spans rendering too, so an answer never mixes two states.
            synchronized (account) {
                return route.surface() == Route.Surface.SCIM
                        ? scim.handle(route, account, request)
                        : iam.handle(route, account, request);
            }
        } catch (Rejection e) {
            return rejection(route, e);
        }
    }

    private void fail(HttpExchange exchange, Route route, RateLimiter.Decision limit, Faults.Draw fault)
            throws IOException {
        switch (fault.action()) {
            case DROP -> {
                // Nothing is written: handle() closes the exchange before any header is sent, which
                // closes the connection, and the client sees it drop as after a crash.
                emulator.counter().record(route.key(), 0);
            }
            case THROTTLE -> finish(exchange, route, limit, throttled(1));
            default -> finish(exchange, route, limit, route.surface() == Route.Surface.SCIM
                    ? ApiResponse.scim(fault.status(), ScimApi.error(json, fault.status(), null,
                            "injected fault: the service is unavailable"))
                    : ApiResponse.json(fault.status(), IamApi.error(json, 10001, "injected fault")));
        }
    }

    /** Cloudflare answers 429 with the v4 envelope on every path, SCIM included. */
    private ApiResponse throttled(long retryAfterSeconds) {
        return ApiResponse.json(429, IamApi.error(json, 971, "Please wait and consider throttling your request speed"))
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    private ApiResponse rejection(Route route, Rejection e) {
        if (route.surface() == Route.Surface.SCIM) {
            return ApiResponse.scim(e.status(), ScimApi.error(json, e.status(), e.scimType(), e.detail()));
        }
        // Cloudflare's v4 API says no more than this about a refused token, whatever the cause.
        String message = e.status() == 401 || e.status() == 403 ? "Authentication error" : e.detail();
        return ApiResponse.json(e.status(), IamApi.error(json, IamApi.errorCode(e.status()), message));
    }

    private void finish(HttpExchange exchange, Route route, RateLimiter.Decision limit, ApiResponse response)
            throws IOException {
        if (limit != null && !emulator.limiter().limit().isOff()) {
            response.withHeader("Ratelimit", "\"default\";r=" + limit.remaining() + ";t=" + limit.secondsToReset());
            response.withHeader("Ratelimit-Policy", emulator.limiter().policyHeader());
        }
        emulator.counter().record(route.key(), response.status());
        write(exchange, response);
    }

    private void write(HttpExchange exchange, ApiResponse response) throws IOException {
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        JsonNode body = response.body();
        if (body == null) {
            observe(exchange, response.status(), null);
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        observe(exchange, response.status(), bytes);
        exchange.getResponseHeaders().set("Content-Type", response.contentType() + "; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void writeQuietly(HttpExchange exchange, ApiResponse response) {
        try {
            write(exchange, response);
        } catch (IOException | RuntimeException ignored) {
            // The headers were already sent or the client is gone; nothing more can be said.
        }
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
