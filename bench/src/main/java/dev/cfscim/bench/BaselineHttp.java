package dev.cfscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of the IdP-pattern baselines: the JDK client, one request at a time, no pacing.
 * A 429 is waited out for its {@code Retry-After} (as Okta and Entra document) and the request
 * sent again; every request answered is counted, the refused ones too. A connection lost before
 * any answer is tried again, twice at most.
 */
final class BaselineHttp {

    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    BaselineHttp(String scimBaseUrl, String token) {
        this.base = scimBaseUrl.endsWith("/") ? scimBaseUrl.substring(0, scimBaseUrl.length() - 1) : scimBaseUrl;
        this.token = token;
    }

    long sent() {
        return sent.get();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    ObjectMapper json() {
        return json;
    }

    static String query(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, 200);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body, 201);
    }

    JsonNode patch(String path, JsonNode body) {
        return send("PATCH", path, body, 200);
    }

    private JsonNode send(String method, String pathAndQuery, JsonNode body, int expected) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/scim+json");
        if (body != null) {
            builder.header("Content-Type", "application/scim+json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest request = builder.build();
        int lostConnections = 0;
        while (true) {
            HttpResponse<String> response;
            try {
                sent.incrementAndGet();
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // The JDK's client may hand out a pooled connection the server has just closed; it
                // sends a GET again by itself, never a POST or PATCH. No answer came, and the
                // emulator counts only what it answers: not a request sent, and sent again, as the
                // IdPs retry a connection failure.
                sent.decrementAndGet();
                if (++lostConnections > 2) {
                    throw new UncheckedIOException(method + " " + pathAndQuery, e);
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (response.statusCode() == 429) {
                rateLimited.incrementAndGet();
                waitOut(response);
                continue;
            }
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + pathAndQuery + ": " + response.statusCode() + " "
                        + response.body());
            }
            try {
                return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The IdPs wait what Retry-After says (whole seconds, as Cloudflare sends it); with the
     * emulator's window compressed, those seconds are compressed seconds. Waiting is the
     * behaviour being measured here, not synchronisation.
     */
    private static void waitOut(HttpResponse<String> response) {
        long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(300L);
        try {
            Thread.sleep(Math.max(1, seconds) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
