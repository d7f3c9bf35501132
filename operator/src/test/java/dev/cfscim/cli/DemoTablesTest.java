package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cfscim.api.Condition;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's tables print as kubectl's do: aligned columns three spaces apart, or "No resources
 * found.", with the columns, order and values of the CRDs' own printer columns.
 */
class DemoTablesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** What kubectl would print as the header, read from the checked-in CRD (crds/), not from our reader. */
    private static List<String> kubectlHeader(String plural) throws IOException {
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(
                Path.of("..", "crds", plural + ".scim.cfscim.dev-v1.yml").toFile());
        List<String> header = new ArrayList<>(List.of("NAME"));
        for (JsonNode column : crd.path("spec").path("versions").path(0).path("additionalPrinterColumns")) {
            if (column.path("priority").asInt(0) == 0) {
                header.add(column.path("name").asText().toUpperCase(Locale.ROOT));
            }
        }
        return header;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scimapps", "scimusers", "scimgroups", "grouprolebindings"})
    void theHeaderIsTheCrdsOwnColumnsInTheirOrder(String plural) throws IOException {
        assertThat(PrinterColumns.of(plural).header()).isEqualTo(kubectlHeader(plural));
    }

    @Test
    void rowsReadTheColumnsJsonPathsOfEachResource() {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("acme-prod").withCreationTimestamp("2026-12-01T11:57:55Z").build());
        app.setSpec(new ScimAppSpec());
        ScimAppStatus status = new ScimAppStatus();
        status.setAssigned(5);
        status.setProvisioned(4);
        status.setPending(1);
        status.setBlocked(0);
        status.setConditions(List.of(new Condition("Ready", "False", "Reconciling", "", null, 1L),
                new Condition("Synced", "True", "ReconcileSuccess", "", null, 1L),
                new Condition("Drifted", "True", "DriftDetected", "", null, 1L)));
        app.setStatus(status);
        PrinterColumns columns = PrinterColumns.of("scimapps");
        List<String> header = columns.header();
        List<String> row = columns.row(app, NOW);
        assertThat(row).hasSameSizeAs(header);
        assertThat(row.get(header.indexOf("NAME"))).isEqualTo("acme-prod");
        assertThat(row.get(header.indexOf("READY"))).isEqualTo("False");
        assertThat(row.get(header.indexOf("SYNCED"))).isEqualTo("True");
        assertThat(row.get(header.indexOf("DRIFTED"))).isEqualTo("True");
        assertThat(row.get(header.indexOf("ASSIGNED"))).isEqualTo("5");
        assertThat(row.get(header.indexOf("PENDING"))).isEqualTo("1");
        assertThat(row.get(header.indexOf("AGE"))).isEqualTo("2m5s");
    }

    @Test
    void aMissingValueIsAnEmptyCell() {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName("hannah").withCreationTimestamp("2026-12-01T11:59:18Z").build());
        ScimUserSpec spec = new ScimUserSpec();
        spec.setUserName("hannah@acme.example.com");
        user.setSpec(spec);
        PrinterColumns columns = PrinterColumns.of("scimusers");
        List<String> row = columns.row(user, NOW);
        assertThat(row.get(columns.header().indexOf("USERNAME"))).isEqualTo("hannah@acme.example.com");
        assertThat(row.get(columns.header().indexOf("READY"))).isEmpty();
        assertThat(row.get(columns.header().indexOf("AGE"))).isEqualTo("42s");
    }

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
