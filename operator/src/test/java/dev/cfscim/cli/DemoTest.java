package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code cfscim demo} end to end, in-process: emulator, mock cluster, operator, every step. */
class DemoTest {

    @Test
    void everyStepOfTheLifecycleShowsWhatItShould() {
        CfscimRun demo = CfscimRun.of("demo", "--examples", "../examples/virtual-groups");

        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out())
                .contains("Step 1 of 7. Member added with Minimal Account Access")
                .contains("  ✓ all 5 assigned users are members; hannah.schmidt@acme.example.com holds only "
                        + "Minimal Account Access, the others their bound roles")
                .contains("  ✓ hannah.schmidt@acme.example.com holds DNS through ScimGroup dns-editors")
                .contains("  ✓ hannah.schmidt@acme.example.com no longer holds DNS")
                .contains("  ✓ hannah.schmidt@acme.example.com is still a member (the same one, id unchanged) with "
                        + "Minimal Account Access only, and ScimApp acme-prod is Ready")
                .contains("  ✓ jonas.berg@acme.example.com is no longer a member; 4 members remain assigned and "
                        + "provisioned")
                .contains("  ✓ ScimApp acme-prod reports DeprovisionBlocked=True (LastSuperAdministrator), so does "
                        + "ScimUser owner, and owner@example.com is still a member")
                .containsPattern("Demo complete: 7 of 7 steps as expected in \\d+\\.\\d s")
                .contains("Step 7 of 7. Today's Cloudflare: the same roles, through user groups")
                .contains("  ✓ every member keeps its roles, now from user groups Auditors, DNS Editors, Platform Admins "
                        + "and their policies")
                .doesNotContain("✗");
        assertThat(demo.out().lines().filter(line -> line.startsWith("  ✓ "))).hasSize(7);
        // The tables a reader follows the walk by: the app's columns, and the owner held back at the end.
        assertThat(demo.out())
                // The CRDs' own columns (DemoTablesTest checks them against crds/), as kubectl get prints them.
                .contains("NAME        READY   SYNCED   DRIFTED   MODE            ASSIGNED   PROVISIONED   PENDING   BLOCKED   AGE")
                .containsPattern("owner +False +owner@example.com +false +True +\\d+s")
                .containsPattern("owner@example.com +Minimal Account Access, Super Administrator - All Privileges");
        assertThat(demo.err()).isEmpty();
    }

    @Test
    void aMissingExamplesFolderIsOneClearLine() {
        CfscimRun demo = CfscimRun.of("demo", "--examples", "no-such-folder");

        assertThat(demo.exit()).isEqualTo(1);
        assertThat(demo.err()).startsWith("Error: no examples folder at ").contains("--examples PATH")
                .doesNotContain("Exception");
    }
}
