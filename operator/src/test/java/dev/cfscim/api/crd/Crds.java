package dev.cfscim.api.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CRDs as the build generates them (crd-generator-maven-plugin, at process-classes, into
 * target/classes/META-INF/fabric8) and the checked-in copy in crds/ at the repository root.
 */
final class Crds {
    static final String GENERATED = "META-INF/fabric8";
    static final String SUFFIX = "-v1.yml";
    static final List<String> FILES = List.of(
            "grouprolebindings.scim.cfscim.dev-v1.yml",
            "scimapps.scim.cfscim.dev-v1.yml",
            "scimgroups.scim.cfscim.dev-v1.yml",
            "scimusers.scim.cfscim.dev-v1.yml");
    /** From the repository root. */
    static final String REFRESH_COMMAND = "mvn -pl operator -am test-compile -Pupdate-crds";

    private Crds() {}

    /** The folder the build generated the CRDs into, as found on the test classpath. */
    static Path generatedDir() {
        URL url = Crds.class.getClassLoader().getResource(GENERATED + "/" + FILES.get(0));
        if (url == null) {
            throw new AssertionError(GENERATED + "/" + FILES.get(0) + " is not on the classpath: the CRDs are generated "
                    + "by crd-generator-maven-plugin at process-classes; run the tests through Maven");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** crds/ at the repository root (tests run in the operator module's folder). */
    static Path checkedInDir() {
        return Path.of("").toAbsolutePath().getParent().resolve("crds");
    }

    /** The CRD files of a folder, sorted by name. */
    static List<Path> crdFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    /** The generated CRD of {@code plural}. */
    static CustomResourceDefinition generated(String plural) {
        Path file = generatedDir().resolve(plural + ".scim.cfscim.dev" + SUFFIX);
        try (InputStream in = Files.newInputStream(file)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of the one version. */
    static JSONSchemaProps schema(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    /** The schema at a dotted path of property names, such as {@code spec.requestBudget.per}. */
    static JSONSchemaProps at(JSONSchemaProps root, String path) {
        JSONSchemaProps current = root;
        for (String name : path.split("\\.")) {
            if (name.equals("[]")) {
                current = current.getItems().getSchema();
            } else {
                JSONSchemaProps next = current.getProperties() == null ? null : current.getProperties().get(name);
                if (next == null) {
                    throw new AssertionError("no property '" + name + "' on the way to " + path);
                }
                current = next;
            }
        }
        return current;
    }
}
