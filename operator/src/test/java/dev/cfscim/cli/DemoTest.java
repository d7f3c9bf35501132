package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cfscim demo} end to end, in-process: emulator, mock cluster, operator, every step, in both models. */
class DemoTest {

    private static final String NL = System.lineSeparator();

    @Test
    void todaysModelWalksTheLifecycleWithUserGroupsAndCorrectsDrift() {
        CfscimRun demo = CfscimRun.of("demo", "--examples", "../examples");

        assertTheLifecycleBothModelsWalk(demo);
        // Its own first line: whatever a build left on the terminal's line stays on a line of its own.
        assertThat(demo.out()).startsWith(NL + "cfscim demo: the lifecycle of a Cloudflare account member, declared as "
                + "custom resources (user-groups model, ../examples)" + NL);
        assertThat(demo.out())
                .contains("(user-groups profile)")
                .contains("Step 1 of 7. Members added with Minimal Account Access; user groups pushed with their policies")
                .contains("  $ kubectl -n cfscim create secret generic cloudflare-scim-token "
                        + "--from-literal=token=\"$CLOUDFLARE_API_TOKEN\"")
                .contains("  $ kubectl -n cfscim label secret cloudflare-scim-token scim.cfscim.dev/token=true")
                .contains("  ✓ all 5 assigned users are members; hannah.schmidt@acme.example.com holds only "
                        + "Minimal Account Access, the others their bound roles; user groups Auditors, DNS Editors, "
                        + "Platform Admins hold them, each with a policy per bound role")
                // The user groups and what their policies grant, as pushed.
                .containsPattern("Auditors +Administrator Read Only +elena\\.petrova@acme\\.example\\.com")
                .containsPattern("Platform Admins +Administrator +marcus\\.okafor@acme\\.example\\.com, "
                        + "priya\\.raman@acme\\.example\\.com")
                .contains("  ✓ hannah.schmidt@acme.example.com holds DNS through user group DNS Editors")
                // The point of step 6 is the condition's message: printed.
                .contains("DeprovisionBlocked\")].message}'" + NL + "  owner@example.com is the account's last Super "
                        + "Administrator: give the role to someone else first" + NL)
                .contains("Step 7 of 7. Drift corrected: a user group changed by hand in Cloudflare")
                .contains("  (by hand in Cloudflare, outside Git: marcus.okafor@acme.example.com taken out of user group "
                        + "DNS Editors, and the policy of user group Auditors changed to grant Administrator)")
                .containsPattern("Normal +GroupMembersAdded +add marcus\\.okafor@acme\\.example\\.com to group \"DNS Editors\"")
                .containsPattern("Normal +GroupRolesSet +set the roles of group \"Auditors\" to Administrator Read Only")
                .contains("  ✓ at its next scan (resyncInterval 2s) the operator put both back: "
                        + "marcus.okafor@acme.example.com is in DNS Editors again, Auditors grants Administrator Read Only "
                        + "again, and every member holds what it held")
                .contains("cfscim demo --model virtual-groups")
                .doesNotContain("✗").doesNotContain("VirtualGroups");
        // Step 4 changes nothing: it prints no table, only what stayed as it was.
        assertThat(step(demo.out(), 4)).contains("  (unchanged since last shown: scimapps, scimusers, grouprolebindings, "
                + "members, user groups)").doesNotContain("NAME ").doesNotContain("MEMBER ");
    }

    @Test
    void theVirtualGroupsModelWalksTheLifecycleAndTheMigrationToUserGroups() {
        CfscimRun demo = CfscimRun.of("demo", "--model", "virtual-groups", "--examples", "../examples/virtual-groups");

        assertTheLifecycleBothModelsWalk(demo);
        assertThat(demo.out())
                .contains("(virtual-groups model, ../examples/virtual-groups)")
                .contains("(transition profile)")
                .contains("Step 1 of 7. Member added with Minimal Account Access")
                .contains("  ✓ all 5 assigned users are members; hannah.schmidt@acme.example.com holds only "
                        + "Minimal Account Access, the others their bound roles")
                .contains("  ✓ hannah.schmidt@acme.example.com holds DNS through ScimGroup dns-editors")
                .contains("  owner@example.com is the account's last Super Administrator: give the role to someone else first")
                .contains("Step 7 of 7. Today's Cloudflare: the same roles, through user groups")
                .contains("  ✓ every member keeps its roles, now from user groups Auditors, DNS Editors, Platform Admins "
                        + "and their policies")
                .doesNotContain("✗");
        // The tables a reader follows the walk by: the app's columns, and the owner held back at the end.
        assertThat(demo.out())
                // The CRDs' own columns (DemoTablesTest checks them against crds/), as kubectl get prints them.
                .contains("NAME        READY   SYNCED   DRIFTED   MODE            ASSIGNED   PROVISIONED   PENDING   BLOCKED   AGE")
                .containsPattern("owner +False +owner@example.com +false +True +\\d+s")
                .containsPattern("owner@example.com +Minimal Account Access, Super Administrator - All Privileges");
        // No user groups before the migration; after it, the ones that now grant the roles.
        assertThat(String.join(NL, step(demo.out(), 1), step(demo.out(), 6))).doesNotContain("user groups of account");
        assertThat(step(demo.out(), 7)).containsPattern("DNS Editors +DNS +marcus\\.okafor@acme\\.example\\.com");
    }

