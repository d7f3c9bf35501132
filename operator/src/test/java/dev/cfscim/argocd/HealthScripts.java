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
 * argocd-cm.yaml.tmpl the ConfigMap that embeds them all. The rendered files are checked in (argocd/health/*.lua,
 * argocd/argocd-cm.yaml), since Argo CD users copy them from the repository; HealthScriptsTest fails
 * while they differ from this rendering, and {@link #main} (the update-argocd profile) rewrites them.
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

    /** The file a kind's check renders to, relative to argocd/. */
    static String scriptPath(String kind) {
        return "health/" + scriptName(kind) + ".lua";
    }

    private static String scriptName(String kind) {
        return "scim.cfscim.dev_" + kind;
    }

    /** Every rendered file, relative to {@code argocd} (the folder with src/), in the order written. */
    static Map<String, String> render(Path argocd) {
        Path src = argocd.resolve("src");
        String template = read(src.resolve("health.lua" + TEMPLATE));
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder embedded = new StringBuilder();
        for (String kind : KINDS) {
            String script = script(template, kind, sections(read(src.resolve(kind + ".lua" + TEMPLATE))));
            files.put(scriptPath(kind), script);
            embedded.append("  ").append(CONFIG_MAP_KEY).append(scriptName(kind)).append(": |\n");
            script.lines().forEach(line -> embedded.append(line.isEmpty() ? "" : "    " + line).append('\n'));
        }
        files.put(CONFIG_MAP, read(src.resolve(CONFIG_MAP + TEMPLATE)).replace("${scripts}\n", embedded.toString()));
        return files;
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

    /** Rewrites the checked-in files from argocd/src/: {@code args[0]} is the argocd folder. */
    public static void main(String[] args) throws IOException {
        Path argocd = Path.of(args[0]);
        for (Map.Entry<String, String> file : render(argocd).entrySet()) {
            Files.writeString(argocd.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            System.out.println("Wrote argocd/" + file.getKey());
        }
    }
}
