package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A declaration with an error that plan and apply plan around (a dangling reference, a userName two
 * ScimUsers declare) fails the pipeline, as Terraform's error diagnostics do: {@code plan} and
 * {@code apply} still plan and apply the rest, then exit 1, whatever {@code --detailed-exitcode} says.
 */
@ExtendWith(PublishedSchemaCheck.class)
class DeclarationErrorExitCodeTest {

    private static final String ELENA = "elena.petrova@acme.example.com";

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.VIRTUAL_GROUPS, "declaration-error-token");

    /** The three errors a declaration is planned around; elena is untouched by each. */
    static Stream<Arguments> brokenDeclarations() {
        return Stream.of(
                Arguments.of("a dangling spec.assignments.groups entry", (ExampleFiles.Edit) (name, text) ->
                        name.equals("app.yaml") ? replace(text, "    users:\n", "    groups: [contractors]\n    users:\n")
                                : text, "spec.assignments.groups[0]: no ScimGroup named 'contractors'"),
                Arguments.of("a binding naming a missing ScimGroup", (ExampleFiles.Edit) (name, text) ->
                        name.equals("bindings.yaml") ? replace(text, "groupRef: dns-editors", "groupRef: dns-editorz")
                                : text, "spec.groupRef: no ScimGroup named 'dns-editorz'"),
                Arguments.of("two ScimUsers with one userName", (ExampleFiles.Edit) (name, text) ->
                        name.equals("users.yaml") ? text + "---\n" + """
                                apiVersion: scim.cfscim.dev/v1alpha1
                                kind: ScimUser
                                metadata: {name: priya-again, namespace: cfscim}
                                spec: {userName: Priya.Raman@ACME.example.com}
                                """ : text, "also the userName of ScimUser"));
    }

    private static String replace(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    private Path declared(ExampleFiles.Edit edit) throws IOException {
        return ExampleFiles.copy(dir.resolve("declared"), edit);
    }

    private boolean created(String userName) {
        return account.cf().account().member(userName).map(m -> m.active()).orElse(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDeclarations")
    void planPrintsTheErrorPlansTheRestAndExitsOne(String name, ExampleFiles.Edit edit, String error)
            throws IOException {
        Path files = declared(edit);

        CfscimRun plan = CfscimRun.of(account.args("plan", files.toString()));

        assertThat(plan.exit()).as(plan.err()).isEqualTo(1);
        assertThat(plan.err()).contains("error: ").contains(error)
                .contains("1 error(s) in the declaration, printed above");
        assertThat(plan.out()).as("the rest is planned").contains("  + create user " + ELENA);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDeclarations")
    void errorsWinOverChangesPendingWithDetailedExitCode(String name, ExampleFiles.Edit edit, String error)
            throws IOException {
        Path files = declared(edit);

        CfscimRun plan = CfscimRun.of(account.args("plan", files.toString(), "--detailed-exitcode"));

        assertThat(plan.exit()).as("1, not 2: " + plan.err()).isEqualTo(1);
        assertThat(plan.err()).contains(error);
        assertThat(plan.out()).contains("  + create user " + ELENA);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDeclarations")
    void applyAppliesTheRestThenExitsOne(String name, ExampleFiles.Edit edit, String error) throws IOException {
        Path files = declared(edit);

        CfscimRun apply = CfscimRun.of(account.args("apply", files.toString(), "--auto-approve"));

        assertThat(apply.exit()).as(apply.err()).isEqualTo(1);
        assertThat(apply.err()).contains(error).contains("1 error(s) in the declaration, printed above");
        assertThat(apply.out()).contains("Apply complete: ");
        assertThat(created(ELENA)).as("the rest is applied").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDeclarations")
    void aSavedPlanWithErrorsIsSavedAndAppliedAndBothExitOne(String name, ExampleFiles.Edit edit, String error)
            throws IOException {
        Path files = declared(edit);
        Path saved = dir.resolve("acme.plan");

        CfscimRun plan = CfscimRun.of(account.args("plan", files.toString(), "-out", saved.toString(),
                "--detailed-exitcode"));
        assertThat(plan.exit()).as(plan.err()).isEqualTo(1);
        assertThat(saved).exists();
        assertThat(created(ELENA)).isFalse();

        CfscimRun apply = CfscimRun.of("apply", saved.toString(), "--endpoint", account.cf().scimBaseUrl(),
                "--token-file", account.tokenFile().toString());
        assertThat(apply.exit()).as(apply.err()).isEqualTo(1);
        assertThat(apply.err()).contains(error);
        assertThat(apply.out()).contains("Apply complete: ");
        assertThat(created(ELENA)).as("the saved plan is applied").isTrue();
        assertThat(Files.readString(saved)).doesNotContain("declaration-error-token");
    }
}
