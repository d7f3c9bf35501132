package dev.cfscim.helm;

import static dev.cfscim.helm.Chart.FULLNAME;
import static dev.cfscim.helm.Chart.NAMESPACE;
import static dev.cfscim.helm.Chart.all;
import static dev.cfscim.helm.Chart.grants;
import static dev.cfscim.helm.Chart.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chart lints strictly, and renders (Helm's own template engine, through helm-java) into manifests
 * that parse, run a hardened pod, and grant exactly what the operator uses: in cluster mode (default
 * values) and in namespaced mode with two replicas (docs/install.md's example values).
 */
public class HelmChartTest {

    /**
     * What the operator does in each namespace it watches (all of them in cluster mode), and nothing
     * more: ApiUsageRbacTest records the verbs the operator sends through a lifecycle and compares.
     */
    public static final Map<String, Set<String>> OPERATOR_GRANTS = Map.of(
            "scim.cfscim.dev/scimapps", Set.of("get", "list", "watch", "patch"),
            "scim.cfscim.dev/scimapps/status", Set.of("patch"),
            "scim.cfscim.dev/scimusers", Set.of("get", "list", "watch", "patch"),
            "scim.cfscim.dev/scimusers/status", Set.of("patch"),
            "scim.cfscim.dev/scimgroups", Set.of("list", "watch"),
            "scim.cfscim.dev/scimgroups/status", Set.of("patch"),
            "scim.cfscim.dev/grouprolebindings", Set.of("list", "watch"),
            "scim.cfscim.dev/grouprolebindings/status", Set.of("patch"),
            "/secrets", Set.of("list", "watch"),
            "/events", Set.of("create"));
    /**
     * The removal ledgers (a ConfigMap per Cloudflare account) in the operator's own namespace, the
     * release namespace: read, created, and updated with the resourceVersion read. Nothing else.
     */
    public static final Map<String, Set<String>> LEDGER_GRANTS = Map.of("/configmaps", Set.of("get", "create", "update"));
    static final String LEDGER = FULLNAME + "-ledger";
    static final Map<String, Set<String>> LEASE_GRANTS = Map.of(
            "coordination.k8s.io/leases", Set.of("get", "create", "update"));
    static final Map<String, Set<String>> RULES_REVIEW_GRANTS = Map.of(
            "authorization.k8s.io/selfsubjectrulesreviews", Set.of("create"));
    static final String LEADER_ELECTION = FULLNAME + "-leader-election";

    @Test
    void lintsStrictly() {
        LintResult result = new Helm(Chart.renderable()).lint().strict().quiet().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void lintsStrictlyWithTheExampleValuesToo() {
        // helm-java's lint takes no values file: check the example's values pass the chart's checks by rendering.
        assertThat(Chart.parse(Chart.template(t -> t.withValuesFile(Chart.NAMESPACED_VALUES)))).isNotEmpty();
    }

    @Test
    void refusesALogFormatOtherThanTextOrJson() {
        // values.schema.json refuses it first, naming the allowed values.
        assertThatThrownBy(() -> Chart.template(t -> t.set("logFormat", "xml")))
                .hasMessageContaining("logFormat must be one of the following: \"text\", \"json\"");
    }

    @Test
    void everyRenderedDocumentParsesAndCarriesTheStandardLabels() {
        for (String manifests : List.of(Chart.template(t -> t), Chart.template(t -> t.withValuesFile(Chart.NAMESPACED_VALUES)))) {
            List<HasMetadata> objects = Chart.parse(manifests);
            assertThat(objects).isNotEmpty();
            for (HasMetadata object : objects) {
                assertThat(object.getMetadata().getLabels())
                        .as("labels of %s %s", object.getKind(), object.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/name", "cloudflare-scim-operator")
                        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                        .containsEntry("app.kubernetes.io/managed-by", "Helm")
                        .containsEntry("app.kubernetes.io/version", "0.1.0")
                        .containsEntry("helm.sh/chart", "cloudflare-scim-operator-0.1.0");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ClusterModeWithDefaultValues {
        List<HasMetadata> objects;

        @BeforeAll
        void render() {
            objects = Chart.parse(Chart.template(t -> t));
        }

        @Test
        void rendersExactlyTheseObjects() {
            assertThat(Chart.describe(objects)).containsExactlyInAnyOrder(
                    "CustomResourceDefinition grouprolebindings.scim.cfscim.dev",
                    "CustomResourceDefinition scimapps.scim.cfscim.dev",
                    "CustomResourceDefinition scimgroups.scim.cfscim.dev",
                    "CustomResourceDefinition scimusers.scim.cfscim.dev",
                    "ServiceAccount cfscim-system/" + FULLNAME,
                    "ClusterRole " + FULLNAME,
                    "ClusterRoleBinding " + FULLNAME,
                    "Role cfscim-system/" + LEDGER,
                    "RoleBinding cfscim-system/" + LEDGER,
                    "Service cfscim-system/" + FULLNAME + "-metrics",
                    "Deployment cfscim-system/" + FULLNAME);
        }

        @Test
        void clusterRoleGrantsExactlyWhatTheOperatorUses() {
            ClusterRole role = one(objects, ClusterRole.class, FULLNAME);
            assertThat(grants(role.getRules())).isEqualTo(OPERATOR_GRANTS);
        }

        @Test
        void clusterRoleIsBoundToTheServiceAccount() {
            ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class, FULLNAME);
            assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME);
            assertThat(binding.getSubjects()).extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ServiceAccount", FULLNAME, NAMESPACE));
            assertThat(one(objects, ServiceAccount.class, FULLNAME).getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        }

        @Test
        void ledgerRoleInTheReleaseNamespaceWithExactlyGetCreateUpdateOnConfigMaps() {
            assertLedgerRole(objects);
        }

        @Test
        void noLeaderElectionWithOneReplica() {
            assertThat(all(objects, Role.class)).extracting(r -> r.getMetadata().getName()).containsExactly(LEDGER);
            assertThat(all(objects, RoleBinding.class)).extracting(r -> r.getMetadata().getName()).containsExactly(LEDGER);
            assertThat(objects.stream().filter(o -> o instanceof ClusterRole).flatMap(o -> ((ClusterRole) o).getRules().stream())
                    .flatMap(r -> r.getResources().stream())).doesNotContain("leases", "selfsubjectrulesreviews");
            Deployment deployment = one(objects, Deployment.class, FULLNAME);
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
            assertThat(container(deployment).getArgs()).noneMatch(a -> a.startsWith("--leader-election")
                    || a.startsWith("--lease-") || a.startsWith("--namespaces"));
            assertThat(deployment.getSpec().getStrategy().getType())
                    .as("one operator at a time without leader election").isEqualTo("Recreate");
        }

        @Test
        void podIsHardened() {
            Deployment deployment = one(objects, Deployment.class, FULLNAME);
            PodSecurityContext pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();
            assertThat(pod.getRunAsNonRoot()).isTrue();
            assertThat(pod.getRunAsUser()).isEqualTo(65532L);
            assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            SecurityContext container = container(deployment).getSecurityContext();
            assertThat(container.getRunAsNonRoot()).isTrue();
            assertThat(container.getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getPrivileged()).isFalse();
            assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            // The JVM writes to /tmp: an emptyDir, since the root filesystem is read-only.
            assertThat(container(deployment).getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                        .anySatisfy(v -> {
                            assertThat(v.getName()).isEqualTo(m.getName());
                            assertThat(v.getEmptyDir()).isNotNull();
                        });
            });
        }

        @Test
        void containerRunsTheOperatorWithProbesResourcesAndFlags() {
            Deployment deployment = one(objects, Deployment.class, FULLNAME);
            Container container = container(deployment);
            assertThat(container.getImage()).isEqualTo("ghcr.io/cfscim/cloudflare-scim-operator:0.1.0");
            assertThat(container.getArgs()).containsExactly(
                    "operator",
                    "--http-port=8080",
                    "--log-level=info",
                    "--log-format=text",
                    "--default-resync-interval=10m",
                    "--default-request-budget-requests=1200",
                    "--default-request-budget-per=5m",
                    "--default-request-budget-headroom=0.9");
            assertThat(container.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
            });
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(container.getResources().getRequests()).containsEntry("memory", new Quantity("256Mi"));
            assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
            assertThat(container.getEnv()).extracting(EnvVar::getName).contains("POD_NAMESPACE", "JAVA_TOOL_OPTIONS");
            assertThat(env(container, "JAVA_TOOL_OPTIONS").getValue()).contains("-XX:MaxRAMPercentage=");
            assertThat(env(container, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
            assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(FULLNAME);
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(Map.of("app.kubernetes.io/name", "cloudflare-scim-operator", "app.kubernetes.io/instance", Chart.RELEASE));
        }

        @Test
        void metricsServiceTargetsTheOperatorAndNoServiceMonitorByDefault() {
            Service service = one(objects, Service.class, FULLNAME + "-metrics");
            assertThat(service.getSpec().getSelector())
                    .isEqualTo(one(objects, Deployment.class, FULLNAME).getSpec().getSelector().getMatchLabels());
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http-metrics");
                assertThat(p.getPort()).isEqualTo(8080);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
            assertThat(Chart.byKind(objects, "ServiceMonitor")).isEmpty();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NamespacedModeWithTheExampleValues {
        List<HasMetadata> objects;

        @BeforeAll
        void render() {
            objects = Chart.parse(Chart.template(t -> t.withValuesFile(Chart.NAMESPACED_VALUES)));
        }

        @Test
        void aRoleAndRoleBindingInTheWatchedNamespaceWithExactlyWhatTheOperatorUses() {
            List<Role> roles = all(objects, Role.class).stream().filter(r -> r.getMetadata().getName().equals(FULLNAME)).toList();
            assertThat(roles).singleElement().satisfies(role -> {
                assertThat(role.getMetadata().getNamespace()).isEqualTo("cfscim");
                assertThat(grants(role.getRules())).isEqualTo(OPERATOR_GRANTS);
            });
            List<RoleBinding> bindings = all(objects, RoleBinding.class).stream()
                    .filter(b -> b.getMetadata().getName().equals(FULLNAME)).toList();
            assertThat(bindings).singleElement().satisfies(binding -> {
                assertThat(binding.getMetadata().getNamespace()).isEqualTo("cfscim");
                assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
                assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME);
                assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                    assertThat(s.getKind()).isEqualTo("ServiceAccount");
                    assertThat(s.getName()).isEqualTo(FULLNAME);
                    assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
                });
            });
        }

        @Test
        void nothingClusterWideButTheRulesReviewOfLeaderElection() {
            assertThat(all(objects, ClusterRole.class)).singleElement().satisfies(role -> {
                assertThat(role.getMetadata().getName()).isEqualTo(LEADER_ELECTION);
                assertThat(grants(role.getRules())).isEqualTo(RULES_REVIEW_GRANTS);
            });
            assertThat(all(objects, ClusterRoleBinding.class)).singleElement().satisfies(binding -> {
                assertThat(binding.getRoleRef().getName()).isEqualTo(LEADER_ELECTION);
                assertThat(binding.getSubjects()).extracting(Subject::getName, Subject::getNamespace)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(FULLNAME, NAMESPACE));
            });
        }

        @Test
        void ledgerRoleInTheReleaseNamespaceWithExactlyGetCreateUpdateOnConfigMaps() {
            assertLedgerRole(objects);
        }

        @Test
        void leaseRoleInTheReleaseNamespaceWithExactlyGetCreateUpdate() {
            Role lease = one(objects, Role.class, LEADER_ELECTION);
            assertThat(lease.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
            assertThat(grants(lease.getRules())).isEqualTo(LEASE_GRANTS);
            RoleBinding binding = one(objects, RoleBinding.class, LEADER_ELECTION);
            assertThat(binding.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
            assertThat(binding.getRoleRef().getName()).isEqualTo(LEADER_ELECTION);
            assertThat(binding.getSubjects()).extracting(Subject::getName).containsExactly(FULLNAME);
        }

        @Test
        void twoReplicasWatchingCfscimWithLeaderElectionAndJsonLogs() {
            Deployment deployment = one(objects, Deployment.class, FULLNAME);
            assertThat(deployment.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
            assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
            Container container = container(deployment);
            assertThat(container.getArgs()).contains(
                    "--namespaces=cfscim",
                    "--leader-election",
                    "--lease-name=" + FULLNAME,
                    "--lease-namespace=$(POD_NAMESPACE)",
                    "--log-format=json");
            // $(POD_NAMESPACE) in args is expanded by the kubelet from the downward API: the release namespace.
            assertThat(env(container, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        }

        @Test
        void noServiceMonitorNorAlertsSoThatAClusterWithoutThePrometheusOperatorInstallsThem() {
            // docs/install.md's path from an empty cluster uses these values: a ServiceMonitor would fail it.
            assertThat(Chart.byKind(objects, "ServiceMonitor")).isEmpty();
            assertThat(Chart.byKind(objects, "PrometheusRule")).isEmpty();
            assertThat(all(objects, Service.class)).extracting(s -> s.getMetadata().getName()).containsExactly(FULLNAME + "-metrics");
        }
    }

    @Test
    void aRoleAndRoleBindingInEachWatchedNamespace() {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t.set("watchNamespaces[0]", "team-a")
                .set("watchNamespaces[1]", "team-b")));
        List<Role> operatorRoles = all(objects, Role.class).stream().filter(r -> !r.getMetadata().getName().equals(LEDGER)).toList();
        assertThat(operatorRoles).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(operatorRoles).allSatisfy(r -> assertThat(grants(r.getRules())).isEqualTo(OPERATOR_GRANTS));
        assertThat(all(objects, RoleBinding.class).stream().filter(r -> !r.getMetadata().getName().equals(LEDGER)))
                .extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertLedgerRole(objects);
        assertThat(all(objects, ClusterRole.class)).as("one replica: no leader election, nothing cluster-wide").isEmpty();
        assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
        assertThat(container(one(objects, Deployment.class, FULLNAME)).getArgs()).contains("--namespaces=team-a,team-b");
    }

    @Test
    void clusterModeWithTwoReplicasAddsOnlyTheLeaderElectionGrants() {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t.set("replicas", 2)));
        assertThat(grants(one(objects, ClusterRole.class, FULLNAME).getRules())).isEqualTo(OPERATOR_GRANTS);
        assertThat(grants(one(objects, ClusterRole.class, LEADER_ELECTION).getRules())).isEqualTo(RULES_REVIEW_GRANTS);
        assertThat(grants(one(objects, Role.class, LEADER_ELECTION).getRules())).isEqualTo(LEASE_GRANTS);
        assertThat(all(objects, Role.class)).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(LEADER_ELECTION, LEDGER);
        assertThat(container(one(objects, Deployment.class, FULLNAME)).getArgs()).contains("--leader-election")
                .noneMatch(a -> a.startsWith("--namespaces"));
    }

    @Test
    void emptyDefaultsPassNoFlagAndTheImageTagCanBeSet() {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t.set("defaults.resyncInterval", "")
                .set("defaults.requestBudget.per", "").set("image.tag", "1.2.3").set("logLevel", "debug")));
        Container container = container(one(objects, Deployment.class, FULLNAME));
        assertThat(container.getImage()).isEqualTo("ghcr.io/cfscim/cloudflare-scim-operator:1.2.3");
        assertThat(container.getArgs()).contains("--log-level=debug", "--default-request-budget-requests=1200")
                .noneMatch(a -> a.startsWith("--default-resync-interval") || a.startsWith("--default-request-budget-per"));
    }

    @Test
    void allowedEndpointHostsPassTheFlag() {
        List<HasMetadata> objects = Chart.parse(Chart.template(t -> t.set("allowedEndpointHosts[0]", "scim.example.com")
                .set("allowedEndpointHosts[1]", "127.0.0.1:8443")));
        assertThat(container(one(objects, Deployment.class, FULLNAME)).getArgs())
                .contains("--allowed-endpoint-hosts=scim.example.com,127.0.0.1:8443");
    }

    static Container container(Deployment deployment) {
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    /** The ledger's Role and its binding, in the release namespace (the operator's), in every mode. */
    private static void assertLedgerRole(List<HasMetadata> objects) {
        Role ledger = one(objects, Role.class, LEDGER);
        assertThat(ledger.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(grants(ledger.getRules())).isEqualTo(LEDGER_GRANTS);
        RoleBinding binding = one(objects, RoleBinding.class, LEDGER);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(LEDGER);
        assertThat(binding.getSubjects()).extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ServiceAccount", FULLNAME, NAMESPACE));
    }
}
