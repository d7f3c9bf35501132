package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfscim plan} and {@code apply} with Terraform's habits: exit 0 from a plan unless
 * {@code --detailed-exitcode}, saved plans applied exactly or refused when stale, {@code -f -},
 * {@code -n}, a versioned JSON plan, and {@code apply --json} as a stream.
 */
@ExtendWith(PublishedSchemaCheck.class)
class TerraformHabitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.VIRTUAL_GROUPS, "terraform-habits-token");

    private long writes() {
        return account.cf().requests().method("POST") + account.cf().requests().method("PATCH")
                + account.cf().requests().method("PUT") + account.cf().requests().method("DELETE");
    }

    /** {@code cfscim apply DECLARATION SAVEDPLAN}, which must refuse (exit 1) before any write; its stderr. */
    private String refusedApply(String declaration, Path savedPlan) {
        CfscimRun apply = CfscimRun.of(account.args("apply", declaration, savedPlan.toString()));
        assertThat(apply.exit()).isEqualTo(1);
        assertThat(writes()).isZero();
        return apply.err();
    }

    @Test
    void planExitsZeroWithChangesAndTwoOnlyWithDetailedExitCode() {
        CfscimRun plain = CfscimRun.of(account.args("plan", "../examples/virtual-groups"));
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("Plan: 8 to add");
        assertThat(CfscimRun.of(account.args("plan", "../examples/virtual-groups", "--detailed-exitcode")).exit()).isEqualTo(2);

        assertThat(CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--auto-approve")).exit()).isZero();
        CfscimRun none = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "--detailed-exitcode"));
        assertThat(none.exit()).isZero();
        assertThat(none.out()).contains("No changes.");
    }

    @Test
    void aSavedPlanIsAppliedExactlyWithoutAsking() throws IOException {
        Path saved = dir.resolve("acme.plan");
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "-out", saved.toString()));
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.err()).contains("Saved the plan to " + saved + ". To apply exactly it: cfscim apply " + saved);
        JsonNode file = JSON.readTree(saved.toFile());
        assertThat(file.path("format_version").asText()).isEqualTo("2.0");
        assertThat(file.path("plan").path("changes")).hasSize(8);
        assertThat(Files.readString(saved)).as("the token is never saved").doesNotContain("terraform-habits-token");
        assertThat(writes()).isZero();

        // No -f: the saved plan's files are read again.
        CfscimRun apply = CfscimRun.of("apply", saved.toString(), "--endpoint", account.cf().scimBaseUrl(),
                "--token-file", account.tokenFile().toString());
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Apply complete: 8 applied, 0 held, 0 failed");
        assertThat(CfscimRun.of(account.args("plan", "../examples/virtual-groups")).out()).contains("No changes.");

        CfscimRun again = CfscimRun.of("apply", saved.toString(), "--endpoint", account.cf().scimBaseUrl(),
                "--token-file", account.tokenFile().toString());
        assertThat(again.exit()).as("a plan that was applied is stale").isEqualTo(1);
        assertThat(again.err()).contains("the saved plan is stale: the account changed since it was saved");
    }

    @Test
    void aSavedPlanIsRefusedWhenTheAccountChangedSinceAndNothingIsWritten() {
        Path saved = dir.resolve("acme.plan");
        assertThat(CfscimRun.of(account.args("plan", "../examples/virtual-groups", "-out", saved.toString())).exit()).isZero();
        account.cf().account().seedMember("someone.else@example.com");
        long before = writes();

        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--", saved.toString()));
        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.err()).contains("the saved plan is stale: the account changed since it was saved")
                .contains("Run cfscim plan -out again");
        assertThat(writes()).isEqualTo(before);
    }

    @Test
    void aSavedPlanIsRefusedWhenTheDeclarationChangedSince() throws IOException {
        Path files = copyOfExamples();
        Path saved = dir.resolve("acme.plan");
        assertThat(CfscimRun.of(account.args("plan", files.toString(), "-out", saved.toString())).exit()).isZero();
        Path users = files.resolve("users.yaml");
        Files.writeString(users, Files.readString(users).replace("Priya", "Pria"));

        assertThat(refusedApply(files.toString(), saved))
                .contains("the saved plan is stale: the declaration changed since it was saved");
    }

    @Test
    void aFileThatIsNotASavedPlanIsAClearError() throws IOException {
        Path notAPlan = Files.writeString(dir.resolve("notes.txt"), "{\"hello\": 1}");
        assertThat(refusedApply("../examples/virtual-groups", notAPlan))
                .contains(notAPlan + " is not a saved plan (cfscim plan -out FILE writes one)");
    }

    @Test
    void aSavedPlanOfAnOlderFormatIsRefusedByItsVersionNotAsStale() throws IOException {
        Path old = Files.writeString(dir.resolve("old.plan"), "{\"format\": \"cfscim-saved-plan\", \"format_version\": \"1.0\"}");
        assertThat(refusedApply("../examples/virtual-groups", old))
                .contains(old + " is a saved plan of format 1.0; this cfscim reads 2.0: plan again");
    }

    @Test
    void dashFReadsStandardInputAsKustomizeBuildPipesIt() throws IOException {
        StringBuilder stream = new StringBuilder();
        try (Stream<Path> examples = Files.list(Path.of("../examples/virtual-groups"))) {
            for (Path file : examples.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                stream.append("---\n").append(Files.readString(file)).append('\n');
            }
        }
        CfscimRun plan = withStandardInput(stream.toString(), () -> CfscimRun.of(account.args("plan", "-")));
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Plan: 8 to add");
    }

    @Test
    void dashNSetsTheNamespaceOfResourcesThatNameNone() throws IOException {
        Path files = copyOfExamples();
        try (Stream<Path> yaml = Files.list(files)) {
            for (Path file : yaml.toList()) {
                Files.writeString(file, Files.readString(file).replaceAll("(?m)^\\s*namespace: cfscim\\s*$\\n?", "")
                        .replace(", namespace: cfscim", ""));
            }
        }
        CfscimRun plan = CfscimRun.of(account.args("plan", files.toString(), "-n", "team-a"));
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("ScimApp team-a/acme-prod").contains("Plan: 8 to add");
    }

    @Test
    void theJsonPlanCarriesItsFormatVersion() throws IOException {
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "--json"));
        assertThat(JSON.readTree(plan.out()).path("format_version").asText()).isEqualTo("2.0");
    }

    @Test
    void applyJsonStreamsOneObjectPerChangeThenASummary() throws IOException {
        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--auto-approve", "--json"));
        assertThat(apply.exit()).as(apply.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : apply.out().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(9);
        assertThat(lines.subList(0, 8)).allSatisfy(l -> assertThat(l.path("type").asText()).isEqualTo("applied"));
        assertThat(lines.get(0).path("action").asText()).isEqualTo("createUser");
        JsonNode summary = lines.get(8);
        assertThat(summary.path("type").asText()).isEqualTo("summary");
        assertThat(summary.path("applied").asInt()).isEqualTo(8);
        assertThat(summary.path("complete").asBoolean()).isTrue();
        assertThat(apply.err()).as("no progress line when stderr is no terminal").doesNotContain("\r");
    }

    @Test
    void applyJsonNeedsSomethingOtherThanAPersonToSayYes() {
        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples/virtual-groups", "--json"));
        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.err()).contains("--json needs --auto-approve or a saved plan");
        assertThat(writes()).isZero();
    }

    @Test
    void terraformsSingleDashSpellingsAndKubectlsOutputFlagWork() throws IOException {
        Path saved = dir.resolve("acme.plan");
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "-detailed-exitcode", "-json",
                "-no-color", "-out=" + saved));
        assertThat(plan.exit()).as(plan.err()).isEqualTo(2);
        assertThat(JSON.readTree(plan.out()).path("changes")).hasSize(8);
        assertThat(JSON.readTree(saved.toFile()).path("plan").path("changes")).hasSize(8);

        CfscimRun kubectl = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "-o", "json",
                "--out=" + dir.resolve("again.plan")));
        assertThat(kubectl.exit()).as(kubectl.err()).isZero();
        assertThat(JSON.readTree(kubectl.out()).path("changes")).hasSize(8);
        assertThat(dir.resolve("again.plan")).exists();

        CfscimRun apply = CfscimRun.of(account.args("apply", "../examples/virtual-groups", "-auto-approve", "-no-color",
                "-o", "json"));
        assertThat(apply.exit()).as(apply.err()).isZero();
        String[] lines = apply.out().split("\n");
        assertThat(lines).hasSize(9);
        assertThat(JSON.readTree(lines[8]).path("applied").asInt()).isEqualTo(8);
        assertThat(writes()).isPositive();
    }

    @Test
    void anOutputFormatOtherThanJsonIsAClearErrorBeforeAnyRequest() {
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "-o", "yaml"));
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).contains("Invalid value for option '--output': expected one of [json]").contains("'yaml'");
        assertThat(account.cf().requests().total()).isZero();
    }

    @Test
    void theProgressLineCountsAndLeavesACleanLine() {
        StringWriter err = new StringWriter();
        ApplyProgress progress = ApplyProgress.forced(new PrintWriter(err, true), 12);
        progress.step();
        progress.clear();
        progress.step();
        assertThat(err.toString()).isEqualTo("\r[ 1/12] applying...\r\033[K\r[ 2/12] applying...");
    }

    private Path copyOfExamples() throws IOException {
        Path files = Files.createDirectory(dir.resolve("declaration"));
        try (Stream<Path> examples = Files.list(Path.of("../examples/virtual-groups"))) {
            for (Path file : examples.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, files.resolve(file.getFileName()));
            }
        }
        return files;
    }

    /** Runs {@code run} with {@code text} as the process's standard input. */
    private static CfscimRun withStandardInput(String text, java.util.function.Supplier<CfscimRun> run) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(original);
        }
    }
}
