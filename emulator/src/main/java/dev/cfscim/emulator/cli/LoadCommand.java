package dev.cfscim.emulator.cli;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.RateLimit;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A small closed-loop load generator: each connection sends its next request as soon as the last
 * answer arrives, over keep-alive HTTP/1.1 written straight to a socket, so the client costs little
 * of the CPU it shares with the emulator. It measures simple requests: 80% GET /Users/{id}, 20%
 * GET /Users?filter=userName eq "...".
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Measure the emulator's throughput with simple SCIM requests.")
final class LoadCommand implements Callable<Integer> {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{32})\"");

    @Option(names = "--url", description = "Base URL of a running emulator (default: start one in this process).")
    String url;

    @Option(names = "--account-id", description = "Account of the running emulator (with --url).")
    String accountId;

    @Option(names = "--token", description = "Token of the running emulator's account (with --url); its rate limit must be off.")
    String token;

    @Option(names = "--connections", defaultValue = "8", description = "Concurrent keep-alive connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of warm-up, not measured (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--users", defaultValue = "1000", description = "Users created before the run (default: ${DEFAULT-VALUE}).")
    int users;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CloudflareEmulator embedded = null;
        if (url == null) {
            embedded = CloudflareEmulator.builder().rateLimit(RateLimit.OFF).build().start();
            url = embedded.baseUrl();
            accountId = embedded.accountId();
            token = embedded.token();
        } else if (accountId == null || token == null) {
            throw new IllegalArgumentException("--url needs --account-id and --token");
        }
        try {
            URI base = URI.create(url);
            String scimPath = "/client/v4/accounts/" + accountId + "/scim/v2";
            out.printf("Seeding %d users at %s ...%n", users, url);
            out.flush();
            List<String[]> seeded = seed(base, scimPath);
            Run warmup = run(base, scimPath, seeded, warmupSeconds);
            Run measured = run(base, scimPath, seeded, durationSeconds);
            out.printf("Warm-up: %d requests in %d s%n", warmup.requests, warmupSeconds);
            out.printf("Measured: %d requests in %.1f s over %d connections, %d not 200%n",
                    measured.requests, measured.seconds, connections, measured.failures);
            out.printf("Throughput: %.0f requests/s%n", measured.requests / measured.seconds);
            out.printf("Latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    measured.percentile(50), measured.percentile(99), measured.percentile(100));
            out.printf("Machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            out.flush();
            return measured.failures == 0 ? 0 : 1;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Creates the users through the API and returns each one's id and userName. */
    private List<String[]> seed(URI base, String scimPath) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = Long.toHexString(System.nanoTime());
        List<String[]> seeded = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            String userName = "load-" + run + "-" + i + "@example.com";
            String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                    + "\",\"emails\":[{\"value\":\"" + userName + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(scimPath + "/Users"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() != 201 || !id.find()) {
                throw new IllegalStateException("seeding failed with " + response.statusCode() + ": " + response.body());
            }
            seeded.add(new String[] {id.group(1), userName});
        }
        return seeded;
    }

    private Run run(URI base, String scimPath, List<String[]> seeded, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        Histogram latencies = new Histogram();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Thread worker = new Thread(() -> {
                Histogram own = new Histogram();
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        String[] user = seeded.get(random.nextInt(seeded.size()));
                        String target = random.nextInt(5) == 0
                                ? scimPath + "/Users?filter=" + URLEncoder.encode("userName eq \"" + user[1] + "\"",
                                        StandardCharsets.UTF_8).replace("+", "%20")
                                : scimPath + "/Users/" + user[0];
                        long t0 = System.nanoTime();
                        out.write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                                + "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/scim+json\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        int status = readResponse(in);
                        own.record(System.nanoTime() - t0);
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    failures.incrementAndGet();
                } finally {
                    latencies.add(own);
                    done.countDown();
                }
            }, "load-" + c);
            worker.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Run(latencies.count(), failures.get(), elapsed, latencies);
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int status = -1;
        int contentLength = 0;
        while (true) {
            line.setLength(0);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            if (line.length() == 0) {
                break;
            }
            String header = line.toString();
            if (status < 0) {
                status = Integer.parseInt(header.substring(9, 12));
            } else if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                contentLength = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.readNBytes(contentLength);
        return status;
    }

    private record Run(long requests, long failures, double seconds, Histogram latencies) {
        double percentile(int p) {
            return latencies.percentileMillis(p);
        }
    }

    /** Latencies in 10-microsecond buckets up to one second: fixed memory however long the run. */
    private static final class Histogram {
        private static final long BUCKET_NANOS = 10_000;
        private final long[] buckets = new long[100_001];
        private long count;

        void record(long nanos) {
            buckets[(int) Math.min(buckets.length - 1, nanos / BUCKET_NANOS)]++;
            count++;
        }

        synchronized void add(Histogram other) {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += other.buckets[i];
            }
            count += other.count;
        }

        synchronized long count() {
            return count;
        }

        synchronized double percentileMillis(int p) {
            long rank = Math.max(1, (long) Math.ceil(p / 100.0 * count));
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    return (i + 1) * BUCKET_NANOS / 1e6;
                }
            }
            return 0;
        }
    }
}
