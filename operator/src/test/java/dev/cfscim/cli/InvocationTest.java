package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * cfscim run in-process from an {@link Invocation} of its own, as a shell in another folder would
 * run it: relative paths from that folder, {@code CLOUDFLARE_API_TOKEN} from that environment,
 * {@code -f -} from that standard input (the guides' test runs every guide's commands so).
 */
@ExtendWith(PublishedSchemaCheck.class)
class InvocationTest {

    @TempDir
    Path folder;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.USER_GROUPS, "invocation-token");

    @Test
    void pathsEnvironmentAndStandardInputAreTheInvocations() throws IOException {
        Files.createDirectory(folder.resolve("examples"));
        StringBuilder stream = new StringBuilder();
        try (DirectoryStream<Path> examples = Files.newDirectoryStream(Path.of("../examples"), "*.yaml")) {
            for (Path example : examples) {
                Files.copy(example, folder.resolve("examples").resolve(example.getFileName()));
                stream.append(Files.readString(example)).append("\n---\n");
            }
        }
        Map<String, String> environment = Map.of("CLOUDFLARE_API_TOKEN", "invocation-token");

        String[] fromFolder = run(new Invocation(folder, environment, () -> new ByteArrayInputStream(new byte[0])),
                "plan", "-f", "examples/", "--endpoint", account.cf().scimBaseUrl());
        assertThat(fromFolder[1]).startsWith("Using the API token from CLOUDFLARE_API_TOKEN\n");
        assertThat(fromFolder[0]).contains("Plan: 14 to add, 0 to change, 0 to remove, 0 held.");

        String[] fromInput = run(new Invocation(folder, environment,
                        () -> new ByteArrayInputStream(stream.toString().getBytes(StandardCharsets.UTF_8))),
                "plan", "-f", "-", "--endpoint", account.cf().scimBaseUrl());
        assertThat(fromInput[0]).isEqualTo(fromFolder[0]);

        String[] withoutToken = run(new Invocation(folder, Map.of(), () -> new ByteArrayInputStream(new byte[0])),
                "plan", "-f", "examples/", "--endpoint", account.cf().scimBaseUrl());
        assertThat(withoutToken[1]).as("the Secret in the invocation's folder, placeholder and all")
                .contains("(" + folder.resolve("examples/secret.yaml") + ") is the examples' placeholder");
    }

    /** stdout and stderr of one run; fails unless it exits as a plan of the examples does (0, or 1 when refused). */
    private static String[] run(Invocation invocation, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cfscim.commandLine(invocation);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        assertThat(exit).as(out + "\n" + err).isIn(0, 1);
        return new String[] {out.toString(), err.toString()};
    }
}
