package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * An answer that is not the success asked for, as the {@link ScimException} of the right kind. Its
 * message keeps the server's own words, since they say what went wrong, but scrubbed of the token
 * ({@link ApiToken#redact}) before any message is made of them: a server that echoes the request
 * must not put the token into a status, an event or a log line.
 */
final class FailedAnswers {

    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(300);
    private static final String HTML_ANSWER = "the server answered HTML, not SCIM JSON: is the endpoint right?";

    private final ApiToken token;
    private final TokenBudget budget;
    private final ObjectMapper json = new ObjectMapper();

    FailedAnswers(ApiToken token, TokenBudget budget) {
        this.token = token;
        this.budget = budget;
    }

    /** A non-2xx answer, with its body as text. */
    ScimException of(String method, String route, Response response, String text) {
        int status = response.code();
        if (status >= 300 && status < 400) {
            return new ScimException(ScimException.Kind.PERMANENT, status, null,
                    token.redact(method + " " + route + ": " + redirect(response)), null, null);
        }
        String scimType = null;
        String detail = text.isBlank() ? response.message() : text;
        if (isHtml(response, text)) {
            // A proxy's error page: what it is says more than its markup.
            detail = HTML_ANSWER + ": " + text;
        }
        try {
            JsonNode body = text.isBlank() ? null : json.readTree(text);
            if (body != null && isScimError(body)) {
                scimType = body.hasNonNull("scimType") ? token.redact(body.get("scimType").asText()) : null;
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
        // Scrubbed before it is cut short: half a token cut off is still half a token.
        String message = method + " " + route + ": " + status + (scimType == null ? "" : " " + scimType) + ": "
                + abbreviate(token.redact(detail));
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
        return new ScimException(kind, status, scimType, token.redact(message), retryAfter, null);
    }

    /**
     * A 3xx, never followed (the client is built so): the token would go with the request to
     * wherever the server points, which no allow-list checked. Names the host and port it pointed
     * to, so that a user can put that endpoint in the ScimApp if it is the right one.
     */
    private static String redirect(Response response) {
        String location = response.header("Location");
        HttpUrl target = location == null ? null : response.request().url().resolve(location);
        String where = target == null ? (location == null ? "nowhere (no Location)" : "'" + abbreviate(location) + "'")
                : hostAndPort(target);
        return "Cloudflare answered " + response.code() + ", a redirect to " + where
                + ", which is not followed: a token is only ever sent to the endpoint";
    }

    /**
     * A 2xx whose body is not JSON: an HTML page or any other text, PERMANENT, saying what came back
     * rather than a parser's trace: the usual cause is a proxy or a wrong endpoint, which retrying
     * does not mend.
     */
    ScimException unreadable(String method, String route, Response response, String text) {
        String what = isHtml(response, text) ? HTML_ANSWER + ": "
                : "the server answered " + typeOf(response) + " that is not JSON, not SCIM JSON: is the endpoint right? ";
        return new ScimException(ScimException.Kind.PERMANENT, response.code(), null, method + " " + route + ": "
                + response.code() + ": " + what + abbreviate(token.redact(text)), null, null);
    }

    /**
     * No whole answer: TRANSIENT, naming the host and port it tried and why in words (connection
     * refused, unknown host, timed out) rather than an exception's name, and said plainly when it
     * was the call's deadline (OkHttp cancels a call whose {@code callTimeout} passes) rather than a
     * bare "timeout". An I/O error may quote what the server sent (a status line it could not read),
     * so it is scrubbed too.
     */
    ScimException unanswered(String method, String route, Call call, IOException e, Duration callTimeout) {
        String where = hostAndPort(call.request().url());
        String why = call.isCanceled() && e instanceof InterruptedIOException
                ? "no whole answer within the call deadline of " + callTimeout.toMillis()
                        + " ms (callTimeout: connect, send, wait and read the body); the server at " + where
                        + " is too slow or drips its answer"
                : "no answer from " + where + ": " + inWords(e);
        return new ScimException(ScimException.Kind.TRANSIENT, 0, null,
                token.redact(method + " " + route + ": " + why), null, e);
    }

    /** {@code host:port}, an IPv6 address in brackets, as a user would type it. */
    static String hostAndPort(HttpUrl url) {
        return (url.host().contains(":") ? "[" + url.host() + "]" : url.host()) + ":" + url.port();
    }

    /** What went wrong on the way, as a person says it. */
    private static String inWords(IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UnknownHostException) {
            return "unknown host (the name does not resolve from here)";
        }
        if (e instanceof ConnectException) {
            // OkHttp says "Failed to connect to /host:port", the refusal itself in the cause.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = String.valueOf(cause.getMessage()) + " " + detail;
            return message.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused (nothing listens on that port)" : "cannot connect (" + cause.getMessage() + ")";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out (" + detail + ")";
        }
        return e.getClass().getSimpleName() + ": " + detail;
    }

    /** An HTML page, by its content type or, when that is missing or wrong, by how it starts. */
    static boolean isHtml(Response response, String text) {
        String type = response.header("Content-Type", "");
        String start = text.stripLeading();
        return type.toLowerCase(Locale.ROOT).contains("html")
                || start.regionMatches(true, 0, "<!doctype html", 0, 14)
                || start.regionMatches(true, 0, "<html", 0, 5);
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

    private static boolean isScimError(JsonNode body) {
        for (JsonNode schema : body.path("schemas")) {
            if (ERROR_SCHEMA.equals(schema.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String typeOf(Response response) {
        String type = response.header("Content-Type");
        return type == null ? "a body without a content type" : "a body of " + type;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
