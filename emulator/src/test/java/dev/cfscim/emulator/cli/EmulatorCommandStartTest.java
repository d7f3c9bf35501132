package dev.cfscim.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code EmulatorCommand.start}: the emulator the jar's options describe, started and handed back
 * rather than waited on, for a test that runs a guide's command line as written.
 */
class EmulatorCommandStartTest {

    @Test
    void theJarsOptionsStartTheEmulatorTheyDescribeAndItPrintsWhatTheJarPrints() throws Exception {
        StringWriter out = new StringWriter();
        try (CloudflareEmulator emulator = EmulatorCommand.start(List.of("--account-id", "023e105f4ecef8ad9ca31a8372d0c353",
                "--token", "demo-token", "--profile", "transition", "--super-admin", "owner@example.com", "--port", "0"),
                new PrintWriter(out, true))) {
            assertThat(emulator.profile()).isEqualTo(Profile.TRANSITION);
            assertThat(out.toString().lines()).containsExactly(
                    "SCIM base URL: http://127.0.0.1:" + emulator.port() + "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/scim/v2",
                    "API token: demo-token",
                    "Account ID: 023e105f4ecef8ad9ca31a8372d0c353",
                    "Admin API: http://127.0.0.1:" + emulator.port() + "/__emulator/",
                    "Profile: transition, rate limit: 1200/5m. Press Ctrl-C to stop.");
            HttpResponse<String> users = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(emulator.scimBaseUrl() + "/Users?filter=userName%20eq%20%22owner@example.com%22"))
                    .header("Authorization", "Bearer demo-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).contains("owner@example.com");
        }
    }

    @Test
    void optionsTheJarRefusesAreRefusedWithItsMessage() {
        StringWriter out = new StringWriter();
        assertThatThrownBy(() -> EmulatorCommand.start(List.of("--profile", "nope", "--port", "0"), new PrintWriter(out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> EmulatorCommand.start(List.of("--no-such-option"), new PrintWriter(out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--no-such-option");
        assertThatThrownBy(() -> EmulatorCommand.start(List.of("load", "--duration", "1"), new PrintWriter(out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the emulator's server");
        assertThat(out.toString()).as("nothing started, nothing printed").isEmpty();
    }
}
