package dev.cfscim.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * One guide, run as written: a test for its fences' marking, then one per command block in the
 * order written, in one shell of its own (started at its first block, in a fresh folder holding a
 * copy of {@code examples/}, on a free port). A block that fails stops the guide: the blocks after it
 * are skipped, since each may stand on what came before.
 */
final class GuideRun implements AutoCloseable {

    private final Path root;
    private final GuideFile guide;
    private final Path folder;
    private final CiScript ci;
    private final Consumer<String> notRun;
    private GuideShell shell;
    private String failedAt;

    GuideRun(Path root, GuideFile guide, Path folder, CiScript ci, Consumer<String> notRun) {
        this.root = root;
        this.guide = guide;
        this.folder = folder;
        this.ci = ci;
        this.notRun = notRun;
    }

    Stream<DynamicTest> tests() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every fence names its language and any marker is known",
                () -> assertThat(guide.problems()).as(guide.name()).isEmpty()));
        List<Fence> fences = guide.fences();
        for (int i = 0; i < fences.size(); i++) {
            Fence block = fences.get(i);
            if (block.kind() != Fence.Kind.COMMANDS) {
                continue;
            }
            Fence next = i + 1 < fences.size() ? fences.get(i + 1) : null;
            Fence output = next != null && next.kind() == Fence.Kind.OUTPUT ? next : null;
            Marker marker = block.marker() == null ? null : Marker.of(block.marker());
            String name = "line " + block.line() + (marker instanceof Marker.NotRun n ? " (not run: " + n.reason() + ")"
                    : marker instanceof Marker.RunByCi ? " (run by CI)" : "");
            tests.add(DynamicTest.dynamicTest(name, () -> test(block, marker, output)));
        }
        return tests.stream();
    }

    private void test(Fence block, Marker marker, Fence output) throws Exception {
        if (marker instanceof Marker.NotRun notRunHere) {
            notRun.accept(block.where() + ": " + notRunHere.reason());
            Assumptions.abort("not run: " + notRunHere.reason());
        }
        if (marker instanceof Marker.RunByCi) {
            Optional<String> missing = ci.missing(block);
            assertThat(missing).as(block.where() + ": a command marked run by CI that " + CiScript.PATH
                    + " does not run literally").isEmpty();
            return;
        }
        Assumptions.assumeTrue(failedAt == null, () -> "not run: an earlier block of this guide failed (" + failedAt + ")");
        failedAt = block.where();
        List<ShellLine> lines = ShellSyntax.parse(block.text() + "\n", guide.name(), block.line() + 1);
        for (int i = 0; i < lines.size(); i++) {
            ShellLine line = lines.get(i);
            String where = guide.name() + ":" + line.line();
            CommandResult result;
            try {
                result = shell().run(line);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
            System.out.println(where + ": exit " + result.exit());
            if (result.exit() != line.expectedExit()) {
                Assertions.fail(where + ": exited " + result.exit() + " where the guide says or implies "
                        + line.expectedExit() + " (a trailing '# ... exit N' says otherwise than 0). It printed:\n"
                        + result.shown());
            }
            if (output != null && i == lines.size() - 1) {
                ShownOutput.mismatch(output.lines(), result.shown(), shell.workingDirectory(), shell.port())
                        .ifPresent(problem -> Assertions.fail(where + ", its output at " + output.where() + ": " + problem));
            }
        }
        failedAt = null;
    }

    private GuideShell shell() throws IOException {
        if (shell == null) {
            Files.createDirectories(folder);
            copy(root.resolve("examples"), folder.resolve("examples"));
            shell = new GuideShell(folder, freePort());
        }
        return shell;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Files.copy(file, to.resolve(from.relativize(file).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (shell != null) {
            shell.close();
        }
    }
}
