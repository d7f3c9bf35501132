package dev.cfscim.cli;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.MemberView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
            List<List<String>> apps = new ArrayList<>();
            apps.add(List.of("NAME", "READY", "SYNCED", "DRIFTED", "ASSIGNED", "PROVISIONED", "PENDING", "BLOCKED", "AGE"));
            for (ScimApp app : scene.list(ScimApp.class)) {
                ScimAppStatus s = app.getStatus();
                apps.add(List.of(app.getMetadata().getName(), conditionStatus(app, Conditions.Type.READY),
                        conditionStatus(app, Conditions.Type.SYNCED), conditionStatus(app, Conditions.Type.DRIFTED),
                        count(s == null ? null : s.getAssigned()), count(s == null ? null : s.getProvisioned()),
                        count(s == null ? null : s.getPending()), count(s == null ? null : s.getBlocked()), age(app)));
            }
            print(out, "kubectl -n " + namespace + " get scimapps", apps);

            List<List<String>> users = new ArrayList<>();
            users.add(List.of("NAME", "USERNAME", "READY", "BLOCKED", "REASON"));
            for (ScimUser user : scene.list(ScimUser.class)) {
                users.add(List.of(user.getMetadata().getName(), user.getSpec().getUserName(),
                        conditionStatus(user, Conditions.Type.READY),
                        conditionStatus(user, Conditions.Type.DEPROVISION_BLOCKED),
                        conditionReason(user, Conditions.Type.READY)));
            }
            print(out, "kubectl -n " + namespace + " get scimusers", users);

            List<List<String>> bindings = new ArrayList<>();
            bindings.add(List.of("NAME", "ROLE", "READY", "REASON"));
            for (GroupRoleBinding binding : scene.list(GroupRoleBinding.class)) {
                bindings.add(List.of(binding.getMetadata().getName(), binding.getSpec().getRole(),
                        conditionStatus(binding, Conditions.Type.READY),
                        conditionReason(binding, Conditions.Type.READY)));
            }
            print(out, "kubectl -n " + namespace + " get grouprolebindings", bindings);
        } catch (RuntimeException e) {
            out.println("  (the cluster could not be read: " + e.getMessage() + ")");
        }

        List<List<String>> members = new ArrayList<>();
        members.add(List.of("MEMBER", "ROLES"));
        scene.account().members().stream().filter(MemberView::active).sorted(Comparator.comparing(MemberView::userName))
                .forEach(m -> members.add(List.of(m.userName(), String.join(", ", m.roles()))));
        print(out, "members of account " + scene.account().id() + " in Cloudflare (the emulator)", members);
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

    private static String conditionStatus(HasMetadata resource, String type) {
        return DemoScene.condition(resource, type).map(Condition::status).orElse("");
    }

    private static String conditionReason(HasMetadata resource, String type) {
        return DemoScene.condition(resource, type).map(Condition::reason).orElse("");
    }

    private static String count(Integer value) {
        return value == null ? "" : value.toString();
    }

    /** Age as kubectl shows it: 42s, 3m5s. */
    private static String age(HasMetadata resource) {
        String created = resource.getMetadata().getCreationTimestamp();
        if (created == null) {
            return "<unknown>";
        }
        try {
            long s = Math.max(0, Duration.between(Instant.parse(created), Instant.now()).toSeconds());
            return s < 120 ? s + "s" : s / 60 + "m" + (s % 60) + "s";
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }
}
