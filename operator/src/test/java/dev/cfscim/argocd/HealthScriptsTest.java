package dev.cfscim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What ships (argocd/argocd-cm.yaml, which embeds each kind's check) is exactly what HealthScripts
 * renders from argocd/src/. When this fails because argocd/src/ changed, refresh it:
 * mvn -pl operator -am process-test-classes -Pupdate-argocd (docs/testing.md).
 */
class HealthScriptsTest {

    @Test
    void whatShipsIsWhatTheSourceRenders() {
        assertThat(RepoFiles.read("argocd/" + HealthScripts.CONFIG_MAP))
                .as("argocd/src/ renders another argocd/argocd-cm.yaml than ships; refresh it with "
                        + "mvn -pl operator -am process-test-classes -Pupdate-argocd")
                .isEqualTo(HealthScripts.configMap(RepoFiles.path("argocd")));
    }

    @Test
    void everyKindRendersTheSharedHelpersAndItsOwnName() {
        Map<String, String> scripts = HealthScripts.scripts(RepoFiles.path("argocd"));
        assertThat(scripts).hasSize(HealthScripts.KINDS.size());
        for (String kind : HealthScripts.KINDS) {
            assertThat(scripts.get(HealthScripts.key(kind))).as(kind)
                    .startsWith("-- Argo CD health check: scim.cfscim.dev/v1alpha1 " + kind + " ")
                    .contains("local function stale(metadata, status)", "local ready = condition(status, \"Ready\")")
                    .doesNotContain("${", "--- ")
                    .endsWith("return hs\n");
        }
    }
}
