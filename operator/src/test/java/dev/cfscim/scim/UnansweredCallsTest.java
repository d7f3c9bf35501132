package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A call that gets no answer says what it tried, host and port, and why in words (connection
 * refused, unknown host, timed out), rather than a bare exception's name; it is TRANSIENT, with the
 * I/O error kept as its cause, and {@link ScimException#unanswered()} tells it from an answer.
 */
@ExtendWith(PublishedSchemaCheck.class)
@BeyondPublishedSchema(UnansweredCallsTest.SLOW)
class UnansweredCallsTest {

    static final String SLOW = "an emulator fault that delays the answer past the client's read timeout";

    private static final String PATH = "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/scim/v2";

    private static CloudflareScimClient client(String base, String token, Duration readTimeout) {
        CloudflareScimClient.Settings settings = new CloudflareScimClient.Settings(Duration.ofSeconds(5), readTimeout,
                2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2), 100, 100);
        return new CloudflareScimClient(base, ApiToken.of(token), new TokenBudget(TokenBudget.Limit.CLOUDFLARE),
                settings, CloudflareScimClient.RequestObserver.NONE);
    }

    private static ScimException failure(CloudflareScimClient client) {
        try {
            client.directory().listUsers();
        } catch (ScimException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aRefusedConnectionNamesTheHostAndPortItTried() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        ScimException e = failure(client("http://127.0.0.1:" + port + PATH, "a-token", Duration.ofSeconds(5)));

        assertThat(e.kind()).isEqualTo(ScimException.Kind.TRANSIENT);
        assertThat(e.unanswered()).isTrue();
        assertThat(e.getMessage()).isEqualTo("GET /Users: no answer from 127.0.0.1:" + port
                + ": connection refused (nothing listens on that port)");
    }

    @Test
    void anUnknownHostSaysSo() {
        // .invalid never resolves (RFC 2606).
        ScimException e = failure(client("https://cloudflare-scim.invalid" + PATH, "a-token", Duration.ofSeconds(5)));

        assertThat(e.unanswered()).isTrue();
        assertThat(e.getMessage()).isEqualTo("GET /Users: no answer from cloudflare-scim.invalid:443: unknown host "
                + "(the name does not resolve from here)");
    }

    @Test
    void aTimeoutSaysWhatTimedOut() {
        try (CloudflareEmulator cf = CloudflareEmulator.builder().profile(Profile.USER_GROUPS)
                .onExchange(PublishedSchemaCheck::record).rateLimit(RateLimit.OFF).build().start()) {
            cf.faults().add(FaultRule.route("GET /Users").latencyMs(30_000).build());

            ScimException e = failure(client(cf.scimBaseUrl(), cf.token(), Duration.ofMillis(500)));

            assertThat(e.unanswered()).isTrue();
            assertThat(e.getMessage()).startsWith("GET /Users: no answer from 127.0.0.1:" + cf.port() + ": timed out (")
                    .doesNotContain(cf.token());
        }
    }

    @Test
    void anAnswerIsNotUnanswered() {
        try (CloudflareEmulator cf = CloudflareEmulator.builder().profile(Profile.USER_GROUPS)
                .onExchange(PublishedSchemaCheck::record).rateLimit(RateLimit.OFF).build().start()) {
            assertThatThrownBy(() -> client(cf.scimBaseUrl(), "not-the-token", Duration.ofSeconds(5)).directory().listUsers())
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.unanswered()).isFalse());
        }
    }
}
