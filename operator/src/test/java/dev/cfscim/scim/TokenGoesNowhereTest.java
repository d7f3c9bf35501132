package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.scim.CraftedScimServer.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token is sent to the endpoint and nowhere else, and no server's answer can make a message
 * carry it: a redirect is never followed, and whatever a server echoes back (the token as it is,
 * URL-encoded, JSON- or HTML-escaped, or "Bearer ..." of any credential) is scrubbed from the error.
 */
class TokenGoesNowhereTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    /** Printable ASCII a token may hold (ApiToken.of), with the characters every escaping rewrites. */
    private static final String TOKEN = "cf-Tok/en+\"q\\&<x>=%;'~0";

    private static CloudflareScimClient.Settings fast() {
        return CloudflareScimClient.Settings.defaults().with(c -> {
            c.baseBackoff = Duration.ofMillis(5);
            c.maxBackoff = Duration.ofMillis(20);
        });
    }

    // ---- redirects --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsNotFollowedAndNamesTheHostItPointedTo(int status) throws Exception {
        // The other server would answer the list: a client that followed would succeed, and send it the token.
        try (CraftedScimServer other = new CraftedScimServer("[]", "[]");
             CraftedScimServer endpoint = CraftedScimServer.answering(new Answer(status,
                     Map.of("Location", other.scimBaseUrl() + "/Users?startIndex=1&count=100"), a -> ""))) {
            CloudflareScimClient client = endpoint.client(ApiToken.of(TOKEN), fast());

            assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
                assertThat(e.kind()).as("not retried").isEqualTo(ScimException.Kind.PERMANENT);
                assertThat(e.status()).isEqualTo(status);
                assertThat(e.getMessage()).isEqualTo("GET /Users: Cloudflare answered " + status + ", a redirect to "
                        + "127.0.0.1:" + other.port() + ", which is not followed: a token is only ever sent to the "
                        + "endpoint");
            });
            assertThat(other.requests()).as("requests the redirect's host received").isEmpty();
            assertThat(endpoint.requests()).as("no retry spent on a redirect").hasSize(1);
        }
    }

    @Test
    void aRedirectOfAWriteIsNotFollowedEither() throws Exception {
        try (CraftedScimServer other = new CraftedScimServer("[]", "[]");
             CraftedScimServer endpoint = CraftedScimServer.answering(new Answer(307,
                     Map.of("Location", other.scimBaseUrl() + "/Users"), a -> ""))) {
            CloudflareScimClient client = endpoint.client(ApiToken.of(TOKEN), fast());

            assertThatThrownBy(() -> client.directory().createUser(new NewUser("alice@example.com", "Alice", "A", null)))
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getMessage())
                            .startsWith("POST /Users: Cloudflare answered 307, a redirect to 127.0.0.1:" + other.port()));
            assertThat(other.requests()).isEmpty();
            assertThat(endpoint.requests()).containsExactly("POST /accounts/" + CraftedScimServer.ACCOUNT_ID
                    + "/scim/v2/Users");
        }
    }

    @Test
    void aRedirectToAPathOfTheSameHostIsNotFollowedEither() throws Exception {
        try (CraftedScimServer endpoint = CraftedScimServer.answering(new Answer(302, Map.of("Location", "/login"),
                a -> ""))) {
            CloudflareScimClient client = endpoint.client(ApiToken.of(TOKEN), fast());

            assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> assertThat(
                    e.getMessage()).contains("a redirect to 127.0.0.1:" + endpoint.port() + ", which is not followed"));
            assertThat(endpoint.requests()).hasSize(1);
        }
    }

    // ---- echoes -----------------------------------------------------------------------------------

    /** The token in the forms a server may echo it in. */
    static Stream<Arguments> echoes() {
        UnaryOperator<String> asIs = t -> t;
        UnaryOperator<String> urlEncoded = t -> URLEncoder.encode(t, StandardCharsets.UTF_8);
        UnaryOperator<String> percentEncodedLowerCase = t -> {
            StringBuilder out = new StringBuilder();
            t.chars().forEach(c -> out.append(Character.isLetterOrDigit(c) ? String.valueOf((char) c)
                    : String.format("%%%02x", c)));
            return out.toString();
        };
        // Go's encoding/json: <, > and & as \\u escapes; and a JSON writer that escapes / too.
        UnaryOperator<String> goJson = t -> t.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/")
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        UnaryOperator<String> html = t -> t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
        return Stream.of(
                Arguments.of("a SCIM error repeating the Authorization header", 401, "application/scim+json",
                        (UnaryOperator<String>) auth -> scimError("401", "invalid " + auth), asIs),
                Arguments.of("a SCIM error repeating the token", 400, "application/scim+json",
                        (UnaryOperator<String>) auth -> scimError("400", "token " + token(auth) + " unknown"), asIs),
                Arguments.of("a v4 envelope repeating the token", 403, "application/json",
                        (UnaryOperator<String>) auth -> "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":"
                                + "\"Authentication error for " + goJson.apply(token(auth)) + "\"}]}", goJson),
                Arguments.of("a URL-encoded token in a 5xx", 502, "text/plain",
                        (UnaryOperator<String>) auth -> "upstream refused ?token=" + urlEncoded.apply(token(auth)),
                        urlEncoded),
                Arguments.of("a percent-encoded token, lower-case hex", 400, "text/plain",
                        (UnaryOperator<String>) auth -> "bad token=" + percentEncodedLowerCase.apply(token(auth)),
                        percentEncodedLowerCase),
                Arguments.of("a proxy's HTML page with the token escaped", 403, "text/html",
                        (UnaryOperator<String>) auth -> "<html><body><p>" + html.apply(auth) + " denied</p></body></html>",
                        html),
                Arguments.of("a 200 that is not JSON repeating the header", 200, "text/plain",
                        (UnaryOperator<String>) auth -> "hello " + auth, asIs));
    }

    private static String token(String authorization) {
        return authorization.substring("Bearer ".length());
    }

    private static String scimError(String status, String detail) {
        try {
            return JSON.writeValueAsString(Map.of("schemas", new String[] {ERROR_SCHEMA}, "status", status,
                    "detail", detail));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoes")
    void anAnswerThatEchoesTheTokenLeavesItOutOfTheError(String name, int status, String contentType,
                                                       UnaryOperator<String> body, UnaryOperator<String> form)
            throws Exception {
        try (CraftedScimServer endpoint = CraftedScimServer.answering(new Answer(status,
                Map.of("Content-Type", contentType), body::apply))) {
            CloudflareScimClient client = endpoint.client(ApiToken.of(TOKEN), fast().with(c -> c.maxAttempts = 1));

            assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
                assertThat(e.getMessage()).as("the echo reached the message, scrubbed").contains("[redacted]")
                        .doesNotContain(TOKEN).doesNotContain(form.apply(TOKEN)).doesNotContain("Bearer " + TOKEN)
                        .doesNotContain("Tok/en").doesNotContain("Tok%2Fen").doesNotContain("Tok\\/en");
                assertThat(e.getMessage()).as("the server's own words are kept").startsWith("GET /Users: ");
            });
        }
    }

    @Test
    void bearerAndAnyCredentialAfterItIsScrubbedToo() throws Exception {
        try (CraftedScimServer endpoint = CraftedScimServer.answering(new Answer(400,
                Map.of("Content-Type", "application/scim+json"),
                auth -> scimError("400", "header was 'authorization: BEARER some-other.credential_42' not ours")))) {
            CloudflareScimClient client = endpoint.client(ApiToken.of(TOKEN), fast());

            assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> assertThat(
                    e.getMessage()).doesNotContain("some-other.credential_42").contains("BEARER [redacted]")
                    .contains("not ours"));
        }
    }

    @Test
    void aListWhoseMalformedMembershipEchoesTheTokenLeavesItOutOfTheError() throws Exception {
        String user = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"1a2b\","
                + "\"userName\":\"alice@example.com\",\"groups\":[" + JSON.writeValueAsString(Map.of("display", TOKEN))
                + "]}";
        try (CraftedScimServer endpoint = new CraftedScimServer("[" + user + "]", "[]")) {
            CloudflareScimClient client = endpoint.client(ApiToken.of(TOKEN), fast());

            assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> assertThat(
                    e.getMessage()).contains("an object without a textual 'value'").contains("[redacted]")
                    .doesNotContain(TOKEN).doesNotContain("Tok\\/en").doesNotContain("Tok/en"));
        }
    }
}
