package dev.cfscim.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An {@link AccountExport} as YAML a person reviews and commits: one file per kind with a
 * kustomization.yaml listing them, or one stream. Each resource has a comment saying where it came
 * from; keys come in kubectl's order (apiVersion, kind, metadata, spec); nothing null, empty or
 * status is written, and nothing varies between runs over the same account (no times).
 */
public final class DeclarationFiles {

    public static final String KUSTOMIZATION = "kustomization.yaml";
    /** Every file an export may write, in the order they are listed and streamed. */
    public static final List<String> FILES = List.of("app.yaml", "secret.yaml", "users.yaml", "groups.yaml",
            "bindings.yaml", KUSTOMIZATION);

    private static final ObjectMapper TREE = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private DeclarationFiles() {
    }

    /**
     * The files by name, in {@link #FILES} order; a kind with nothing to declare gets no file (kubectl
     * refuses a file without objects), and the kustomization lists only the files written.
     */
    public static Map<String, String> files(AccountExport export) {
        Map<String, String> files = new LinkedHashMap<>();
        String header = header(export);
        // The notes go with the members, or with the app when no member is declared.
        boolean notesWithUsers = !export.users().isEmpty();
        files.put("app.yaml", header + (notesWithUsers ? "" : notes(export)) + documents(List.of(export.app())));
        files.put("secret.yaml", header + secretTemplate(export));
        if (notesWithUsers) {
            files.put("users.yaml", header + notes(export) + documents(export.users()));
        }
        if (!export.groups().isEmpty()) {
            files.put("groups.yaml", header + documents(export.groups()));
        }
        if (!export.bindings().isEmpty()) {
            files.put("bindings.yaml", header + documents(export.bindings()));
        }
        files.put(KUSTOMIZATION, header + "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources:\n" + files.keySet().stream().filter(f -> !f.equals("secret.yaml"))
                .map(f -> "  - " + f + "\n").collect(Collectors.joining()));
        return files;
    }

    /** Everything as one stream of documents separated by {@code ---}, for standard output. */
    public static String stream(AccountExport export) {
        List<AccountExport.Exported<?>> all = new ArrayList<>();
        all.addAll(export.users());
        all.addAll(export.groups());
        all.addAll(export.bindings());
        String app = notes(export) + secretTemplate(export) + documents(List.of(export.app()));
        return header(export) + app + (all.isEmpty() ? "" : "---\n" + documents(all));
    }

    private static String header(AccountExport export) {
        return comment("Exported by `cfscim export` from Cloudflare account "
                + export.app().resource().getSpec().getAccountId() + " (groupMode "
                + export.app().resource().getSpec().getGroupMode() + "): " + export.users().size() + " users, "
                + export.groups().size() + " groups, " + export.bindings().size() + " bindings.\n"
                + "Review, commit, apply; then read `cfscim plan` (it should say No changes.) before setting "
                + "managementPolicy: Manage.");
    }

    /**
     * The Secret, commented out: with no value it would be refused by {@code cfscim plan} and, applied,
     * could stand where the real one should; a person creates the real one from it.
     */
    private static String secretTemplate(AccountExport export) {
        return comment(export.secret().origin() + "\nor from this template, with the token under stringData.token "
                + "(never commit it):\n\n" + yaml(export.secret().resource()));
    }

    private static String notes(AccountExport export) {
        if (export.notDeclared().isEmpty()) {
            return "";
        }
        return comment("In the account but not declared (cfscim leaves these alone):\n"
                + export.notDeclared().stream().map(n -> "- " + n).collect(Collectors.joining("\n")));
    }

    private static String documents(List<? extends AccountExport.Exported<?>> resources) {
        return resources.stream().map(e -> comment(e.origin()) + yaml(e.resource()))
                .collect(Collectors.joining("---\n"));
    }

    private static String comment(String text) {
        return text.lines().map(l -> ("# " + l).stripTrailing() + "\n").collect(Collectors.joining());
    }

    /** The resource's YAML: kubectl's key order, metadata's name first, nothing null or empty, no status. */
    static String yaml(HasMetadata resource) {
        ObjectNode tree = TREE.valueToTree(resource);
        tree.remove("status");
        prune(tree);
        ObjectNode ordered = TREE.createObjectNode();
        for (String key : List.of("apiVersion", "kind", "metadata", "type", "spec")) {
            if (tree.has(key)) {
                ordered.set(key, key.equals("metadata") ? metadata((ObjectNode) tree.get(key)) : tree.get(key));
            }
        }
        tree.fieldNames().forEachRemaining(key -> {
            if (!ordered.has(key)) {
                ordered.set(key, tree.get(key));
            }
        });
        try {
            return YAML.writeValueAsString(ordered);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + resource.getKind() + " as YAML", e);
        }
    }

    private static ObjectNode metadata(ObjectNode metadata) {
        ObjectNode ordered = TREE.createObjectNode();
        for (String key : List.of("name", "namespace", "labels", "annotations")) {
            if (metadata.has(key)) {
                ordered.set(key, metadata.get(key));
            }
        }
        return ordered;
    }

    /** Drops nulls and empty lists and objects, depth first, so that an object emptied by it goes too. */
    private static void prune(JsonNode node) {
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            JsonNode child = children.next();
            prune(child);
            if (child.isNull() || (child.isContainerNode() && child.isEmpty())) {
                children.remove();
            }
        }
    }
}
