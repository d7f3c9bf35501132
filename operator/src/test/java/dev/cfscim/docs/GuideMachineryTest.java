package dev.cfscim.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guides' test can fail: what it reads of a guide, how it reads a shell line, what it refuses to
 * run and how it compares an output block with what a command printed.
 */
class GuideMachineryTest {

    @TempDir
    Path folder;

    @Test
    void aFenceWithoutALanguageAndAnUnknownMarkerAreProblems() {
        GuideFile guide = GuideFile.parse("g.md", List.of(
                "```", "echo", "```",
                "<!-- not run: too lazy -->", "```sh", "ls", "```",
                "<!-- not run: needs a Kubernetes cluster (Argo CD) -->", "```sh", "kubectl get pods", "```",
                "  ```text", "  printed", "  ```"));
        assertThat(guide.problems()).hasSize(2);
        assertThat(guide.problems().get(0)).startsWith("g.md:1: a fence without a language");
        assertThat(guide.problems().get(1)).startsWith("g.md:5: an unknown marker <!-- not run: too lazy -->");
        assertThat(Marker.of(guide.fences().get(2).marker())).isEqualTo(new Marker.NotRun("needs a Kubernetes cluster (Argo CD)"));
        assertThat(guide.fences().get(3).lines()).as("the fence's indentation taken off").containsExactly("printed");
    }

    @Test
    void aShellLineIsReadAsTheShellReadsIt() {
        List<ShellLine> lines = ShellSyntax.parse("""
                # a comment line
                E=http://x/$A"b c"'$d' \\
                    --flag     # exit 2
                curl -s "$(jq -r '.id' | cat)" | jq -r .id
                """, "g.md", 10);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).line()).isEqualTo(11);
        assertThat(lines.get(0).expectedExit()).isEqualTo(2);
        assertThat(lines.get(0).pipeline().get(0).words()).hasSize(2);
        assertThat(lines.get(0).pipeline().get(0).words().get(0).parts()).containsExactly(
                new ShellLine.Text("E=http://x/", false), new ShellLine.Variable("A", false),
                new ShellLine.Text("b c", true), new ShellLine.Text("$d", true));
        assertThat(lines.get(1).line()).isEqualTo(13);
        assertThat(lines.get(1).expectedExit()).isZero();
        assertThat(lines.get(1).pipeline()).hasSize(2);
        for (String refused : List.of("a && b", "a; b", "a > f", "a `b`", "echo $?", "a || b")) {
            assertThatThrownBy(() -> ShellSyntax.parse(refused, "g.md", 1), refused)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.md:1: shell syntax");
        }
        assertThat(ShellSyntax.withoutComment("mvn -Dtest='A#b*' -q   # some methods")).isEqualTo("mvn -Dtest='A#b*' -q");
    }

    @Test
    void whatTheShellCannotRunAsWrittenIsRefused() throws Exception {
        try (GuideShell shell = new GuideShell(folder, 1)) {
            shell.run(line("H=\"a b\""));
            assertThatThrownBy(() -> shell.run(line("kubectl get pods"))).hasMessageContaining("'kubectl' is a command the guides' test does not run");
            assertThatThrownBy(() -> shell.run(line("curl $H"))).hasMessageContaining("$H unquoted is 'a b'");
            assertThatThrownBy(() -> shell.run(line("curl \"$NOPE\""))).hasMessageContaining("$NOPE is not set");
            assertThatThrownBy(() -> shell.run(line("curl -s https://api.cloudflare.com/client/v4/accounts")))
                    .hasMessageContaining("sends nothing beyond this machine");
            assertThatThrownBy(() -> shell.run(line("java -jar other.jar"))).hasMessageContaining("runs java -jar");
            shell.run(line("export CLOUDFLARE_API_TOKEN=t"));
            CommandResult withoutToken = shell.run(line("env -u CLOUDFLARE_API_TOKEN cfscim doctor --endpoint http://127.0.0.1:1/x"));
            assertThat(withoutToken.exit()).isEqualTo(1);
            assertThat(withoutToken.err()).contains("no API token");
        }
    }

    @Test
    void anOutputBlockMustShowLinesTheCommandPrintedInItsOrder() {
        String printed = "Using the token\nApply complete: 14 applied; 20 requests.\nat 2026-12-01T22:41:00Z in 0.4s\n";
        assertThat(ShownOutput.mismatch(List.of("...", "Apply complete: 14 applied; 20 requests.", "",
                "at 2027-01-01T00:00:00Z in 12s"), printed, folder, 1)).isEmpty();
        assertThat(ShownOutput.mismatch(List.of("Apply complete: 13 applied; 20 requests."), printed, folder, 1))
                .hasValueSatisfying(problem -> assertThat(problem).contains("did not print"));
        assertThat(ShownOutput.mismatch(List.of("Apply complete: 14 applied; 20 requests.", "Using the token"), printed, folder, 1))
                .hasValueSatisfying(problem -> assertThat(problem).contains("after the lines before it"));
        assertThat(ShownOutput.mismatch(List.of("http://127.0.0.1:8787/x examples/a.yaml"),
                "http://127.0.0.1:4242/x " + folder.toAbsolutePath() + "/examples/a.yaml", folder, 4242)).isEmpty();
    }

    @Test
    void aBlockRunByCiMustBeALineOfItsScript() {
        CiScript ci = new CiScript(List.of("mvn -B verify", "mvn -B -q -pl x test -Dtest='A#b*'"));
        assertThat(ci.missing(new Fence("g.md", 1, "sh", "run by CI", List.of("mvn -B verify   # all tests",
                "mvn -B -q -pl x \\", "  test -Dtest='A#b*'")))).isEmpty();
        assertThat(ci.missing(new Fence("g.md", 1, "sh", "run by CI", List.of("mvn -B -ntp verify")))).contains("mvn -B -ntp verify");
        assertThat(Curl.urlEncoded("filter=userName eq \"a@b.c\"")).isEqualTo("filter=userName%20eq%20%22a%40b.c%22");
    }

    private static ShellLine line(String text) {
        return ShellSyntax.parse(text, "g.md", 1).get(0);
    }
}
