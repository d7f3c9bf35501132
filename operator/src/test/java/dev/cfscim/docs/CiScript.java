package dev.cfscim.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The commands {@code .ci/run} runs, one per line, comments off. A guide's Maven commands run
 * there, literally, rather than inside the Maven build that runs the guides' test.
 */
record CiScript(List<String> commands) {

    static final String PATH = ".ci/run";

    static CiScript read(Path root) throws IOException {
        return new CiScript(Files.readAllLines(root.resolve(PATH)).stream()
                .map(ShellSyntax::withoutComment)
                .filter(line -> !line.isEmpty())
                .toList());
    }

    /** The first command of a block marked {@code <!-- run by CI -->} that CI does not run literally, if any. */
    Optional<String> missing(Fence block) {
        return block.text().replace("\\\n", " ").lines()
                .map(ShellSyntax::withoutComment)
                .filter(line -> !line.isEmpty())
                .map(line -> line.replaceAll("\\s+", " "))
                .filter(line -> commands.stream().noneMatch(command -> command.replaceAll("\\s+", " ").equals(line)))
                .findFirst();
    }
}
