package dev.cfscim.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** The Helm chart in helm/cloudflare-scim-operator, rendered through helm-java (Helm's own Go code). */
final class Chart {
    /** Tests run in the operator module's folder. */
    static final Path DIR = Path.of("").toAbsolutePath().getParent().resolve("helm/cloudflare-scim-operator");
    static final Path REPO_CRDS = Path.of("").toAbsolutePath().getParent().resolve("crds");
    static final String RELEASE = "cfscim";
    static final String NAMESPACE = "cfscim-system";
    /** The resources' full name for the release "cfscim": release-chart. */
    static final String FULLNAME = "cfscim-cloudflare-scim-operator";
    static final Path NAMESPACED_VALUES = DIR.resolve("examples/values-namespaced.yaml");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private Chart() {}

    private static Path renderable;

    /**
     * The chart as the tests render it: a copy whose only difference is that Chart.yaml has no
     * kubeVersion. helm-java's template and client dry-run take no --kube-version and render for
     * Kubernetes 1.20, which the chart's {@code kubeVersion: ">=1.25.0-0"} refuses (as it should:
     * ChartOperationsTest checks that refusal on the real chart).
     */
    static synchronized Path renderable() {
        if (renderable == null) {
            try {
                Path copy = Files.createTempDirectory("cfscim-chart").resolve(DIR.getFileName().toString());
                copyTo(copy);
                Path chartYaml = copy.resolve("Chart.yaml");
                Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*$", ""));
                renderable = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return renderable;
    }

    /** A copy of the chart's folder, as it is, at {@code target} (made with its parents). */
    static void copyTo(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path file : files.toList()) {
                Path copied = target.resolve(DIR.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copied);
                } else {
                    Files.copy(file, copied);
                }
            }
        }
    }

    /** helm template, release "cfscim" in "cfscim-system", with what {@code options} adds. */
    static String template(UnaryOperator<TemplateCommand> options) {
        return options.apply(new Helm(renderable()).template().withName(RELEASE).withNamespace(NAMESPACE)).call();
    }

    /** The objects of a multi-document YAML stream, in order; fails on a document that does not parse. */
    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
        }
        return objects;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " " + name + ", found " + found.size()
                    + " among " + describe(objects));
        }
        return found.get(0);
    }

    static Optional<HasMetadata> byKind(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(o -> o.getKind().equals(kind)).findFirst();
    }

    static List<String> describe(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + " " + (o.getMetadata().getNamespace() == null ? ""
                : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName()).toList();
    }

    /**
     * What a set of rules grants, as "group/resource" (core group: "/resource") to its verbs. Fails on
     * what this view would hide: resourceNames, nonResourceURLs, wildcards.
     */
    static Map<String, Set<String>> grants(List<PolicyRule> rules) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (PolicyRule rule : rules) {
            if (!(rule.getResourceNames() == null || rule.getResourceNames().isEmpty())
                    || !(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty())) {
                throw new AssertionError("unexpected resourceNames or nonResourceURLs in " + rule);
            }
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    if (group.contains("*") || resource.contains("*") || rule.getVerbs().contains("*")) {
                        throw new AssertionError("wildcard in " + rule);
                    }
                    grants.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        return grants;
    }
}
