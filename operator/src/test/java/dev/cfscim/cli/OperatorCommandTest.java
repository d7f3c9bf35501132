package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code cfscim operator} refuses bad settings with one clear line, before it connects anywhere;
 * and as a process, it leads and stops as a pod must.
 */
class OperatorCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --log-level|loud|unknown log level 'loud'
            --log-format|xml|unknown log format 'xml'
            --default-resync-interval|0s|--default-resync-interval 0s: '0s' is too short: must be from 1s to 168h (7 days)
            --default-resync-interval|9999999999999h|--default-resync-interval 9999999999999h: '9999999999999h' is too long
            --default-request-budget-per|48h|--default-request-budget-per 48h: '48h' is too long: must be from 1s to 24h
            --default-resync-interval|soon|--default-resync-interval soon
            --default-request-budget-headroom|1.5|invalid default request budget: headroom must be in (0, 1]
            --allowed-endpoint-hosts|https://scim.example.com/|--allowed-endpoint-hosts: 'https://scim.example.com/' is not a host
            """)
    void refusesABadSetting(String option, String value, String message) {
        CfscimRun run = CfscimRun.of("operator", "--http-port", "-1", option, value);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Error: ").contains(message);
    }

    @Test
    void documentsItsFlags() {
        CfscimRun help = CfscimRun.of("operator", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--namespaces").contains("leader-election").contains("--log-format")
                .contains("--default-resync-interval").contains("--default-request-budget-requests")
                .contains("--allowed-endpoint-hosts").contains("--ledger-namespace");
    }

    /**
     * The kubelet stops a pod with SIGTERM. A leader's shutdown ends its leadership, and JOSDK's
     * default reaction to that, System.exit from inside the shutdown hook, would block for ever.
     */
    @Test
    void aLeaderStoppedWithSigtermExitsPromptly(@TempDir Path dir) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("cfscim")
                    .endMetadata().build()).create();
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: embedded, cluster: {server: "%s"}}]
                    contexts: [{name: embedded, context: {cluster: embedded, user: embedded, namespace: cfscim}}]
                    current-context: embedded
                    users: [{name: embedded, user: {token: embedded}}]
                    """.formatted(cluster.url()));
            Path log = dir.resolve("operator.log");
            ProcessBuilder operator = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Cfscim.class.getName(),
                    "operator", "--leader-election", "--http-port", "-1")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            operator.environment().put("KUBECONFIG", kubeconfig.toString());
            operator.environment().put("HOSTNAME", "cfscim-operator-0");
            operator.environment().remove("POD_NAMESPACE");
            Process process = operator.start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Optional.ofNullable(cluster.client().resources(Lease.class).inNamespace("cfscim")
                                .withName("cloudflare-scim-operator").get())
                                .map(l -> "cfscim-operator-0".equals(l.getSpec().getHolderIdentity())).orElse(false));

                process.destroy();

                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
                assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(143);
                assertThat(Files.readString(log)).contains("Stopped leading: this replica is stopping");
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
