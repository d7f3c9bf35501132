package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.cli.EmbeddedCluster;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.helm.HelmChartTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's RBAC is exactly what the operator uses: the operator runs a whole lifecycle (provision,
 * deprovision, a ScimUser deleted, the ScimApp deleted; the removals counted in the ledger ConfigMap
 * of its own namespace, created, then updated) with a client of its own, the API server
 * records every request that client sends, and the verbs per resource it used must equal what the
 * chart grants (HelmChartTest checks the chart against the same map). A verb granted and never used,
 * or used and not granted, fails here.
 */
@ExtendWith(PublishedSchemaCheck.class)
class ApiUsageRbacTest {

    private static final String OPERATOR_AGENT = "cfscim-operator-under-rbac-test";

    @AutoClose
    private OperatorHarness h;
    @AutoClose
    private KubernetesClient operatorClient;

    @Test
    void theChartGrantsExactlyTheVerbsTheOperatorSends() {
        h = new OperatorHarness();
        operatorClient = h.cluster.client(OPERATOR_AGENT);
        h.startOperator(operatorClient, OperatorHarness.options());
        h.applyExamples();
        h.awaitExamplesConverged();

        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName("jonas-berg").edit(u -> {
            u.getSpec().setActive(false);
            return u;
        });
        eventually().until(() -> !h.isMember("jonas.berg@acme.example.com"));

        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName("priya-raman").delete();
        eventually().until(() -> h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName("priya-raman").get() == null);

        h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName("acme-prod").delete();
        eventually().until(() -> h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName("acme-prod").get() == null
                && h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).list().getItems().stream()
                        .allMatch(u -> u.getMetadata().getFinalizers() == null || u.getMetadata().getFinalizers().isEmpty()));
        h.stopOperator();

        Map<String, Set<String>> used = new TreeMap<>();
        Set<String> ledgerNamespaces = new TreeSet<>();
        for (EmbeddedCluster.ApiRequest request : h.cluster.takeRequests()) {
            if (request.userAgent() != null && request.userAgent().equals(OPERATOR_AGENT)) {
                ResourceVerb.of(request.method(), request.path())
                        .ifPresent(rv -> used.computeIfAbsent(rv.resource(), r -> new TreeSet<>()).add(rv.verb()));
                if (request.path().contains("/configmaps")) {
                    ledgerNamespaces.add(request.path().replaceFirst("^/api/v1/namespaces/([^/]+)/.*$", "$1"));
                }
            }
        }
        assertThat(used).as("verbs the operator sent, per resource").isNotEmpty();
        assertThat(ledgerNamespaces).as("the removal ledgers are only in the operator's own namespace, "
                + "where the chart's ledger Role grants them").containsExactly(OperatorHarness.OPERATOR_NAMESPACE);
        // The ledger's grants are in the release namespace only; the rest in every watched namespace.
        Map<String, Set<String>> granted = new TreeMap<>(HelmChartTest.OPERATOR_GRANTS);
        granted.putAll(HelmChartTest.LEDGER_GRANTS);
        used.forEach((resource, verbs) -> assertThat(granted.getOrDefault(resource, Set.of()))
                .as("the chart grants what the operator sent to %s (else a 403 in a cluster)", resource)
                .containsAll(verbs));
        granted.forEach((resource, verbs) -> {
            Set<String> unused = new TreeSet<>(verbs);
            unused.removeAll(used.getOrDefault(resource, Set.of()));
            unused.removeAll(ON_CONFLICT_ONLY.getOrDefault(resource, Set.of()));
            assertThat(unused).as("granted on %s and never sent: trim the chart's rules", resource).isEmpty();
        });
    }

    /**
     * Verbs sent only when the API server refuses a write as stale (409): JOSDK then reads the
     * ScimApp again. Whether a run meets such a race depends on timing, so they may go unseen here.
     */
    private static final Map<String, Set<String>> ON_CONFLICT_ONLY = Map.of("scim.cfscim.dev/scimapps", Set.of("get"));

    /** A request as RBAC sees it: the resource ("group/plural[/subresource]", core group "") and the verb. */
    record ResourceVerb(String resource, String verb) {

        /** Empty for what RBAC does not guard by resource (discovery: /api, /apis, /version). */
        static java.util.Optional<ResourceVerb> of(String method, String pathAndQuery) {
            int q = pathAndQuery.indexOf('?');
            String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
            List<String> parts = List.of(path.replaceFirst("^/", "").split("/"));
            String group;
            List<String> rest;
            if (parts.get(0).equals("api") && parts.size() > 2) {
                group = "";
                rest = parts.subList(2, parts.size());
            } else if (parts.get(0).equals("apis") && parts.size() > 3) {
                group = parts.get(1);
                rest = parts.subList(3, parts.size());
            } else {
                return java.util.Optional.empty();
            }
            if (rest.get(0).equals("namespaces") && rest.size() > 2) {
                rest = rest.subList(2, rest.size());
            }
            String resource = group + "/" + rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
            boolean named = rest.size() > 1;
            String verb = switch (method) {
                case "GET" -> named ? "get" : query.contains("watch=true") || query.contains("watch=1") ? "watch" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> method.toLowerCase();
            };
            return java.util.Optional.of(new ResourceVerb(resource, verb));
        }
    }
}
