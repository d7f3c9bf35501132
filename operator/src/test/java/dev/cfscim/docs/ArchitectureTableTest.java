package dev.cfscim.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's "Where each rule lives" is a map a reader follows into the code: every
 * class, member and file it names must exist, or the map sends the reader nowhere after a rename.
 */
class ArchitectureTableTest {

    private static final Path ARCHITECTURE = GuidesRunAsWrittenTest.ROOT.resolve("docs/architecture.md");
    private static final Path MAIN = GuidesRunAsWrittenTest.ROOT.resolve("operator/src/main/java/dev/cfscim");
    /** The tests' own code the table names (generators, contract checks), and the emulator's. */
    private static final List<Path> ELSEWHERE = List.of(
            GuidesRunAsWrittenTest.ROOT.resolve("operator/src/test/java/dev/cfscim"),
            GuidesRunAsWrittenTest.ROOT.resolve("emulator/src/main/java/dev/cfscim/emulator"),
            GuidesRunAsWrittenTest.ROOT.resolve("emulator/src/test/java/dev/cfscim/emulator"));
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** {@code plan/Engine}, {@code plan/Engine.scan}, {@code api/Conditions.Reason.refusesUserName}. */
    private static final Pattern PACKAGED = Pattern.compile("([a-z]+)/([A-Z]\\w*)((?:\\.\\w+)*)");
    /** {@code DriftRail}, {@code Change.Visitor}, {@code Engine.confirmAbsence}: a class of main code (or the emulator's), or a reason. */
    private static final Pattern BARE = Pattern.compile("([A-Z]\\w*)((?:\\.\\w+)*)");

    private final Map<String, Path> sources = mainSources();

    @Test
    void everyNameInTheTableIsInTheCode() throws IOException {
        List<String> rows = table();
        assertThat(rows).as("rows of \"Where each rule lives\"").hasSizeGreaterThan(40);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String row : rows) {
            String where = row.substring(row.lastIndexOf('|', row.length() - 2) + 1);
            Matcher code = CODE.matcher(where);
            while (code.find()) {
                String name = code.group(1);
                String problem = problemWith(name);
                if (problem != null) {
                    missing.add(name + ": " + problem);
                }
                checked++;
            }
        }
        assertThat(checked).as("names checked").isGreaterThan(100);
        assertThat(missing).as("names in docs/architecture.md's table that the code does not have").isEmpty();
    }

    @Test
    void aRenamedClassIsCaught() {
        assertThat(problemWith("plan/NoSuchPlanner")).contains("no such class");
        assertThat(problemWith("plan/Engine.noSuchMethod")).contains("noSuchMethod");
        assertThat(problemWith("NoSuchReasonOrClass")).contains("neither");
        assertThat(problemWith("operator/src/main/no-such-file")).contains("no such file");
        assertThat(problemWith("plan/Engine.scan")).isNull();
        assertThat(problemWith("Change.Visitor")).isNull();
    }

    /** Null when the name is in the code; what is wrong otherwise. Names that are not code (flags, paths of the API) pass. */
    private String problemWith(String name) {
        if (name.startsWith("operator/") || name.startsWith("emulator/")) {
            return Files.exists(GuidesRunAsWrittenTest.ROOT.resolve(name)) ? null : "no such file";
        }
        Matcher packaged = PACKAGED.matcher(name);
        if (packaged.matches()) {
            String relative = packaged.group(1) + "/" + packaged.group(2) + ".java";
            Path file = Stream.concat(Stream.of(MAIN), ELSEWHERE.stream()).map(root -> root.resolve(relative))
                    .filter(Files::exists).findFirst().orElse(null);
            if (file == null) {
                return "no such class " + relative;
            }
            return membersMissing(file, packaged.group(3));
        }
        Matcher bare = BARE.matcher(name);
        if (!bare.matches()) {
            return null;
        }
        Path file = sources.get(bare.group(1));
        if (file != null) {
            return membersMissing(file, bare.group(2));
        }
        // A nested type, or a reason or value the code spells as a string (InvalidUserName, Manage).
        // Only main code's spellings count: a test may spell anything, this one included.
        boolean declared = sources.values().stream().filter(f -> !f.toString().contains("/src/test/"))
                .anyMatch(f -> contains(f, Pattern.compile(
                "(class|record|enum|interface) " + bare.group(1) + "\\b|\"" + Pattern.quote(name) + "\"|\\b"
                        + Pattern.quote(name) + "\\(")));
        return declared && bare.group(2).isEmpty() || declared && nestedMembersIn(bare.group(2))
                ? null : "neither a class of main code nor a name it spells";
    }

    private boolean nestedMembersIn(String members) {
        return sources.values().stream().anyMatch(f -> membersMissing(f, members) == null);
    }

    private static String membersMissing(Path file, String members) {
        for (String member : members.split("\\.")) {
            if (!member.isEmpty() && !contains(file, Pattern.compile("\\b" + Pattern.quote(member) + "\\b"))) {
                return file.getFileName() + " has no " + member;
            }
        }
        return null;
    }

    private static boolean contains(Path file, Pattern pattern) {
        try {
            return pattern.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> table() throws IOException {
        List<String> lines = Files.readAllLines(ARCHITECTURE);
        int start = lines.indexOf("## Where each rule lives");
        assertThat(start).as("the section in docs/architecture.md").isNotNegative();
        return lines.subList(start + 1, lines.size()).stream()
                .takeWhile(line -> !line.startsWith("## "))
                .filter(line -> line.startsWith("| ") && !line.startsWith("| rule |"))
                .collect(Collectors.toList());
    }

    private static Map<String, Path> mainSources() {
        return Stream.concat(Stream.of(MAIN), ELSEWHERE.stream()).flatMap(ArchitectureTableTest::walk)
                .filter(f -> f.toString().endsWith(".java"))
                .collect(Collectors.toMap(f -> f.getFileName().toString().replace(".java", ""), f -> f, (a, b) -> a));
    }

    private static Stream<Path> walk(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
