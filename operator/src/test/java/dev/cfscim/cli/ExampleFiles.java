package dev.cfscim.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The declarations under examples/virtual-groups/ (the seed's model), copied into a test's own folder as each test needs them changed. */
final class ExampleFiles {

    /** A change to one example file: its new text, or null to leave the file out. */
    @FunctionalInterface
    interface Edit {
        String apply(String fileName, String text);
    }

    private ExampleFiles() {
    }

    /** Creates {@code folder} with every example file as {@code edit} makes it. */
    static Path copy(Path folder, Edit edit) throws IOException {
        Files.createDirectory(folder);
        try (DirectoryStream<Path> examples = Files.newDirectoryStream(Path.of("../examples/virtual-groups"), "*.yaml")) {
            for (Path example : examples) {
                String text = edit.apply(example.getFileName().toString(), Files.readString(example));
                if (text != null) {
                    Files.writeString(folder.resolve(example.getFileName()), text);
                }
            }
        }
        return folder;
    }

    /** Creates {@code folder} with the example files as they are. */
    static Path copy(Path folder) throws IOException {
        return copy(folder, (name, text) -> text);
    }

    /**
     * Creates {@code folder} with the example files and one more ScimUser, {@code name} in namespace
     * cfscim, in its own {@code name}.yaml; {@code spec} is its spec as flow YAML.
     */
    static Path withScimUser(Path folder, String name, String spec) throws IOException {
        Path files = copy(folder);
        Files.writeString(files.resolve(name + ".yaml"), """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata: {name: %s, namespace: cfscim}
                spec: %s
                """.formatted(name, spec));
        return files;
    }
}
