package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint nothing answers on: plan, apply and export say what they tried (host and port) and
 * why, and point to {@code cfscim doctor}; doctor says the same as its finding, and points nowhere.
 */
class UnreachableEndpointTest {

    private static final String PATH = "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/scim/v2";

    @TempDir
    Path dir;

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void planApplyAndExportNameWhatTheyTriedAndSuggestDoctor() throws IOException {
        int port = closedPort();
        String endpoint = "http://127.0.0.1:" + port + PATH;
        String token = Files.writeString(dir.resolve("token"), "a-token").toString();

        for (CfscimRun run : new CfscimRun[] {
                CfscimRun.of("plan", "-f", "../examples", "--endpoint", endpoint, "--token-file", token),
                CfscimRun.of("apply", "-f", "../examples", "--endpoint", endpoint, "--token-file", token, "--auto-approve"),
                CfscimRun.of("export", "--endpoint", endpoint, "--token-file", token)}) {
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err())
                    .contains("Error: GET /Users: no answer from 127.0.0.1:" + port
                            + ": connection refused (nothing listens on that port)")
                    .contains("cfscim doctor")
                    .doesNotContain("ConnectException").doesNotContain("Exception:");
        }
    }

    @Test
    void doctorSaysWhatItTriedAsItsFinding() throws IOException {
        int port = closedPort();
        String token = Files.writeString(dir.resolve("token"), "a-token").toString();

        CfscimRun run = CfscimRun.of("doctor", "--endpoint", "http://127.0.0.1:" + port + PATH, "--token-file", token);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("fail  endpoint: GET /Users: no answer from 127.0.0.1:" + port
                + ": connection refused (nothing listens on that port)");
        assertThat(run.err()).doesNotContain("cfscim doctor");
    }
}
