package dev.cfscim.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every guide runs as written (issue 19): each command block of README.md, docs/*.md,
 * examples/README.md and the chart's README is run in the order written, against the emulator on a
 * fresh port, its exit codes checked and any output block after it checked against what it printed.
 * A block marked {@code <!-- not run: REASON -->} is listed with its reason (and skipped), one marked
 * {@code <!-- run by CI -->} must be a line of {@code .ci/run}. How, and how to add a block:
 * docs/testing.md, "Guides run as written".
 */
class GuidesRunAsWrittenTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path work;

    private static final List<GuideRun> RUNS = new ArrayList<>();
    private static final List<String> NOT_RUN = new ArrayList<>();
    private static final long STARTED = System.nanoTime();

    /** The guides: README.md, docs/*.md, examples/README.md, the chart's README. */
    static List<String> guides() throws IOException {
        List<String> guides = new ArrayList<>();
        guides.add("README.md");
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).map(p -> "docs/" + p.getFileName()).sorted().forEach(guides::add);
        }
        guides.add("examples/README.md");
        guides.add("helm/cloudflare-scim-operator/README.md");
        return guides;
    }

    @TestFactory
    Stream<DynamicContainer> everyGuideRunsAsWritten() throws IOException {
        CiScript ci = CiScript.read(ROOT);
        List<DynamicContainer> guides = new ArrayList<>();
        for (String name : guides()) {
            GuideRun run = new GuideRun(ROOT, GuideFile.read(ROOT, name), work.resolve(name.replace('/', '_')), ci,
                    NOT_RUN::add);
            RUNS.add(run);
            guides.add(DynamicContainer.dynamicContainer(name, run.tests()));
        }
        return guides.stream();
    }

    @AfterAll
    static void stopAndList() {
        RUNS.forEach(GuideRun::close);
        System.out.println("Guides run as written in " + (System.nanoTime() - STARTED) / 1_000_000 + " ms. Blocks not run ("
                + NOT_RUN.size() + "), each with its reason:");
        NOT_RUN.forEach(line -> System.out.println("  " + line));
    }
}
