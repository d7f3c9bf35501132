package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/policy/plan-policy.jq, run by the real jq (1.6 or later, on this machine and CI's) over
 * plans cfscim saved against the emulator, as a CI step runs it: each rule passing once and
 * failing once; and docs/cli.md shows exactly this program.
 */
class PlanPolicyTest {

    private static final Path POLICY = Path.of("../docs/policy/plan-policy.jq");
    private static final String SUPER_ADMINISTRATOR = "Super Administrator - All Privileges";

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.VIRTUAL_GROUPS, "plan-policy-token");

    record Jq(int exit, String out, String err) {
    }

    @Test
    void aPlanThatOnlyAddsPasses() throws Exception {
        Jq jq = jq(savedPlan(Path.of("../examples/virtual-groups"), "adds.plan"));
        assertThat(jq.exit()).as(jq.err()).isZero();
        assertThat(jq.out()).isEqualTo("plan-policy: pass (8 changes, 0 removals)\n");
        assertThat(jq.err()).isEmpty();
    }

    @Test
    void noPlanMayRemoveSuperAdministrator() throws Exception {
        Path files = ExampleFiles.copy(dir.resolve("owners"));
        Files.writeString(files.resolve("owners.yaml"), group("owners", "Owners", SUPER_ADMINISTRATOR, List.of("elena-petrova")));
        assertThat(CfscimRun.of(account.args("apply", files.toString(), "--auto-approve")).exit()).isZero();
        // The binding goes: Elena is to lose Super Administrator (the owner keeps it, so no rail holds it).
        Files.writeString(files.resolve("owners.yaml"), group("owners", "Owners", null, List.of("elena-petrova")));

        Jq jq = jq(savedPlan(files, "owners.plan"));

        assertThat(jq.exit()).isEqualTo(1);
        assertThat(jq.out()).isEmpty();
        assertThat(jq.err()).isEqualTo("plan-policy: deny: remove elena.petrova@acme.example.com from role \""
                + SUPER_ADMINISTRATOR + "\": takes " + SUPER_ADMINISTRATOR + " from elena.petrova@acme.example.com\n");
        assertThat(jq(savedPlan(files, "again.plan"), "--arg", "approved", "true").exit())
                .as("no approval lets a plan remove Super Administrator").isEqualTo(1);
    }

    @Test
    void moreThanTwentyRemovalsNeedApproval() throws Exception {
        List<String> names = new ArrayList<>();
        StringBuilder users = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            names.add("bulk-" + i);
            users.append(user("bulk-" + i)).append("---\n");
        }
        Path files = ExampleFiles.copy(dir.resolve("bulk"));
        Files.writeString(files.resolve("bulk-users.yaml"), users.toString());
        Files.writeString(files.resolve("bulk.yaml"), group("bulk", "Bulk", "DNS", names));
        assertThat(CfscimRun.of(account.args("apply", files.toString(), "--auto-approve")).exit()).isZero();
        // The binding goes: 25 members are to lose DNS, in one change.
        Files.writeString(files.resolve("bulk.yaml"), group("bulk", "Bulk", null, names));
        Path plan = savedPlan(files, "bulk.plan");

        Jq unapproved = jq(plan);
        assertThat(unapproved.exit()).isEqualTo(1);
        assertThat(unapproved.err()).isEqualTo("plan-policy: deny: 25 removals (more than 20) need approval: "
                + "rerun with --arg approved true once approved\n");

        Jq approved = jq(plan, "--arg", "approved", "true");
        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.out()).isEqualTo("plan-policy: pass (1 changes, 25 removals)\n");

        Jq higherLimit = jq(plan, "--argjson", "max_removals", "25");
        assertThat(higherLimit.exit()).as(higherLimit.err()).isZero();
    }

    @Test
    void aPlanOfAnotherFormatIsDeniedNotPassed() throws Exception {
        Path old = Files.writeString(dir.resolve("old.json"), "{\"format_version\": \"1.0\", \"changes\": [], "
                + "\"held\": [], \"summary\": \"No changes.\"}");
        Jq jq = jq(old);
        assertThat(jq.exit()).isEqualTo(1);
        assertThat(jq.err()).isEqualTo("plan-policy: deny: the plan is of format 1.0; this policy reads 2.0\n");
    }

    @Test
    void thePolicyReadsPlanJsonAsWellAsASavedPlan() throws Exception {
        CfscimRun plan = CfscimRun.of(account.args("plan", "../examples/virtual-groups", "-json"));
        Jq jq = jq(Files.writeString(dir.resolve("plan.json"), plan.out()));
        assertThat(jq.exit()).as(jq.err()).isZero();
        assertThat(jq.out()).isEqualTo("plan-policy: pass (8 changes, 0 removals)\n");
    }

    @Test
    void docsCliShowsExactlyTheTestedProgram() throws IOException {
        Matcher fence = Pattern.compile("(?s)```jq\\n(.*?)```").matcher(Files.readString(Path.of("../docs/cli.md")));
        assertThat(fence.find()).as("a ```jq block in docs/cli.md").isTrue();
        assertThat(fence.group(1)).isEqualTo(Files.readString(POLICY));
        assertThat(fence.find()).as("only one").isFalse();
    }

    private Path savedPlan(Path files, String name) {
        Path saved = dir.resolve(name);
        CfscimRun plan = CfscimRun.of(account.args("plan", files.toString(), "-out", saved.toString()));
        assertThat(plan.exit()).as(plan.err()).isZero();
        return saved;
    }

    private static Jq jq(Path input, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("jq", "-r"));
        command.addAll(List.of(options));
        command.addAll(List.of("-f", POLICY.toString(), input.toString()));
        Process jq;
        try {
            jq = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError("jq 1.6 or later must be on the PATH, as on CI's machines (apt-get install jq)", e);
        }
        jq.getOutputStream().close();
        assertThat(jq.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Jq(jq.exitValue(), new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(jq.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String user(String name) {
        return """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata:
                  name: %s
                  namespace: cfscim
                  labels: {cloudflare.acme.example/prod: member}
                spec: {userName: %s@acme.example.com}
                """.formatted(name, name);
    }

    /** A ScimGroup of {@code members}, bound to {@code role} unless it is null. */
    private static String group(String name, String displayName, String role, List<String> members) {
        String group = """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimGroup
                metadata: {name: %s, namespace: cfscim}
                spec:
                  displayName: %s
                  members: [%s]
                """.formatted(name, displayName, String.join(", ", members));
        return role == null ? group : group + """
                ---
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: GroupRoleBinding
                metadata: {name: %s-binding, namespace: cfscim}
                spec: {appRef: acme-prod, groupRef: %s, role: %s}
                """.formatted(name, name, role);
    }
}
