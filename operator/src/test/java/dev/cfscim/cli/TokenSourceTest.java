package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.PlaceholderToken;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which token a command uses, said on standard error and never shown ({@code CLOUDFLARE_API_TOKEN},
 * {@code --token-file PATH}, or the Secret in the files); and the examples' placeholder, refused
 * before any request with the way to create the real Secret.
 */
@ExtendWith(PublishedSchemaCheck.class)
class TokenSourceTest {

    private static final String TOKEN = "source-test-token";

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.USER_GROUPS, TOKEN);

    /** The examples, their Secret holding {@code token} instead of the placeholder. */
    private Path examplesWithSecret(String token) throws IOException {
        Path files = Files.createDirectories(dir.resolve("declared"));
        try (var examples = Files.list(Path.of("../examples"))) {
            for (Path file : examples.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.writeString(files.resolve(file.getFileName()),
                        Files.readString(file).replace(PlaceholderToken.VALUE, token));
            }
        }
        return files;
    }

    private static void assumeNoTokenInTheEnvironment() {
        Assumptions.assumeTrue(System.getenv("CLOUDFLARE_API_TOKEN") == null, "a token is set in the environment");
    }

    @Test
    void planApplyExportAndDoctorSayTheyUseTheTokenFile() {
        String file = account.tokenFile().toString();
        for (CfscimRun run : new CfscimRun[] {
                CfscimRun.of(account.args("plan", "../examples")),
                CfscimRun.of(account.args("apply", "../examples", "--auto-approve")),
                CfscimRun.of("export", "--endpoint", account.cf().scimBaseUrl(), "--token-file", file),
                CfscimRun.of("doctor", "--endpoint", account.cf().scimBaseUrl(), "--token-file", file),
                CfscimRun.of(account.args("doctor", "../examples"))}) {
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.err()).contains("Using the API token from --token-file " + file + "\n")
                    .doesNotContain(TOKEN);
            assertThat(run.out()).doesNotContain(TOKEN);
        }
    }

    @Test
    void theSecretInTheFilesIsNamedWithItsFile() throws IOException {
        assumeNoTokenInTheEnvironment();
        Path files = examplesWithSecret(TOKEN);

        CfscimRun plan = CfscimRun.of("plan", "-f", files.toString(), "--endpoint", account.cf().scimBaseUrl());

        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.err()).contains("Using the API token from " + files.resolve("secret.yaml")
                + ": Secret cfscim/cloudflare-scim-token key token\n").doesNotContain(TOKEN);
    }

    @Test
    void theEnvironmentIsNamedAndComesBeforeTheSecret() throws IOException {
        Workspace.Options options = new Workspace.Options();
        options.declaration.paths.add(examplesWithSecret("the-secrets-token"));
        options.connection.endpoint = account.cf().scimBaseUrl();
        StringWriter err = new StringWriter();

        Workspace.Target target = Workspace.open(options, Map.of("CLOUDFLARE_API_TOKEN", TOKEN),
                new PrintWriter(err, true));

        assertThat(err.toString()).contains("Using the API token from CLOUDFLARE_API_TOKEN\n").doesNotContain(TOKEN);
        assertThat(target.plan().plan().isEmpty()).as("the environment's token opened the account").isFalse();
    }

    @Test
    void theExamplesPlaceholderIsRefusedBeforeAnyRequestSayingHowToCreateTheRealSecret() {
        assumeNoTokenInTheEnvironment();

        for (String command : new String[] {"plan", "apply", "doctor"}) {
            CfscimRun run = CfscimRun.of(command, "-f", "../examples", "--endpoint", account.cf().scimBaseUrl());

            assertThat(run.exit()).as(command).isEqualTo(1);
            assertThat(run.err()).as(command)
                    .contains("Error: the token in Secret cfscim/cloudflare-scim-token key token ("
                            + Path.of("../examples/secret.yaml") + ") is the examples' placeholder, not a Cloudflare API token")
                    .contains("set CLOUDFLARE_API_TOKEN or pass --token-file")
                    .contains("kubectl -n cfscim create secret generic cloudflare-scim-token "
                            + "--from-literal=token=\"$CLOUDFLARE_API_TOKEN\"")
                    .contains("kubectl -n cfscim label secret cloudflare-scim-token scim.cfscim.dev/token=true");
        }
        assertThat(account.cf().requests().total()).as("nothing sent").isZero();
    }
}
