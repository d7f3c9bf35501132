package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code cfscim plan} and {@code apply} end to end against the emulator, as a user runs them. */
@ExtendWith(PublishedSchemaCheck.class)
class CliTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.VIRTUAL_GROUPS, "cli-test-token");

    @Test
    void planApplyPlan() {
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "--detailed-exitcode"));
        assertThat(plan.exit()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out())
                .contains("  + create user priya.raman@acme.example.com  (assigned to the app)")
                .contains("  + add elena.petrova@acme.example.com to role \"Administrator Read Only\"")
                .contains("Plan: 8 to add, 0 to change, 0 to remove, 0 held.");
        assertThat(account.cf().requests().method("POST") + account.cf().requests().method("PATCH"))
                .as("plan writes nothing").isZero();

        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--auto-approve"));
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out())
                .contains("  + create user priya.raman@acme.example.com  (assigned to the app): done")
                .contains("Apply complete: 8 applied, 0 held, 0 failed; 10 requests.");
        assertThat(account.cf().account().effectiveRoles("elena.petrova@acme.example.com")).contains("Administrator Read Only");

        CfscimRun.of(account.args("plan", "../examples/virtual-groups")).assertExit(0).contains("No changes.")
                .containsPattern("ScimApp cfscim/acme-prod: account 023e105f4ecef8ad9ca31a8372d0c353, 6 members, "
                        + "\\d{2,} role groups \\(\\d+ requests to read\\)")
                .doesNotContain("user group");
    }

    @Test
    void applyTellsWhenItWaitsForTheRequestBudget() throws IOException {
        // Four requests per two seconds: the scan and the first creates go at once, the rest wait.
        Path files = ExampleFiles.copy(dir.resolve("paced"), (name, text) -> !name.equals("app.yaml") ? text
                : text.replace("requests: 1200", "requests: 4").replace("per: 5m", "per: 2s")
                        .replace("headroom: 0.9", "headroom: 1.0"));

        CfscimRun apply = CfscimRun.of(account.args("apply", files.toString(), "--auto-approve"));

        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Apply complete: 8 applied, 0 held, 0 failed; 10 requests.");
        assertThat(apply.err()).containsPattern(
                "Waiting [1-3]s: this token's request budget is spent \\(4 of 4 requests per 2s\\)\\.");
    }

    @Test
    void theOnlySuperAdministratorDeclaredInactiveIsHeldAndNeverSent() throws IOException {
        Path files = ExampleFiles.withScimUser(dir.resolve("declared"), "owner",
                "{userName: owner@example.com, active: false}");

        CfscimRun plan = CfscimRun.of(account.args("plan", files.toString(), "--detailed-exitcode"));
        assertThat(plan.exit()).isEqualTo(2);
        assertThat(plan.out()).contains("  ! deactivate user owner@example.com  (held, LastSuperAdministrator: "
                + "owner@example.com is the account's last Super Administrator");

        CfscimRun apply = CfscimRun.of(account.args("apply", files.toString(), "--auto-approve"));
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Apply complete: 8 applied, 1 held, 0 failed");
        assertThat(account.cf().requests().route("PATCH /Users/{id}")).as("the deprovision is never sent").isZero();
        assertThat(account.cf().account().member("owner@example.com").orElseThrow().active()).isTrue();
    }

    @Test
    void anEmptiedBindingsFileIsHeldByRoleRemovalLimitUntilAllowedOnce() throws IOException {
        assertThat(CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--auto-approve")).exit()).isZero();
        // The bad merge: bindings.yaml gone.
        Path files = ExampleFiles.copy(dir.resolve("emptied"), (name, text) -> name.equals("bindings.yaml") ? null
                : text.replace("roleRemovalLimit: 50", "roleRemovalLimit: 2"));

        CfscimRun held = CfscimRun.of(account.args("apply", files.toString(), "--auto-approve"));
        assertThat(held.out()).contains("(held, RoleRemovalLimitExceeded: 5 role removals exceed roleRemovalLimit 2 per 1h")
                .contains("Plan: 0 to add, 0 to change, 0 to remove, 3 held.");
        assertThat(account.cf().account().effectiveRoles("elena.petrova@acme.example.com")).contains("Administrator Read Only");

        CfscimRun allowed = CfscimRun.of(account.args("apply", files.toString(), "--auto-approve",
                "--allow-role-removals", "3"));
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("Apply complete: 3 applied, 0 held, 0 failed");
        assertThat(account.cf().account().effectiveRoles("elena.petrova@acme.example.com"))
                .doesNotContain("Administrator Read Only");
    }

    @Test
    void planAsJson() throws IOException {
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "--json", "--detailed-exitcode"));
        assertThat(plan.exit()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(plan.out());
        assertThat(json.path("app").asText()).isEqualTo("cfscim/acme-prod");
        assertThat(json.path("changes")).hasSize(8);
        assertThat(json.path("changes").get(0).path("action").asText()).isEqualTo("createUser");
        assertThat(json.path("summary").asText()).isEqualTo("Plan: 8 to add, 0 to change, 0 to remove, 0 held.");
    }

    @Test
    void aBrokenDeclarationNamesTheFileAndFieldAndTouchesNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimApp
                metadata: {name: acme, namespace: cfscim}
                spec:
                  accountId: 023E105F4ECEF8AD9CA31A8372D0C353
                  tokenSecretRef: {name: t}
                """);
        CfscimRun plan = CfscimRun.of(account.args("plan", file.toString()));
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).contains("app.yaml").contains("ScimApp/cfscim/acme").contains("spec.accountId");
        assertThat(account.cf().requests().total()).isZero();
    }

    @Test
    void aMissingTokenIsAClearError() throws IOException {
        Assumptions.assumeTrue(System.getenv("CLOUDFLARE_API_TOKEN") == null, "a token is set in the environment");
        Path files = ExampleFiles.copy(dir.resolve("no-secret"), (name, text) -> name.equals("secret.yaml") ? null : text);
        CfscimRun plan = CfscimRun.of("plan", "-f", files.toString(), "--endpoint", account.cf().scimBaseUrl());
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).contains("no API token").contains("CLOUDFLARE_API_TOKEN")
                .contains("cloudflare-scim-token");
        assertThat(account.cf().requests().total()).isZero();
    }

    @Test
    void aWrongTokenSaysSoWithoutShowingIt() throws IOException {
        Files.writeString(account.tokenFile(), "not-the-token");
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples/virtual-groups"));
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).contains("Error: GET /Users: 401").doesNotContain("not-the-token");
    }

    @Test
    void plainHttpLeavesThisMachineOnlyWhenAllowed() {
        CfscimRun plan = CfscimRun.of("plan", "-f", "../examples/virtual-groups", "--endpoint", "http://scim.example.com/scim/v2",
                "--token-file", account.tokenFile().toString());
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).contains("refusing plain http to scim.example.com");
    }

    @Test
    void aUsageMistakeExitsOneNotTwo() {
        CfscimRun run = CfscimRun.of("plan");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Missing required option");
    }
}
