package dev.cfscim.cli;

import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.MemberView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What the demo prints after each step: {@code kubectl get}-like tables of the resources, then the account's members. */
final class DemoTables {

    private final DemoScene scene;

    DemoTables(DemoScene scene) {
        this.scene = scene;
    }

    /** Prints what {@code kubectl get} would show of the resources, then the account's members and roles. */
    void show(PrintWriter out) {
        String namespace = scene.namespace();
        try {
            Instant now = Instant.now();
            print(out, "kubectl -n " + namespace + " get scimapps", rows(PrinterColumns.of("scimapps"),
                    scene.list(ScimApp.class), now));
            print(out, "kubectl -n " + namespace + " get scimusers", rows(PrinterColumns.of("scimusers"),
                    scene.list(ScimUser.class), now));
            print(out, "kubectl -n " + namespace + " get grouprolebindings", rows(PrinterColumns.of("grouprolebindings"),
                    scene.list(GroupRoleBinding.class), now));
        } catch (RuntimeException e) {
            out.println("  (the cluster could not be read: " + e.getMessage() + ")");
        }

        List<List<String>> members = new ArrayList<>();
        members.add(List.of("MEMBER", "ROLES"));
        scene.account().members().stream().filter(MemberView::active).sorted(Comparator.comparing(MemberView::userName))
                .forEach(m -> members.add(List.of(m.userName(), String.join(", ", m.roles()))));
        print(out, "members of account " + scene.account().id() + " in Cloudflare (the emulator)", members);
    }

    /** The header and one row per resource, as the CRD's printer columns make kubectl print them. */
    static List<List<String>> rows(PrinterColumns columns, List<? extends HasMetadata> resources, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns.header());
        resources.forEach(r -> rows.add(columns.row(r, now)));
        return rows;
    }

    private static void print(PrintWriter out, String caption, List<List<String>> rows) {
        out.println();
        table(caption, rows).forEach(out::println);
    }

    /**
     * A table as kubectl prints one, indented two spaces under its caption: left-aligned columns,
     * three spaces apart; the first row is the header, and a header alone is "No resources found."
     */
    static List<String> table(String caption, List<List<String>> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("  " + (caption.startsWith("kubectl") ? "$ " : "") + caption);
        if (rows.size() == 1) {
            lines.add("  No resources found.");
            return lines;
        }
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
