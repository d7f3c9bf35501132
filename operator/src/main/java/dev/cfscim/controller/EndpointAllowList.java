package dev.cfscim.controller;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a ScimApp's token may be sent to: Cloudflare's API over https always, and beyond it only
 * the patterns the operator's administrator allowed ({@code --allowed-endpoint-hosts}). Whoever may
 * create a ScimApp must not be able to send a namespace's Secret to a host of their choosing.
 *
 * <p>A pattern is {@code host} (any port), {@code host:port}, {@code *.domain} (any host under the
 * domain, any port) or {@code *.domain:port}; an IPv6 address is written in brackets, {@code [::1]}.
 * Hosts compare without case.
 */
public record EndpointAllowList(List<String> patterns) {

    /** Cloudflare's own API host, allowed over https whatever the list says. */
    public static final String CLOUDFLARE_HOST = "api.cloudflare.com";
    /** Only Cloudflare's API: the default. */
    public static final EndpointAllowList CLOUDFLARE_ONLY = new EndpointAllowList(List.of());
    /** The loopback interface beside Cloudflare: the demo and the tests run the emulator there. */
    public static final EndpointAllowList LOOPBACK = new EndpointAllowList(List.of("127.0.0.1", "localhost", "[::1]"));

    public EndpointAllowList {
        List<String> normalised = new ArrayList<>();
        for (String pattern : patterns) {
            String p = pattern.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.contains("/") || p.contains("@") || p.indexOf('*', 1) >= 0 || p.startsWith("*") && !p.startsWith("*.")) {
                throw new IllegalArgumentException("'" + pattern + "' is not a host or host:port pattern "
                        + "(such as scim.example.com, 127.0.0.1:8443 or *.example.com)");
            }
            normalised.add(p);
        }
        patterns = List.copyOf(normalised);
    }

    /** From a comma-separated flag value; null or blank is {@link #CLOUDFLARE_ONLY}. */
    public static EndpointAllowList parse(String commaSeparated) {
        return commaSeparated == null ? CLOUDFLARE_ONLY : new EndpointAllowList(List.of(commaSeparated.split(",")));
    }

    /** Whether the token may be sent to {@code endpoint} (a resolved SCIM base URL). */
    public boolean allows(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !scheme.equals("https") && !scheme.equals("http")) {
            return false;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (scheme.equals("https") && host.equals(CLOUDFLARE_HOST)) {
            return true;
        }
        return patterns.stream().anyMatch(pattern -> matches(pattern, host, port));
    }

    /** The host and port of {@code endpoint} as a pattern would name them, for messages. */
    public static String hostOf(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            return uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : String.valueOf(uri.getHost());
        } catch (URISyntaxException e) {
            return endpoint;
        }
    }

    private static boolean matches(String pattern, String host, int port) {
        String hostPattern = pattern;
        int colon = pattern.lastIndexOf(':');
        // A colon inside brackets belongs to an IPv6 address, not to a port.
        if (colon > pattern.lastIndexOf(']')) {
            hostPattern = pattern.substring(0, colon);
            if (!pattern.substring(colon + 1).equals(Integer.toString(port))) {
                return false;
            }
        }
        if (hostPattern.startsWith("*.")) {
            return host.endsWith(hostPattern.substring(1));
        }
        return host.equals(hostPattern);
    }

    @Override
    public String toString() {
        return patterns.isEmpty() ? CLOUDFLARE_HOST : CLOUDFLARE_HOST + "," + String.join(",", patterns);
    }
}
