package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.GroupView;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfscim apply -f examples/} against the emulator's user-groups profile: every
 * member's effective roles in the emulator are what the bindings say; and a VirtualGroups
 * declaration there is refused plainly.
 */
@ExtendWith(PublishedSchemaCheck.class)
class UserGroupsCliTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount account = new EmulatedAccount(Profile.USER_GROUPS, "ug-token");

    private CfscimRun cfscim(String command, String path, String... more) {
        return CfscimRun.of(account.args(command, path, more));
    }

    @Test
    void applyConvergesAndEveryMemberHoldsWhatTheBindingsSay() {
        CfscimRun apply = cfscim("apply", "../examples", "--auto-approve");

        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
        Map<String, List<String>> roles = new TreeMap<>();
        account.cf().account().members().forEach(m -> roles.put(m.userName(), m.roles()));
        assertThat(roles).isEqualTo(Map.of(
                "owner@example.com", List.of("Minimal Account Access", "Super Administrator - All Privileges"),
                "priya.raman@acme.example.com", List.of("Minimal Account Access", "Administrator"),
                "marcus.okafor@acme.example.com", List.of("Minimal Account Access", "Administrator", "DNS"),
                "elena.petrova@acme.example.com", List.of("Minimal Account Access", "Administrator Read Only"),
                "hannah.schmidt@acme.example.com", List.of("Minimal Account Access"),
                "jonas.berg@acme.example.com", List.of("Minimal Account Access", "DNS")));
        assertThat(account.cf().account().groups()).filteredOn(g -> g.kind().equals("custom")).extracting(GroupView::displayName)
                .containsExactlyInAnyOrder("Platform Admins", "Auditors", "DNS Editors");

        cfscim("plan", "../examples").assertExit(0).contains("No changes.")
                // The header counts what today's model has: user groups and Cloudflare's system groups.
                .containsPattern("ScimApp cfscim/acme-prod: account 023e105f4ecef8ad9ca31a8372d0c353, 6 members, "
                        + "3 user groups, \\d{2,} system groups \\(\\d+ requests to read\\)")
                .doesNotContain("role group");
    }

    /**
     * A team disbanded the GitOps way: its ScimGroup and binding deleted from Git. The user group
     * cfscim pushed for it goes, its members losing exactly what it granted; a user group made by
     * hand stays.
     */
    @Test
    void aTeamDisbandedInGitLosesTheUserGroupCfscimPushedAndNothingElse() throws IOException {
        assertThat(cfscim("apply", "../examples", "--auto-approve").exit()).isZero();
        String handMade = account.cf().account().seedUserGroup("Made By Hand", "Billing");
        Path disbanded = Files.createDirectories(dir.resolve("disbanded"));
        try (var files = Files.list(Path.of("../examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                List<String> kept = java.util.Arrays.stream(Files.readString(file).split("\n---\n"))
                        .filter(doc -> !doc.contains("name: dns-editors\n") && !doc.contains("name: dns-editors-dns\n"))
                        .toList();
                Files.writeString(disbanded.resolve(file.getFileName()), String.join("\n---\n", kept));
            }
        }

        CfscimRun apply = cfscim("apply", disbanded.toString(), "--auto-approve");

        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("- delete group \"DNS Editors\"");
        assertThat(account.cf().account().groups()).filteredOn(g -> g.kind().equals("custom")).extracting(GroupView::displayName)
                .containsExactlyInAnyOrder("Platform Admins", "Auditors", "Made By Hand");
        assertThat(account.cf().account().groups()).anyMatch(g -> g.id().equals(handMade));
        assertThat(account.cf().account().effectiveRoles("marcus.okafor@acme.example.com"))
                .containsExactly("Minimal Account Access", "Administrator");
        assertThat(account.cf().account().effectiveRoles("jonas.berg@acme.example.com"))
                .containsExactly("Minimal Account Access");
        assertThat(cfscim("plan", disbanded.toString()).out()).contains("No changes.");
    }

    @Test
    void migratingADeclarationWithAGroupNameCloudflareKeepsIsRefusedBeforeAnyRequest() throws IOException {
        Path declaration = Files.createDirectories(dir.resolve("declaration"));
        try (var files = Files.list(Path.of("../examples/virtual-groups"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.writeString(declaration.resolve(file.getFileName()),
                        Files.readString(file).replace("displayName: Auditors", "displayName: CF Auditors"));
            }
        }

        CfscimRun plan = cfscim("plan", declaration.toString(), "--migrate-to", "UserGroups");

        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).contains("groups.yaml").contains("spec.displayName").contains("'CF Auditors' begins with CF");
        assertThat(account.cf().requests().total()).isZero();
    }

    @Test
    void aVirtualGroupsDeclarationIsRefusedWithTheFix() {
        CfscimRun plan = cfscim("plan", "../examples/virtual-groups");

        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).contains("VirtualGroupsUnavailable").contains("2 December 2025")
                .contains("groupMode: UserGroups");
        assertThat(account.cf().requests().method("POST") + account.cf().requests().method("PATCH")).isZero();
    }
}
