package dev.cfscim.cli;

import dev.cfscim.controller.SharedStrings;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Kubernetes API: fabric8's mock server in CRUD mode, with this project's CRDs
 * installed from the ones the build generates. No real API server can be had on a laptop without
 * a container runtime; this one stores, lists, watches and patches like one (it has no server-side
 * apply, so the operator runs without it here), and, having no RBAC, allows everything when asked.
 * Its store finds an object by name as a real API server finds it by key ({@link KeyedCrudDispatcher}).
 */
public final class EmbeddedCluster implements AutoCloseable {

    /** The generated CRDs, as the build puts them on the classpath. */
    public static final List<String> CRDS = List.of("scimapps", "scimusers", "scimgroups", "grouprolebindings");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private EmbeddedCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    public static EmbeddedCluster start() {
        // CRUD for every resource, plus the one answer CRUD cannot give: an access review.
        Map<ServerRequest, Queue<ServerResponse>> answers = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), answers,
                new KeyedMixedDispatcher(answers), false);
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, everythingAllowed()).always();
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        for (CustomResourceDefinition crd : crds(client)) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        return new EmbeddedCluster(server, client);
    }

    /**
     * This API server has no RBAC, so a rules review allows everything. JOSDK asks for one before
     * it runs for the Lease of leader election; a CRUD store would echo the request back, rules-less.
     */
    private static SelfSubjectRulesReview everythingAllowed() {
        return new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                .addToResourceRules(new ResourceRuleBuilder().withApiGroups("*").withResources("*").withVerbs("*")
                        .build())
                .endStatus().build();
    }

    /** The project's CRDs, read from the classpath (the generated {@code META-INF/fabric8} files). */
    public static List<CustomResourceDefinition> crds(KubernetesClient client) {
        return CRDS.stream().map(plural -> {
            String path = "/META-INF/fabric8/" + plural + ".scim.cfscim.dev-v1.yml";
            try (InputStream in = EmbeddedCluster.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("CRD " + path + " is not on the classpath: build with Maven, "
                            + "which generates it");
                }
                return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * From now on, refuses every {@code method} request to exactly {@code path} with 403 Forbidden, as
     * a real API server does when RBAC grants no such verb: what the operator does without a
     * permission can then be seen here too.
     */
    public void refuse(String method, String path) {
        Status forbidden = new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage(method + " " + path + " is forbidden: RBAC grants no such verb to this user").build();
        var expectation = switch (method) {
            case "POST" -> server.expect().post();
            case "PUT" -> server.expect().put();
            case "PATCH" -> server.expect().patch();
            case "DELETE" -> server.expect().delete();
            case "GET" -> server.expect().get();
            default -> throw new IllegalArgumentException("no such method: " + method);
        };
        expectation.withPath(path).andReturn(403, forbidden).always();
    }

    /**
     * A second client of this API server that names itself in its User-Agent, so that its requests
     * can be told from the others' in {@link #takeRequests()} (the operator's, say, from a test's).
     */
    public KubernetesClient client(String userAgent) {
        return SharedStrings.clientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build()).build();
    }

    /** One request as the API server saw it: method, path with query, and who sent it. */
    public record ApiRequest(String method, String path, String userAgent) {}

    /** Takes the requests recorded since the last call (the server keeps every one until taken). */
    public List<ApiRequest> takeRequests() {
        List<ApiRequest> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
                requests.add(new ApiRequest(request.getMethod(), request.getPath(), request.getHeader("User-Agent")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    /** Requests the API server has answered so far. */
    public int requestCount() {
        return server.getRequestCount();
    }

    public String url() {
        return client.getMasterUrl().toString();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
