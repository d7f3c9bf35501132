package dev.cfscim.docs;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code curl} as the guides use it, over Java's HTTP client and to this machine only: {@code -s},
 * {@code -i}, {@code -X METHOD}, {@code -H HEADER}, {@code -d DATA}, {@code -G} and
 * {@code --data-urlencode}, with curl's defaults (POST when there is data and no {@code -G}, the
 * form content type unless a header names one); exit 7 when nothing answers. Stricter than curl on
 * purpose: an answer of 400 or more exits 22, as {@code curl --fail} would (curl alone exits 0), so
 * that a guide's request that Cloudflare would refuse fails the guide; a line that means to get an
 * error says so ({@code # ... exit 22}). Any other option is refused.
 */
final class Curl {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Curl() {
    }

    static CommandResult run(List<String> args) throws IOException, InterruptedException {
        String method = null;
        String url = null;
        boolean include = false;
        boolean query = false;
        List<String> headers = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-s", "--silent" -> { }
                case "-i", "--include" -> include = true;
                case "-G", "--get" -> query = true;
                case "-X", "--request" -> method = value(args, ++i, arg);
                case "-H", "--header" -> headers.add(value(args, ++i, arg));
                case "-d", "--data" -> data.add(value(args, ++i, arg));
                case "--data-urlencode" -> data.add(urlEncoded(value(args, ++i, arg)));
                default -> {
                    if (arg.startsWith("-") || url != null) {
                        throw new IllegalArgumentException("curl " + arg + ": an option or argument the guides' test does not run");
                    }
                    url = arg;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("curl without a URL");
        }
        URI uri = URI.create(url);
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("curl " + url + ": the guides' test sends nothing beyond this machine");
        }
        String joined = String.join("&", data);
        if (query && !data.isEmpty()) {
            uri = URI.create(url + (url.contains("?") ? "&" : "?") + joined);
        }
        boolean body = !data.isEmpty() && !query;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        boolean typed = false;
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).strip();
            typed |= name.equalsIgnoreCase("Content-Type");
            request.header(name, header.substring(colon + 1).strip());
        }
        if (body && !typed) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.method(method != null ? method : body ? "POST" : "GET",
                body ? HttpRequest.BodyPublishers.ofString(joined) : HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            return CommandResult.failed(7, "curl: (7) Failed to connect to " + uri.getHost() + " port " + uri.getPort() + "\n");
        }
        StringBuilder out = new StringBuilder();
        if (include) {
            out.append("HTTP/1.1 ").append(response.statusCode()).append('\n');
            response.headers().map().forEach((name, values) -> values.forEach(v -> out.append(name).append(": ").append(v).append('\n')));
            out.append('\n');
        }
        out.append(response.body());
        return CommandResult.ofOutput(response.statusCode() >= 400 ? 22 : 0, out.toString());
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("curl " + option + " without its value");
        }
        return args.get(index);
    }

    /** As curl's --data-urlencode: NAME=CONTENT sends NAME= and CONTENT percent-encoded (all but A-Z a-z 0-9 - . _ ~). */
    static String urlEncoded(String data) {
        int equals = data.indexOf('=');
        String name = equals < 0 ? "" : data.substring(0, equals + 1);
        String content = equals < 0 ? data : data.substring(equals + 1);
        StringBuilder encoded = new StringBuilder(name);
        for (byte b : content.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
