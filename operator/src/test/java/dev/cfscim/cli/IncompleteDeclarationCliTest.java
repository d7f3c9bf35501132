package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfscim plan} on a declaration that is not whole decides as the operator does: it prints the
 * error, holds the changes that depend on it (MissingReference, DuplicateUserName) and plans the rest;
 * the run then exits 1 ({@link DeclarationErrorExitCodeTest}).
 */
@ExtendWith(PublishedSchemaCheck.class)
class IncompleteDeclarationCliTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.VIRTUAL_GROUPS, "incomplete-cli-token");

    private static final String EVERYONE = """
            apiVersion: scim.cfscim.dev/v1alpha1
            kind: ScimGroup
            metadata: {name: everyone, namespace: cfscim}
            spec:
              displayName: Everyone
              memberSelector:
                matchLabels: {cloudflare.acme.example/prod: member}
            """;

    /** The examples, their app assigning the group "everyone" (and the contractor by name) instead of a selector. */
    private Path examplesAssigningAGroup() throws IOException {
        String selector = "    userSelector:\n      matchLabels:\n        cloudflare.acme.example/prod: member\n";
        Path files = ExampleFiles.copy(dir.resolve("declared"), (name, text) -> {
            if (!name.equals("app.yaml")) {
                return text;
            }
            assertThat(text).contains(selector);
            return text.replace(selector, "    groups: [everyone]\n");
        });
        Files.writeString(files.resolve("everyone.yaml"), EVERYONE);
        return files;
    }

    @Test
    void theScimGroupNamedInAssignmentsDeletedIsPrintedAndItsMembersDeprovisionsAreHeld() throws IOException {
        Path files = examplesAssigningAGroup();
        CfscimRun apply = CfscimRun.of(account.args("apply", files.toString(), "--auto-approve"));
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(account.cf().account().member("priya.raman@acme.example.com").orElseThrow().active()).isTrue();
        long userWrites = account.cf().requests().route("PATCH /Users/{id}");

        Files.delete(files.resolve("everyone.yaml"));
        CfscimRun plan = CfscimRun.of(account.args("plan", files.toString(), "--detailed-exitcode"));

        assertThat(plan.exit()).as("the error wins over changes pending: " + plan.err()).isEqualTo(1);
        assertThat(plan.err()).contains("error: ").contains("ScimApp/cfscim/acme-prod")
                .contains("spec.assignments.groups[0]: no ScimGroup named 'everyone'");
        assertThat(plan.out())
                .contains("  ! deactivate user priya.raman@acme.example.com  (held, MissingReference: "
                        + "spec.assignments.groups names ScimGroup 'everyone', which does not exist")
                .contains("  ! deactivate user hannah.schmidt@acme.example.com  (held, MissingReference: ")
                .contains("Plan: 0 to add, 0 to change, 0 to remove, ")
                .doesNotContain("  - ");

        CfscimRun applied = CfscimRun.of(account.args("apply", files.toString(), "--auto-approve"));
        assertThat(applied.exit()).as("applied around the error, which fails the run: " + applied.err()).isEqualTo(1);
        assertThat(account.cf().requests().route("PATCH /Users/{id}")).as("no deprovision sent").isEqualTo(userWrites);
        assertThat(account.cf().account().member("priya.raman@acme.example.com").orElseThrow().active()).isTrue();
    }

    @Test
    void twoScimUsersWithOneUserNameArePrintedAndThatUserIsHeldWhileTheRestIsPlanned() throws IOException {
        Path files = ExampleFiles.withScimUser(dir.resolve("duplicated"), "priya-again",
                "{userName: Priya.Raman@ACME.example.com}");

        CfscimRun plan = CfscimRun.of(account.args("plan", files.toString(), "--detailed-exitcode"));

        assertThat(plan.exit()).as("the error wins over changes pending: " + plan.err()).isEqualTo(1);
        assertThat(plan.err()).contains("error: ").contains("also the userName of ScimUser");
        assertThat(plan.out())
                .containsIgnoringCase("  ! create user priya.raman@acme.example.com  (held, DuplicateUserName: ScimUsers "
                        + "priya-again, priya-raman declare one userName")
                .contains("  + create user elena.petrova@acme.example.com  (assigned to the app)")
                .doesNotContainIgnoringCase("+ create user priya.raman")
                .doesNotContainIgnoringCase("add priya.raman");
    }
}
