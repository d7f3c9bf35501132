package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.retry.RetryPolicy;
import dev.cfscim.scim.CloudflareScimClient.RequestObserver;
import dev.cfscim.scim.CloudflareScimClient.Settings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One request to Cloudflare, from budget to typed failure, composed of parts of one job each:
 * every request first takes its place in the token's shared budget and tells it the answer's
 * rate-limit headers ({@link RequestBudget}); an answer is read no further than the size cap
 * ({@link CappedBody}); a failure becomes a {@link ScimException} of the right kind
 * ({@link FailedAnswers}); 5xx answers and network errors are retried with capped, jittered backoff
 * and a 429 pauses the whole budget for its {@code Retry-After} (300 s when absent, at most the
 * budget's window), as the {@link RetryPolicy} allows. The token goes to the endpoint only:
 * redirects are never followed.
 */
final class CloudflareTransport {

    private static final MediaType SCIM_JSON = MediaType.get("application/scim+json; charset=utf-8");

    private final HttpUrl base;
    private final ApiToken token;
    private final RequestBudget budget;
    private final RetryPolicy<ScimException> retry;
    private final Settings settings;
    private final OkHttpClient http;
    private final RequestObserver observer;
    private final FailedAnswers failures;
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
        this.budget = new RequestBudget(budget, settings.maxRateLimitWait());
        // A 429 is retried only after the budget has waited out its pause: see call().
        this.retry = new RetryPolicy<>(settings.maxAttempts(),
                RetryPolicy.Backoff.jittered(settings.baseBackoff(), settings.maxBackoff()), ScimException.class,
                failure -> failure.is(ScimException.Kind.TRANSIENT) || failure.is(ScimException.Kind.RATE_LIMITED));
        this.settings = settings;
        this.observer = observer;
        this.failures = new FailedAnswers(token, budget);
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                // The read timeout is per read: a server that drips a byte a second never trips it.
                .callTimeout(settings.callTimeout())
                .retryOnConnectionFailure(false)
                // A redirect would take the Authorization header to a host no allow-list checked
                // (OkHttp drops it only across hosts, and only for redirects it recognises): a 3xx
                // is an answer, and an error, like any other.
                .followRedirects(false)
                .followSslRedirects(false)
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
            budget.admit(method, route);
            Request.Builder request = new Request.Builder().url(url)
                    .header("Authorization", token.authorizationHeader())
                    .header("Accept", "application/scim+json, application/json");
            request.method(method, payload == null ? null : RequestBody.create(payload, SCIM_JSON));
            long started = System.nanoTime();
            ScimException failure;
            sent.incrementAndGet();
            Call call = http.newCall(request.build());
            try (Response response = call.execute()) {
                observer.answered(method, route, response.code(), Duration.ofNanos(System.nanoTime() - started));
                budget.observe(response);
                String text = CappedBody.read(method, route, response, settings.maxResponseBytes());
                if (response.isSuccessful()) {
                    return parse(method, route, response, text);
                }
                failure = failures.of(method, route, response, text);
            } catch (IOException e) {
                observer.answered(method, route, 0, Duration.ofNanos(System.nanoTime() - started));
                failure = failures.unanswered(method, route, call, e, settings.callTimeout());
            }
            if (!retry.retries(attempt, failure)) {
                throw failure;
            }
            if (failure.is(ScimException.Kind.RATE_LIMITED)) {
                budget.pauseFor(failure.retryAfter());
                if (failure.retryAfter().compareTo(settings.maxRateLimitWait()) > 0) {
                    throw failure;
                }
                // The next admit() waits out the pause, together with every other caller.
            } else {
                pause(retry.backoff().after(attempt), method, route);
            }
        }
    }

    /**
     * One GET sent once, never retried, answered with its body and rate-limit headers: a read-only
     * probe ({@code cfscim doctor}) must know exactly how many requests it cost and what the
     * headers said. A failure is the same {@link ScimException} {@link #call} throws.
     */
    ProbeAnswer probe(String route, HttpUrl url) {
        budget.admit("GET", route);
        Request request = new Request.Builder().url(url).get()
                .header("Authorization", token.authorizationHeader())
                .header("Accept", "application/scim+json, application/json")
                .build();
        long started = System.nanoTime();
        sent.incrementAndGet();
        Call call = http.newCall(request);
        try (Response response = call.execute()) {
            observer.answered("GET", route, response.code(), Duration.ofNanos(System.nanoTime() - started));
            budget.observe(response);
            String text = CappedBody.read("GET", route, response, settings.maxResponseBytes());
            if (!response.isSuccessful()) {
                throw failures.of("GET", route, response, text);
            }
            return new ProbeAnswer(route, parse("GET", route, response, text),
                    response.header("Ratelimit"), response.header("Ratelimit-Policy"),
                    response.header("X-RateLimit-Remaining"));
        } catch (IOException e) {
            observer.answered("GET", route, 0, Duration.ofNanos(System.nanoTime() - started));
            throw failures.unanswered("GET", route, call, e, settings.callTimeout());
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

    /**
     * What {@code read} makes of a successful answer; a failure leaves with its message scrubbed of
     * the token: a message quoting the answer (a malformed list) is not one {@link FailedAnswers} saw.
     */
    <T> T reading(Supplier<T> read) {
        return ScimException.redacting(token, read);
    }

    private byte[] write(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }

    /** A successful answer's JSON (an empty object for an empty body); anything else fails PERMANENT. */
    private JsonNode parse(String method, String route, Response response, String text) {
        if (text.isBlank()) {
            return json.createObjectNode();
        }
        if (!FailedAnswers.isHtml(response, text)) {
            try {
                return json.readTree(text);
            } catch (IOException notJson) {
                // Said below, as what came back rather than a parser's trace.
            }
        }
        throw failures.unreadable(method, route, response, text);
    }
}
