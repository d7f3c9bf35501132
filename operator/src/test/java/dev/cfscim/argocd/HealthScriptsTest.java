package dev.cfscim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What ships in argocd/ (each kind's health/*.lua and argocd-cm.yaml, which embeds them) is exactly
 * what HealthScripts renders from argocd/src/. When this fails because argocd/src/ changed, refresh
 * the rendered files: mvn -pl operator -am process-test-classes -Pupdate-argocd (docs/testing.md).
 */
class HealthScriptsTest {

    private static final String REFRESH = "argocd/src/ renders another %s than ships; refresh it with "
            + "mvn -pl operator -am process-test-classes -Pupdate-argocd";

    @Test
    void whatShipsIsWhatTheSourceRenders() {
        Map<String, String> rendered = HealthScripts.render(RepoFiles.path("argocd"));
        assertThat(rendered.keySet()).hasSize(HealthScripts.KINDS.size() + 1).contains(HealthScripts.CONFIG_MAP);
        rendered.forEach((file, text) ->
                assertThat(RepoFiles.read("argocd/" + file)).as(REFRESH, "argocd/" + file).isEqualTo(text));
    }

    @Test
    void everyKindRendersTheSharedHelpersAndItsOwnName() {
        Map<String, String> rendered = HealthScripts.render(RepoFiles.path("argocd"));
        for (String kind : HealthScripts.KINDS) {
            String script = rendered.get(HealthScripts.scriptPath(kind));
            assertThat(script).as(kind)
                    .startsWith("-- Argo CD health check: scim.cfscim.dev/v1alpha1 " + kind + " ")
                    .contains("local function stale(metadata, status)", "local ready = condition(status, \"Ready\")")
                    .doesNotContain("${", "--- ")
                    .endsWith("return hs\n");
        }
    }
}
