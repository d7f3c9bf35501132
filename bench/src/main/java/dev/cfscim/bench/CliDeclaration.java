package dev.cfscim.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A workload as a folder of YAML a user would write for {@code cfscim plan -f}, in the shape of
 * examples/: app.yaml (one ScimApp), users.yaml (a ScimUser per user, labelled for the app's
 * {@code userSelector} and for each group it is in), groups.yaml (one ScimGroup per role, its
 * members chosen by a {@code memberSelector}) and bindings.yaml (one GroupRoleBinding per role).
 * Written line by line: at 50,000 users a YAML library would spend longer than the CLI reading it.
 */
final class CliDeclaration {

    static final String NAMESPACE = "bench";
    static final String APP = "bench";
    static final String MEMBER_LABEL = "bench.cfscim.dev/member";
    private static final String API_VERSION = "apiVersion: scim.cfscim.dev/v1alpha1\n";

    private CliDeclaration() {
    }

    /**
     * Writes the four files into {@code dir}. The ScimApp points at {@code endpoint} (plain http,
     * allowed), never paces itself (the emulator's limit is off: this measures the CLI, not the
     * budget), and its rails are wide enough for a first apply of the whole workload.
     */
    static void write(Path dir, GroupModel model, Workload workload, String accountId, String endpoint) {
        try {
            Files.createDirectories(dir);
            app(dir.resolve("app.yaml"), model, workload, accountId, endpoint);
            users(dir.resolve("users.yaml"), workload);
            groups(dir.resolve("groups.yaml"), workload);
            bindings(dir.resolve("bindings.yaml"), workload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the declaration in " + dir, e);
        }
    }

    /** The label that puts a user in a role's ScimGroup: {@code bench.cfscim.dev/group-3: "true"}. */
    static String groupLabel(Workload workload, String role) {
        return "bench.cfscim.dev/" + OperatorScenario.groupName(workload, role);
    }

    private static void app(Path file, GroupModel model, Workload workload, String accountId, String endpoint)
            throws IOException {
        int limit = Math.max(workload.users().size(), (int) workload.memberships());
        Files.writeString(file, "# The benchmark's account, in the " + model.label() + " model.\n" + API_VERSION
                + "kind: ScimApp\n"
                + "metadata:\n"
                + "  name: " + APP + "\n"
                + "  namespace: " + NAMESPACE + "\n"
                + "spec:\n"
                + "  accountId: " + accountId + "\n"
                + "  endpoint: " + endpoint + "\n"
                + "  allowInsecureEndpoint: true   # the emulator, on this machine\n"
                + "  tokenSecretRef:\n"
                + "    name: cloudflare-scim-token\n"
                + "    key: token\n"
                + "  groupMode: " + model.groupMode() + "\n"
                + "  assignments:\n"
                + "    userSelector:\n"
                + "      matchLabels:\n"
                + "        " + MEMBER_LABEL + ": \"true\"\n"
                + "  deprovisionLimit: " + limit + "\n"
                + "  roleRemovalLimit: " + limit + "\n"
                + "  requestBudget:   # the emulator's limit is off: no pacing\n"
                + "    requests: 1000000\n"
                + "    per: 1s\n");
    }

    private static void users(Path file, Workload workload) throws IOException {
        Map<String, List<String>> groupsOf = new HashMap<>();
        workload.members().forEach((role, names) -> names.forEach(n ->
                groupsOf.computeIfAbsent(n, k -> new ArrayList<>()).add(groupLabel(workload, role))));
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("# " + workload.users().size() + " people; the labels choose the app and the groups.\n");
            String separator = "";
            for (String userName : workload.users()) {
                String local = OperatorScenario.resourceName(userName);
                out.write(separator + API_VERSION + "kind: ScimUser\nmetadata:\n  name: " + local + "\n  namespace: "
                        + NAMESPACE + "\n  labels:\n    " + MEMBER_LABEL + ": \"true\"\n");
                for (String label : groupsOf.getOrDefault(userName, List.of())) {
                    out.write("    " + label + ": \"true\"\n");
                }
                out.write("spec:\n  userName: " + userName + "\n  name:\n    givenName: " + local
                        + "\n    familyName: Example\n");
                separator = "---\n";
            }
        }
    }

    private static void groups(Path file, Workload workload) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (String role : workload.roles()) {
            // In the user-groups model the group is pushed under its displayName, which may not be the role's own.
            yaml.append(yaml.isEmpty() ? "" : "---\n").append(API_VERSION)
                    .append("kind: ScimGroup\nmetadata:\n")
                    .append("  name: ").append(OperatorScenario.groupName(workload, role)).append('\n')
                    .append("  namespace: ").append(NAMESPACE).append('\n')
                    .append("spec:\n  displayName: ").append(Workload.groupDisplayName(role)).append('\n')
                    .append("  memberSelector:\n    matchLabels:\n")
                    .append("      ").append(groupLabel(workload, role)).append(": \"true\"\n");
        }
        Files.writeString(file, yaml);
    }

    private static void bindings(Path file, Workload workload) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (String role : workload.roles()) {
            String group = OperatorScenario.groupName(workload, role);
            yaml.append(yaml.isEmpty() ? "" : "---\n").append(API_VERSION)
                    .append("kind: GroupRoleBinding\nmetadata:\n")
                    .append("  name: ").append(group).append("-binding\n")
                    .append("  namespace: ").append(NAMESPACE).append('\n')
                    .append("spec:\n  appRef: ").append(APP).append('\n')
                    .append("  groupRef: ").append(group).append('\n')
                    .append("  role: ").append(role).append('\n');
        }
        Files.writeString(file, yaml);
    }
}
