package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.RateLimit;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built launcher, {@code target/cfscim}, run as a user runs it: from another folder, through
 * symlinks, with arguments and exit codes passed through, and with a clear error when there is no
 * usable Java. Run by failsafe in {@code mvn verify}, after the package phase has made the launcher
 * and its class-data-sharing archive ({@code mvn -o -q -pl operator -am verify -Dit.test=LauncherIT
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class LauncherIT {

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path LAUNCHER = TARGET.resolve("cfscim");
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String TOKEN = "launcher-test-token";

    private static CloudflareEmulator emulator;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startEmulator() {
        emulator = CloudflareEmulator.builder().account(ACCOUNT, TOKEN).rateLimit(RateLimit.OFF)
                .superAdmin("owner@example.com").build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void versionExitsZeroFromAnotherFolder() throws Exception {
        Run run = run(List.of(LAUNCHER.toString(), "--version"), javaHome(), tmp);

        assertThat(run.exit).as(run.toString()).isZero();
        assertThat(run.out).startsWith("cfscim ").contains("\nJava ");
        assertThat(run.err).isEmpty();
    }

    @Test
    void passesArgumentsAndTheCommandsExitCodeThrough() throws Exception {
        Path examples = Files.createDirectories(tmp.resolve("my examples"));
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, examples.resolve(file.getFileName().toString()));
            }
        }
        Map<String, String> env = javaHome();
        env.put("CLOUDFLARE_API_TOKEN", TOKEN);

        // Changes pending: Terraform's exit 2, through the launcher's exec; the folder's space kept.
        Run plan = run(List.of(LAUNCHER.toString(), "plan", "-f", examples.toString(), "--endpoint",
                emulator.scimBaseUrl(ACCOUNT), "--detailed-exitcode"), env, tmp);
        assertThat(plan.exit).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out).contains("Plan: 14 to add");

        Run missing = run(List.of(LAUNCHER.toString(), "plan", "-f", tmp.resolve("no such folder").toString()), env, tmp);
        assertThat(missing.exit).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err).contains("Error:").contains("no such folder");
    }

    @Test
    void worksThroughAChainOfSymlinksOnThePath() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path other = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(other.resolve("cfscim-real"), LAUNCHER);
        // A relative link to an absolute one, as ln -s leaves them.
        Files.createSymbolicLink(bin.resolve("cfscim"), Path.of("..", "elsewhere", "cfscim-real"));
        Map<String, String> env = javaHome();
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));

        Run run = run(List.of("sh", "-c", "cfscim version -json"), env, other);

        assertThat(run.exit).as(run.toString()).isZero();
        assertThat(run.out).contains("\"cfscim_version\"");
    }

    @Test
    void usesTheClassDataSharingArchiveTheBuildMade() throws Exception {
        assertThat(TARGET.resolve("cfscim.jsa")).as("made at package by make-launcher.sh").isRegularFile();
        Map<String, String> env = javaHome();
        env.put("CFSCIM_JAVA_OPTS", "-Xlog:class+load=info");

        Run run = run(List.of(LAUNCHER.toString(), "--version"), env, tmp);

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out).contains("dev.cfscim.cli.Cfscim source: shared objects file (top)");
    }

    @Test
    void aCopiedInstallStartsQuietly() throws Exception {
        Path moved = Files.createDirectories(tmp.resolve("moved"));
        for (String file : List.of("cfscim", "cfscim.jar", "cfscim.jsa")) {
            Files.copy(TARGET.resolve(file), moved.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }

        Run run = run(List.of(moved.resolve("cfscim").toString(), "--version"), javaHome(), tmp);

        assertThat(run.exit).as(run.toString()).isZero();
        assertThat(run.out).startsWith("cfscim ");
        assertThat(run.err).as("an archive the JVM cannot use is skipped without a word").isEmpty();
    }

    @Test
    void aJavaHomeThatPointsNowhereIsAClearError() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "JAVA_HOME", "/nonexistent/jdk"));

        Run run = run(List.of(LAUNCHER.toString(), "--version"), env, tmp);

        assertThat(run.exit).isEqualTo(127);
        assertThat(run.err).contains("JAVA_HOME is /nonexistent/jdk").contains("/nonexistent/jdk/bin/java is not an executable");
        assertThat(run.out).isEmpty();
    }

    @Test
    void noJavaAtAllIsAClearError() throws Exception {
        // A PATH with the shell tools the launcher uses, and no java.
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("sh", "dirname", "readlink", "sed", "cut", "head")) {
            Files.createSymbolicLink(tools.resolve(tool), which(tool));
        }
        Map<String, String> env = new HashMap<>(Map.of("PATH", tools.toString()));

        Run run = run(List.of(LAUNCHER.toString(), "--version"), env, tmp);

        assertThat(run.exit).isEqualTo(127);
        assertThat(run.err).contains("cfscim: no Java found: install Java 17 or later");
    }

    @Test
    void aJavaOlderThan17IsRefusedBeforeItStarts() throws Exception {
        // A Java 11 home as its release file describes it, and a Java 8 without one (then `java -version`).
        Path jdk11 = fakeJava(tmp.resolve("jdk-11"), "JAVA_VERSION=\"11.0.22\"", "openjdk version \"11.0.22\" 2024-01-16");
        Path jdk8 = fakeJava(tmp.resolve("jdk-8"), null, "openjdk version \"1.8.0_412\"");

        for (Path home : List.of(jdk11, jdk8)) {
            Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "JAVA_HOME", home.toString()));
            Run run = run(List.of(LAUNCHER.toString(), "--version"), env, tmp);

            assertThat(run.exit).as(run.toString()).isEqualTo(126);
            assertThat(run.err).contains("cfscim: needs Java 17 or later, but " + home + "/bin/java is Java "
                    + (home == jdk11 ? "11.0.22" : "1.8.0_412"));
            assertThat(run.out).as("the fake java never ran the jar").isEmpty();
        }
    }

    private static Path fakeJava(Path home, String release, String versionLine) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\n[ \"$1\" = -version ] && echo '" + versionLine + "' >&2 && exit 0\necho ran\n");
        java.toFile().setExecutable(true);
        if (release != null) {
            Files.writeString(home.resolve("release"), release + "\n");
        }
        return home;
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " is not on the PATH");
    }

    /** PATH as it is, and JAVA_HOME the Java that runs this test, which is the one the build archived with. */
    private static Map<String, String> javaHome() {
        return new HashMap<>(Map.of("PATH", System.getenv("PATH"), "JAVA_HOME", System.getProperty("java.home")));
    }

    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private Run run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 2 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
