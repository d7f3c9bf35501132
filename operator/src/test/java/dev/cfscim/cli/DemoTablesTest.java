package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's tables print as kubectl's do: aligned columns three spaces apart, or "No resources found.". */
class DemoTablesTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndThreeSpacesApart() {
        List<String> lines = DemoTables.table("kubectl -n acme get scimusers", List.of(
                List.of("NAME", "USERNAME", "READY"),
                List.of("hannah-schmidt", "hannah@acme.example.com", "True"),
                List.of("owner", "owner@example.com", "")));

        assertThat(lines).containsExactly(
                "  $ kubectl -n acme get scimusers",
                "  NAME             USERNAME                  READY",
                "  hannah-schmidt   hannah@acme.example.com   True",
                "  owner            owner@example.com");
    }

    @Test
    void aHeaderAloneIsNoResourcesAndOnlyKubectlCaptionsGetAPrompt() {
        List<String> lines = DemoTables.table("members of account 0123 in Cloudflare (the emulator)",
                List.of(List.of("MEMBER", "ROLES")));

        assertThat(lines).containsExactly("  members of account 0123 in Cloudflare (the emulator)",
                "  No resources found.");
    }
}
