package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.scim.CloudflareScimClient.RequestObserver;
import dev.cfscim.scim.CloudflareScimClient.Settings;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One request to Cloudflare, from budget to typed failure: every request first takes its place in
 * the token's shared {@link TokenBudget}; 5xx answers and network errors are retried with capped,
 * jittered backoff; a 429 pauses the whole budget for its {@code Retry-After} (300 s when absent,
 * at most the budget's window);
 * rate-limit headers feed the budget; a failure becomes a {@link ScimException} of the right kind.
 */
final class CloudflareTransport {

    private static final MediaType SCIM_JSON = MediaType.get("application/scim+json; charset=utf-8");
    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(300);

    private final HttpUrl base;
    private final ApiToken token;
    private final TokenBudget budget;
    private final Settings settings;
    private final OkHttpClient http;
    private final RequestObserver observer;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong sent = new AtomicLong();

    CloudflareTransport(String scimBaseUrl, ApiToken token, TokenBudget budget, Settings settings,
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

    Settings settings() {
        return settings;
    }

    long requestsSent() {
        return sent.get();
    }

    String baseUrl() {
        return base.toString();
    }

    /** An empty JSON object, for a request body. */
    ObjectNode object() {
        return json.createObjectNode();
    }

    /** {@code .../scim/v2/<resource>}. */
    HttpUrl.Builder scimUrl(String resource) {
        return base.newBuilder().addPathSegment(resource);
    }

    /** {@code .../accounts/{id}}: the SCIM base without its {@code scim/v2}. */
    HttpUrl.Builder accountUrl() {
        List<String> segments = base.pathSegments().stream().filter(seg -> !seg.isEmpty()).toList();
        if (segments.size() < 2 || !segments.get(segments.size() - 2).equals("scim")) {
            throw new IllegalStateException("the SCIM base URL " + base + " does not end in /scim/v2");
        }
        HttpUrl.Builder url = base.newBuilder().encodedPath("/");
        segments.subList(0, segments.size() - 2).forEach(url::addPathSegment);
        return url;
    }

    /**
     * Sends one request, retrying as the failure allows, and answers the parsed body (an empty
     * object for an empty one). {@code route} names the endpoint for metrics and messages.
     */
    JsonNode call(String method, String route, HttpUrl url, JsonNode body) {
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

    /**
     * One GET sent once, never retried, answered with its body and rate-limit headers: a read-only
     * probe ({@code cfscim doctor}) must know exactly how many requests it cost and what the
     * headers said. A failure is the same {@link ScimException} {@link #call} throws.
     */
    ProbeAnswer probe(String route, HttpUrl url) {
        acquire("GET", route);
        Request request = new Request.Builder().url(url).get()
                .header("Authorization", token.authorizationHeader())
                .header("Accept", "application/scim+json, application/json")
                .build();
        long started = System.nanoTime();
        sent.incrementAndGet();
        try (Response response = http.newCall(request).execute()) {
            observer.answered("GET", route, response.code(), Duration.ofNanos(System.nanoTime() - started));
            observeRateLimit(response);
            String text = readBody(response.body());
            if (!response.isSuccessful()) {
                throw failure("GET", route, response, text);
            }
            return new ProbeAnswer(route, text.isEmpty() ? json.createObjectNode() : json.readTree(text),
                    response.header("Ratelimit"), response.header("Ratelimit-Policy"),
                    response.header("X-RateLimit-Remaining"));
        } catch (IOException e) {
            observer.answered("GET", route, 0, Duration.ofNanos(System.nanoTime() - started));
            throw new ScimException(ScimException.Kind.TRANSIENT, 0, null,
                    "GET " + route + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * Takes the request's place in the token's budget, waiting at most {@code maxRateLimitWait}: a
     * longer wait is handed back, with nothing sent, as BUDGET_EXHAUSTED (our own pacing) or
     * RATE_LIMITED (a pause Cloudflare asked for), so the caller can come back when a request fits
     * instead of standing still.
     */
    private void acquire(String method, String route) {
        Duration wait;
        try {
            wait = budget.acquire(settings.maxRateLimitWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScimException(ScimException.Kind.TRANSIENT, 0, null,
                    method + " " + route + ": interrupted while waiting for the request budget", null, e);
        }
        if (!wait.isZero()) {
            boolean paused = budget.pausedByCloudflare();
            throw new ScimException(paused ? ScimException.Kind.RATE_LIMITED : ScimException.Kind.BUDGET_EXHAUSTED, 0,
                    null, method + " " + route + " not sent: "
                            + new TokenBudget.Wait(wait, budget.limit(), paused).describe(), wait, null);
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
            OptionalInt remaining = RateLimitFields.remaining(header);
            OptionalInt reset = RateLimitFields.secondsToReset(header);
            if (remaining.isPresent() && reset.isPresent()) {
                budget.observeRemaining(remaining.getAsInt(), Duration.ofSeconds(reset.getAsInt()));
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
            // Capped to a window before anyone waits on it: a day's Retry-After must not park a token.
            retryAfter = budget.capPause(retryAfter(response.header("Retry-After")));
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

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
