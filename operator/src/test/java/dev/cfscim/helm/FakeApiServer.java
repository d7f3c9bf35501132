package dev.cfscim.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Just enough of a Kubernetes API server for Helm to discover it: /version and the legacy discovery
 * documents of the API groups it is told to serve, and 404 for every object (an empty cluster). Helm
 * builds {@code .Capabilities.APIVersions} from this discovery, which {@code helm template} cannot be
 * told about through helm-java. It records the requests it gets.
 */
final class FakeApiServer implements AutoCloseable {
    /** group/version to its resources: plural name, kind, namespaced. */
    private final Map<String, List<String[]>> groups = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** The requests' paths with their query strings (client-go adds ?timeout=...): the HTTP cache's keys. */
    private final List<String> uris = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeApiServer(boolean withPrometheusOperator) throws IOException {
        groups.put("v1", List.of(new String[] {"serviceaccounts", "ServiceAccount", "true"},
                new String[] {"services", "Service", "true"}, new String[] {"secrets", "Secret", "true"},
                new String[] {"events", "Event", "true"}, new String[] {"namespaces", "Namespace", "false"}));
        groups.put("apps/v1", List.<String[]>of(new String[] {"deployments", "Deployment", "true"}));
        groups.put("rbac.authorization.k8s.io/v1", List.of(new String[] {"roles", "Role", "true"},
                new String[] {"rolebindings", "RoleBinding", "true"}, new String[] {"clusterroles", "ClusterRole", "false"},
                new String[] {"clusterrolebindings", "ClusterRoleBinding", "false"}));
        groups.put("coordination.k8s.io/v1", List.<String[]>of(new String[] {"leases", "Lease", "true"}));
        groups.put("apiextensions.k8s.io/v1",
                List.<String[]>of(new String[] {"customresourcedefinitions", "CustomResourceDefinition", "false"}));
        groups.put("policy/v1", List.<String[]>of(new String[] {"poddisruptionbudgets", "PodDisruptionBudget", "true"}));
        if (withPrometheusOperator) {
            groups.put("monitoring.coreos.com/v1", List.of(new String[] {"servicemonitors", "ServiceMonitor", "true"},
                    new String[] {"prometheusrules", "PrometheusRule", "true"}));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fake
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: fake
                  context:
                    cluster: fake
                    user: fake
                current-context: fake
                users:
                - name: fake
                  user:
                    token: not-a-real-token
                """.formatted(server.getAddress().getPort());
    }

    List<String> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        uris.add(exchange.getRequestURI().toString());
        String body = exchange.getRequestMethod().equals("GET") ? discovery(path) : null;
        int status = body == null ? 404 : 200;
        if (body == null) {
            body = """
                    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"not found","reason":"NotFound","code":404}""";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String discovery(String path) {
        switch (path) {
            case "/version":
                return """
                        {"major":"1","minor":"30","gitVersion":"v1.30.0","platform":"linux/amd64"}""";
            case "/api":
                return """
                        {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}""";
            case "/apis":
                return "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + groups.keySet().stream()
                        .filter(gv -> gv.contains("/")).map(gv -> {
                            String group = gv.substring(0, gv.indexOf('/'));
                            String version = "{\"groupVersion\":\"" + gv + "\",\"version\":\"" + gv.substring(gv.indexOf('/') + 1) + "\"}";
                            return "{\"name\":\"" + group + "\",\"versions\":[" + version + "],\"preferredVersion\":" + version + "}";
                        }).collect(Collectors.joining(",")) + "]}";
            default:
                String groupVersion = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") ? path.substring(6) : null;
                List<String[]> resources = groupVersion == null ? null : groups.get(groupVersion);
                if (resources == null) {
                    return null;
                }
                return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                        + "\",\"resources\":[" + resources.stream().map(r -> "{\"name\":\"" + r[0] + "\",\"singularName\":\"\""
                                + ",\"namespaced\":" + r[2] + ",\"kind\":\"" + r[1] + "\",\"verbs\":[\"get\",\"list\",\"watch\",\"create\","
                                + "\"update\",\"patch\",\"delete\"]}").collect(Collectors.joining(",")) + "]}";
        }
    }

    /**
     * Stops, and removes what Helm's discovery client cached about this server under the kube cache
     * directory ($KUBECACHEDIR, else ~/.kube/cache): the discovery documents of 127.0.0.1_PORT, and
     * the HTTP cache entries, named by the SHA-256 of their URLs.
     */
    @Override
    public void close() throws IOException {
        server.stop(0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path cache = System.getenv("KUBECACHEDIR") != null ? Path.of(System.getenv("KUBECACHEDIR"))
                : Path.of(System.getProperty("user.home"), ".kube", "cache");
        Path discovery = cache.resolve("discovery").resolve("127.0.0.1_" + server.getAddress().getPort());
        if (Files.isDirectory(discovery)) {
            try (Stream<Path> files = Files.walk(discovery)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        for (String uri : uris) {
            Files.deleteIfExists(cache.resolve("http").resolve(sha256(base + uri)));
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
