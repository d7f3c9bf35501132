package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cfscim completion`: a script bash accepts, that completes the commands and their options. */
class CompletionCommandTest {

    @Test
    void bashCompletesSubcommandsAndTheirOptions(@TempDir Path dir) throws Exception {
        CfscimRun run = CfscimRun.of("completion", "bash");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("complete -F").contains("plan").contains("apply").contains("doctor")
                .contains("--allow-deprovisions");
        Path script = dir.resolve("cfscim-completion.bash");
        Files.writeString(script, run.out());
        // bash itself must parse it, as a user's shell will when it sources it.
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }

    @Test
    void zshLoadsBashCompletionFirst() {
        CfscimRun run = CfscimRun.of("completion", "zsh");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n")
                .contains("complete -F");
    }

    @Test
    void anUnknownShellIsAClearError() {
        CfscimRun run = CfscimRun.of("completion", "fish");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("fish").contains("bash").contains("zsh");
    }
}
