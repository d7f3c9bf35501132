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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo prints after each step: {@code kubectl get}-like tables of the resources, then the
 * account's members and user groups. A table the same as the last one printed under its caption
 * (the age of resources aside) is not printed again: one line names what did not change.
 */
final class DemoTables {

    private final DemoScene scene;
    /** Each caption's rows as last printed, without the AGE column, which moves by itself. */
    private final Map<String, List<List<String>>> lastPrinted = new HashMap<>();

    DemoTables(DemoScene scene) {
        this.scene = scene;
    }

    /** Prints what changed since the last call: the resources as {@code kubectl get} shows them, the account's members and user groups. */
    void show(PrintWriter out) {
        Map<String, List<List<String>>> tables = new LinkedHashMap<>();
        String namespace = scene.namespace();
        try {
            Instant now = Instant.now();
            for (String plural : List.of("scimapps", "scimusers", "grouprolebindings")) {
                tables.put("kubectl -n " + namespace + " get " + plural, rows(PrinterColumns.of(plural), list(plural), now));
            }
        } catch (RuntimeException e) {
            out.println("  (the cluster could not be read: " + e.getMessage() + ")");
        }
        String account = " of account " + scene.account().id() + " in Cloudflare (the emulator)";
        List<List<String>> members = new ArrayList<>();
        members.add(List.of("MEMBER", "ROLES"));
        scene.account().members().stream().filter(MemberView::active).sorted(Comparator.comparing(MemberView::userName))
                .forEach(m -> members.add(List.of(m.userName(), String.join(", ", m.roles()))));
        tables.put("members" + account, members);
        Map<String, DemoScene.UserGroup> userGroups = scene.userGroups();
        if (!userGroups.isEmpty()) {
            List<List<String>> groups = new ArrayList<>();
            groups.add(List.of("USER GROUP", "POLICIES GRANT", "MEMBERS"));
            userGroups.forEach((name, g) -> groups.add(List.of(name, String.join(", ", g.roles()),
                    String.join(", ", g.members()))));
            tables.put("user groups" + account, groups);
        }

        List<String> unchanged = new ArrayList<>();
        tables.forEach((caption, rows) -> {
            List<List<String>> seen = withoutAge(rows);
            if (seen.equals(lastPrinted.get(caption))) {
                unchanged.add(caption.startsWith("kubectl") ? caption.substring(caption.lastIndexOf(' ') + 1)
                        : caption.substring(0, caption.indexOf(" of account")));
            } else {
                lastPrinted.put(caption, seen);
                print(out, caption, rows);
            }
        });
        if (!unchanged.isEmpty()) {
            out.println();
            out.println("  (unchanged since last shown: " + String.join(", ", unchanged) + ")");
        }
    }

    private List<? extends HasMetadata> list(String plural) {
        return switch (plural) {
            case "scimapps" -> scene.list(ScimApp.class);
            case "scimusers" -> scene.list(ScimUser.class);
            default -> scene.list(GroupRoleBinding.class);
        };
    }

    /** The rows without the AGE column: a table whose only change is its resources' age has not changed. */
    static List<List<String>> withoutAge(List<List<String>> rows) {
        int age = rows.get(0).indexOf("AGE");
        if (age < 0) {
            return rows;
        }
        return rows.stream().map(row -> {
            List<String> kept = new ArrayList<>(row);
            kept.remove(age);
            return List.copyOf(kept);
        }).toList();
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
