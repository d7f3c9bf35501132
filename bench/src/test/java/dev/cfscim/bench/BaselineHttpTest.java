package dev.cfscim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The IdP baselines' HTTP: a connection lost before any answer is tried again, and not counted as sent. */
class BaselineHttpTest {

    @Test
    void aPostWhoseConnectionIsLostBeforeAnyAnswerIsSentAgainAndCountedOnce() throws Exception {
        try (Server server = new Server(1)) {
            BaselineHttp http = new BaselineHttp(server.url(), "token");

            var answer = http.post("/Users", http.json().createObjectNode().put("userName", "a@example.com"));

            assertThat(answer.path("id").asText()).isEqualTo("u1");
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(http.sent()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatNeverAnswersIsAnErrorAfterThreeTries() throws Exception {
        try (Server server = new Server(Integer.MAX_VALUE)) {
            BaselineHttp http = new BaselineHttp(server.url(), "token");

            assertThatThrownBy(() -> http.post("/Users", http.json().createObjectNode()))
                    .isInstanceOf(UncheckedIOException.class).hasMessage("POST /Users");
            assertThat(server.connections.get()).isEqualTo(3);
            assertThat(http.sent()).isZero();
        }
    }

    /** Reads each request's head; closes the first {@code drops} connections without a word, then answers 201. */
    private static final class Server implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;

        Server(int drops) throws IOException {
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        int n = connections.incrementAndGet();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                StandardCharsets.UTF_8));
                        int length = 0;
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            if (line.toLowerCase().startsWith("content-length:")) {
                                length = Integer.parseInt(line.substring(15).trim());
                            }
                        }
                        in.skip(length);
                        if (n > drops) {
                            byte[] body = "{\"id\":\"u1\"}".getBytes(StandardCharsets.UTF_8);
                            OutputStream out = s.getOutputStream();
                            out.write(("HTTP/1.1 201 Created\r\nContent-Type: application/scim+json\r\nContent-Length: "
                                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                            out.write(body);
                            out.flush();
                        }
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
        }
    }
}
