package dev.cfscim.argocd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the Argo CD health checks from their one source, argocd/src/: health.lua.tmpl holds what
 * every kind's check shares, each kind's {@code <Kind>.lua.tmpl} the parts that differ, and
 * argocd-cm.yaml.tmpl the ConfigMap that embeds them all. What ships is that ConfigMap alone
 * (argocd/argocd-cm.yaml, checked in: Argo CD users apply it from the repository), so each check has
 * one rendered copy; HealthScriptsTest fails while it differs from this rendering, and {@link #main}
 * (the update-argocd profile) rewrites it.
 *
 * <p>The template's lines that are exactly {@code ${name}} take the kind's section {@code name}
 * (zero or more lines, between {@code --- section: name} markers); {@code ${kind}} is the kind
 * anywhere. Lines of a source that begin with three dashes are for its readers and not rendered.
 *
 * <p>Public only for the exec plugin, which runs {@link #main} from outside the package.
 */
public final class HealthScripts {

    /** The kinds, in the order argocd-cm.yaml lists them: a ScimApp first, then what it provisions. */
    static final List<String> KINDS = List.of("ScimApp", "ScimUser", "ScimGroup", "GroupRoleBinding");
    static final String CONFIG_MAP = "argocd-cm.yaml";
    /** The sources' ending: templates, not Lua that runs (the shared one has ${...} lines). */
    private static final String TEMPLATE = ".tmpl";
    private static final String SECTION = "--- section: ";
    private static final String READERS_ONLY = "---";
    private static final String CONFIG_MAP_KEY = "resource.customizations.health.";

    private HealthScripts() {
    }

    /** The argocd-cm key of a kind's check, as Argo CD looks it up: {@code resource.customizations.health.<group>_<kind>}. */
    static String key(String kind) {
        return CONFIG_MAP_KEY + "scim.cfscim.dev_" + kind;
    }

    /** Each kind's check, by its argocd-cm key, in {@link #KINDS}' order; {@code argocd} is the folder with src/. */
    static Map<String, String> scripts(Path argocd) {
        Path src = argocd.resolve("src");
        String template = read(src.resolve("health.lua" + TEMPLATE));
        Map<String, String> scripts = new LinkedHashMap<>();
        for (String kind : KINDS) {
            scripts.put(key(kind), script(template, kind, sections(read(src.resolve(kind + ".lua" + TEMPLATE)))));
        }
        return scripts;
    }

    /** argocd-cm.yaml: the template with every check embedded as a block scalar. */
    static String configMap(Path argocd) {
        StringBuilder embedded = new StringBuilder();
        scripts(argocd).forEach((key, script) -> {
            embedded.append("  ").append(key).append(": |\n");
            script.lines().forEach(line -> embedded.append(line.isEmpty() ? "" : "    " + line).append('\n'));
        });
        return read(argocd.resolve("src").resolve(CONFIG_MAP + TEMPLATE)).replace("${scripts}\n", embedded.toString());
    }

    private static String script(String template, String kind, Map<String, List<String>> sections) {
        StringBuilder out = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            if (line.startsWith(READERS_ONLY)) {
                continue;
            }
            if (line.startsWith("${") && line.endsWith("}") && !line.equals("${kind}")) {
                String name = line.substring(2, line.length() - 1);
                List<String> section = sections.get(name);
                if (section == null) {
                    throw new IllegalStateException("argocd/src/" + kind + ".lua.tmpl has no section " + name);
                }
                section.forEach(l -> out.append(l).append('\n'));
                continue;
            }
            out.append(line.replace("${kind}", kind)).append('\n');
        }
        // split keeps the text after the last line end: one line too many.
        return out.substring(0, out.length() - 1);
    }

    /** A kind's sections by name, in the order its file gives them. */
    private static Map<String, List<String>> sections(String part) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : part.lines().toList()) {
            if (line.startsWith(SECTION)) {
                current = new ArrayList<>();
                sections.put(line.substring(SECTION.length()).strip(), current);
            } else if (current != null && !line.startsWith(READERS_ONLY)) {
                current.add(line);
            }
        }
        return sections;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites argocd/argocd-cm.yaml from argocd/src/: {@code args[0]} is the argocd folder. */
    public static void main(String[] args) throws IOException {
        Path argocd = Path.of(args[0]);
        Files.writeString(argocd.resolve(CONFIG_MAP), configMap(argocd), StandardCharsets.UTF_8);
        System.out.println("Wrote argocd/" + CONFIG_MAP);
    }
}
