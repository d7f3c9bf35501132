package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every request's way in, in Cloudflare's order: route, token, rate limit, then (the emulator's
 * own) injected faults, then the API itself. Counting and the rate-limit headers happen here so
 * that no API handler can forget them.
 */
final class FrontDoor implements HttpHandler {

    private static final String ADMIN_PREFIX = "/__emulator/";
    private static final String REQUEST = "dev.cfscim.emulator.request";
    /** How often a dripping answer writes its next piece: often enough that no read timeout fires. */
    private static final long DRIP_TICK_MS = 10;
    /** What a reverse proxy answers when it cannot reach, or refuses to pass to, the API behind it. */
    private static final String PROXY_PAGE = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
            + "<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response from an upstream "
            + "server.</p></body></html>\n";

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
        Faults.Reshape reshape = fault.reshape();
        if (reshape.htmlStatus() != 0) {
            // A proxy in front of the API answers: the request never reaches it.
            finish(exchange, route, limit, ApiResponse.html(reshape.htmlStatus(), PROXY_PAGE), reshape);
            return;
        }
        ApiResponse response = dispatch(route, account, reshape.ignoreStartIndex() ? fromTheStart(request) : request);
        if (fault.failsAfter()) {
            fail(exchange, route, limit, fault);
            return;
        }
        if (reshape.totalResults() != null) {
            reportTotal(response.body(), reshape.totalResults());
        }
        finish(exchange, route, limit, response, reshape);
    }

    /** The request as a server that ignores paging reads it: no {@code startIndex} (SCIM), no {@code page} (v4). */
    private static ApiRequest fromTheStart(ApiRequest request) {
        Map<String, String> query = new LinkedHashMap<>(request.query());
        query.keySet().removeIf(name -> name.equalsIgnoreCase("startIndex") || name.equals("page"));
        return new ApiRequest(request.method(), request.path(), Map.copyOf(query), request.body());
    }

    /**
     * Replaces the total a list reports with {@code total} ({@link FaultRule#OMIT}: leaves it out):
     * SCIM's {@code totalResults}, or the v4 {@code result_info}'s {@code total_count} and
     * {@code total_pages}. Other answers are left alone.
     */
    private static void reportTotal(JsonNode body, String total) {
        if (!(body instanceof ObjectNode answer)) {
            return;
        }
        boolean omit = total.equals(FaultRule.OMIT);
        if (answer.has("totalResults")) {
            if (omit) {
                answer.remove("totalResults");
            } else {
                answer.put("totalResults", Integer.parseInt(total));
            }
        } else if (answer.get("result_info") instanceof ObjectNode info) {
            if (omit) {
                info.remove("total_count");
                info.remove("total_pages");
            } else {
                int count = Integer.parseInt(total);
                int perPage = Math.max(1, info.path("per_page").asInt(1));
                info.put("total_count", count);
                info.put("total_pages", (count + perPage - 1) / perPage);
            }
        }
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
            case THROTTLE -> finish(exchange, route, limit, throttled(fault.retryAfterSeconds()));
            default -> finish(exchange, route, limit, fault.status() == 403
                    ? rejection(route, new Rejection(403, null, "injected fault: this API token may not use " + route.key()))
                    : route.surface() == Route.Surface.SCIM
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
        finish(exchange, route, limit, response, Faults.Reshape.NONE);
    }

    private void finish(HttpExchange exchange, Route route, RateLimiter.Decision limit, ApiResponse response,
                        Faults.Reshape reshape) throws IOException {
        if (limit != null && !emulator.limiter().limit().isOff()) {
            response.withHeader("Ratelimit", "\"default\";r=" + limit.remaining() + ";t=" + limit.secondsToReset());
            response.withHeader("Ratelimit-Policy", emulator.limiter().policyHeader());
        }
        emulator.counter().record(route.key(), response.status());
        write(exchange, response, reshape);
    }

    private void write(HttpExchange exchange, ApiResponse response) throws IOException {
        write(exchange, response, Faults.Reshape.NONE);
    }

    /** Writes the answer; {@code reshape} may pad its body or spread it over time. */
    private void write(HttpExchange exchange, ApiResponse response, Faults.Reshape reshape) throws IOException {
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        JsonNode body = response.body();
        if (body == null) {
            observe(exchange, response.status(), null);
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] bytes = ApiResponse.HTML.equals(response.contentType())
                ? body.textValue().getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        observe(exchange, response.status(), bytes);
        if (reshape.padBytes() > 0) {
            // Whitespace after the value: the answer stays valid JSON, only larger.
            int length = bytes.length;
            bytes = Arrays.copyOf(bytes, Math.toIntExact(length + reshape.padBytes()));
            Arrays.fill(bytes, length, bytes.length, (byte) ' ');
        }
        exchange.getResponseHeaders().set("Content-Type", response.contentType() + "; charset=utf-8");
        // A padded answer streams (chunked), as a huge list would: the client learns its size only by reading.
        exchange.sendResponseHeaders(response.status(), reshape.padBytes() > 0 ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (reshape.dripMs() > 0) {
                drip(out, bytes, reshape.dripMs());
            } else {
                out.write(bytes);
            }
        }
    }

    /**
     * Writes {@code bytes} a piece at a time over {@code dripMs}, each piece soon enough after the
     * last that no read timeout fires: only a deadline on the whole call stops such an answer. A
     * client that gives up ends it (the next write fails), and so does the emulator closing.
     */
    private static void drip(OutputStream out, byte[] bytes, long dripMs) throws IOException {
        long pieces = Math.max(1, Math.min(bytes.length, dripMs / DRIP_TICK_MS));
        int piece = (int) ((bytes.length + pieces - 1) / pieces);
        long gapMs = dripMs / pieces;
        for (int from = 0; from < bytes.length; from += piece) {
            out.write(bytes, from, Math.min(piece, bytes.length - from));
            out.flush();
            if (from + piece < bytes.length && !pause(gapMs)) {
                return;
            }
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

    /** Sleeps; false when interrupted (the emulator is closing). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
