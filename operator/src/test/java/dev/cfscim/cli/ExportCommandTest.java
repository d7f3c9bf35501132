package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cfscim export} as a user runs it: the examples' account, once applied, comes back as
 * reviewable files (the owner in a comment, the token nowhere); a failed read writes nothing.
 */
@ExtendWith(PublishedSchemaCheck.class)
class ExportCommandTest {

    private static final String TOKEN = "export-cli-token";

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.VIRTUAL_GROUPS, TOKEN);

    private CfscimRun export(String... more) {
        List<String> args = new ArrayList<>(List.of("export", "--endpoint", account.cf().scimBaseUrl(),
                "--token-file", account.tokenFile().toString(), "--app", "acme-prod", "--namespace", "cfscim"));
        args.addAll(List.of(more));
        return CfscimRun.of(args.toArray(String[]::new));
    }

    @Test
    void theExamplesComeBackAsFilesToReview() throws IOException {
        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--auto-approve"));
        assertThat(apply.exit()).as(apply.err()).isZero();
        account.cf().resetRequests();
        Path out = dir.resolve("acme");

        CfscimRun export = export("--out", out.toString());

        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).isEmpty();
        assertThat(export.err()).contains("Exported account 023e105f4ecef8ad9ca31a8372d0c353 (groupMode VirtualGroups): "
                + "5 users, 3 groups, 3 bindings, 1 left undeclared").contains("nothing written to Cloudflare");
        assertThat(account.cf().requests().total()).isEqualTo(account.cf().requests().method("GET"));
        assertThat(account.cf().requests().route("GET /Groups")).as("the group list is read once").isEqualTo(1);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("app.yaml",
                    "secret.yaml", "users.yaml", "groups.yaml", "bindings.yaml", "kustomization.yaml");
        }
        assertThat(Files.readString(out.resolve("kustomization.yaml"))).endsWith("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - app.yaml
                  - users.yaml
                  - groups.yaml
                  - bindings.yaml
                """);
        String users = Files.readString(out.resolve("users.yaml"));
        assertThat(users)
                .contains("# - owner@example.com: Super Administrator outside SCIM")
                .doesNotContain("userName: owner@example.com")
                .contains("""
                        kind: ScimUser
                        metadata:
                          name: priya-raman
                          namespace: cfscim
                          labels:
                            scim.cfscim.dev/app: acme-prod
                        spec:
                          userName: priya.raman@acme.example.com
                          name:
                            givenName: Priya
                            familyName: Raman
                        """);
        assertThat(Files.readString(out.resolve("bindings.yaml"))).contains("""
                kind: GroupRoleBinding
                metadata:
                  name: dns
                  namespace: cfscim
                spec:
                  appRef: acme-prod
                  groupRef: dns
                  role: DNS
                """);
        assertThat(Files.readString(out.resolve("groups.yaml"))).contains("# virtual role group 'CF-023e105f4ecef8ad9ca31a8372d0c353 - DNS'");
        String secret = Files.readString(out.resolve("secret.yaml"));
        assertThat(secret.lines().filter(l -> !l.isBlank())).allSatisfy(l -> assertThat(l).startsWith("#"));
        assertThat(secret).contains("#     scim.cfscim.dev/token: \"true\"").contains("# kind: Secret");
        assertThat(Files.readString(out.resolve("app.yaml"))).contains("  managementPolicy: Observe\n");

        CfscimRun plan = CfscimRun.of("plan", "-f", out.toString(), "--endpoint", account.cf().scimBaseUrl(),
                "--token-file", account.tokenFile().toString());
        assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes.");
    }

    @Test
    void standardOutputIsOneStreamWithoutTheToken() {
        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--auto-approve"));
        assertThat(apply.exit()).as(apply.err()).isZero();

        CfscimRun export = export();

        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).startsWith("# Exported by `cfscim export` from Cloudflare account")
                .contains("\n---\n").doesNotContain(TOKEN).doesNotContain("null");
        assertThat(export.out().split("\n---\n")).hasSize(1 + 5 + 3 + 3);
        assertThat(export.err()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /Users", "GET /members"})
    void aFailedReadWritesNothing(String route) throws IOException {
        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--auto-approve"));
        assertThat(apply.exit()).as(apply.err()).isZero();
        Path out = Files.createDirectories(dir.resolve("export"));
        Files.writeString(out.resolve("users.yaml"), "# an earlier export\n");
        account.cf().faults().add(FaultRule.route(route).errorRate(1.0).build());
        account.cf().resetRequests();

        CfscimRun export = export("--out", out.toString());

        assertThat(export.exit()).as(export.err()).isEqualTo(1);
        // The token it used, then the error, and nothing else.
        String tokenLine = "Using the API token from --token-file " + account.tokenFile() + "\n";
        assertThat(export.err()).startsWith(tokenLine);
        assertThat(export.err().substring(tokenLine.length())).startsWith("Error: ").contains(route.substring(4))
                .contains("500").doesNotContain("Exception").doesNotContain(TOKEN);
        assertThat(export.out()).isEmpty();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactly(out.resolve("users.yaml"));
        }
        assertThat(Files.readString(out.resolve("users.yaml"))).isEqualTo("# an earlier export\n");
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings).as("no staging folder left").containsExactly(out);
        }
        assertThat(account.cf().requests().total()).isEqualTo(account.cf().requests().method("GET"));
    }

    @Test
    void aTokenThatMayNotReadMembersIsToldThatTheOwnerMayBeExportedAsAUser() {
        assertThat(CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--auto-approve")).exit()).isZero();
        account.cf().faults().add(FaultRule.route("GET /members").errorRate(1.0).errorStatus(403).build());

        CfscimRun export = export();

        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).contains("Warning: this token may not read the account's members")
                .contains("the account owner and Super Administrators made outside SCIM may be exported as ScimUsers");
        assertThat(export.out()).contains("userName: owner@example.com");
    }

    @Test
    void aNameKubernetesWouldRefuseIsRefusedBeforeAnyRequest() {
        CfscimRun export = CfscimRun.of("export", "--endpoint", account.cf().scimBaseUrl(), "--token-file",
                account.tokenFile().toString(), "--app", "Acme_Prod");

        assertThat(export.exit()).isEqualTo(1);
        assertThat(export.err()).contains("--app 'Acme_Prod' is not a valid Kubernetes name");
        assertThat(account.cf().requests().total()).isZero();
    }
}