    @Test
    void aMissingExamplesFolderIsOneClearLine() {
        CfscimRun demo = CfscimRun.of("demo", "--examples", "no-such-folder");

        assertThat(demo.exit()).isEqualTo(1);
        assertThat(demo.err()).startsWith("Error: no examples folder at ").contains("--examples PATH")
                .doesNotContain("Exception");
    }

    @Test
    void eachModelHasItsOwnExamplesFolder() {
        // Run from operator/, as the tests are: the default folder, from the repository's root, is not here.
        CfscimRun demo = CfscimRun.of("demo", "--model", "virtual-groups");

        assertThat(demo.exit()).isEqualTo(1);
        assertThat(demo.err()).startsWith("Error: no examples folder at "
                + Path.of("examples", "virtual-groups").toAbsolutePath().normalize());
    }

    @Test
    void examplesOfTheOtherModelAreOneClearLine() {
        CfscimRun demo = CfscimRun.of("demo", "--model", "virtual-groups", "--examples", "../examples");

        assertThat(demo.exit()).isEqualTo(1);
        assertThat(demo.err()).startsWith("Error: ../examples declares groupMode UserGroups, and the virtual-groups model "
                + "walks VirtualGroups: pass --examples " + Path.of("examples", "virtual-groups") + ", or --model user-groups");
        assertThat(CfscimRun.of("demo", "--model", "old").err()).contains("'old': expected user-groups or virtual-groups");
    }

    /**
     * What both models' walks show alike: the DNS role taken back from a member that stays, a member
     * deprovisioned, the last Super Administrator held; seven steps passed, each table printed once
     * (as it changes), nothing on standard error.
     */
    private static void assertTheLifecycleBothModelsWalk(CfscimRun demo) {
        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).startsWith(NL + "cfscim demo: ")
                .contains("  ✓ hannah.schmidt@acme.example.com no longer holds DNS")
                .contains("  ✓ hannah.schmidt@acme.example.com is still a member (the same one, id unchanged) with "
                        + "Minimal Account Access only, and ScimApp acme-prod is Ready")
                .contains("  ✓ jonas.berg@acme.example.com is no longer a member; 4 members remain assigned and "
                        + "provisioned")
                .contains("  ✓ ScimApp acme-prod reports DeprovisionBlocked=True (LastSuperAdministrator), so does "
                        + "ScimUser owner, and owner@example.com is still a member")
                .containsPattern("Demo complete: 7 of 7 steps as expected in \\d+\\.\\d s");
        assertThat(demo.out().lines().filter(line -> line.startsWith("  ✓ "))).hasSize(7);
        assertNoTableRepeated(demo.out());
        assertThat(demo.err()).isEmpty();
    }

    /** The output of step {@code number}, from its title to the next step's. */
    private static String step(String out, int number) {
        int start = out.indexOf("Step " + number + " of ");
        int end = out.indexOf("Step " + (number + 1) + " of ");
        return out.substring(start, end < 0 ? out.length() : end);
    }

    /**
     * No table is printed the same as it was last printed under its caption: each step shows what
     * changed. A table is a caption line and the rows up to a blank line; AGE, the last column of
     * kubectl's tables, moves by itself and is left out of the comparison.
     */
    private static void assertNoTableRepeated(String out) {
        Map<String, List<String>> last = new HashMap<>();
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String caption = lines.get(i);
            boolean table = caption.startsWith("  $ kubectl -n cfscim get ") && !caption.contains("events")
                    && !caption.contains("jsonpath") || caption.startsWith("  members of account")
                    || caption.startsWith("  user groups of account");
            if (!table) {
                continue;
            }
            List<String> rows = new ArrayList<>();
            boolean withAge = i + 1 < lines.size() && lines.get(i + 1).endsWith("AGE");
            for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("  ✓"); j++) {
                rows.add(withAge ? lines.get(j).replaceAll("\\s+\\S+$", "") : lines.get(j));
            }
            assertThat(rows).as("%s printed again unchanged", caption).isNotEqualTo(last.get(caption));
            last.put(caption, rows);
        }
        assertThat(last).as("tables were printed").isNotEmpty();
    }
}
