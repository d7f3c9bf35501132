package dev.cfscim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code cfscim} run as a user runs it: a fresh JVM per command, so its figures include the JVM's
 * boot and class loading, which an in-process call would hide. The child is this JVM's own
 * {@code java} with this JVM's class path (the bench's fat jar, which holds cfscim's classes) and
 * no JVM options; its output goes to files, so a 50,000-line plan never blocks on a full pipe.
 */
final class ChildJvm {

    static final String MAIN = "dev.cfscim.cli.Cfscim";
    /** How often the child's peak resident set is read while it runs. */
    private static final long SAMPLE_MILLIS = 20;
    /** Options from the environment that would make the child a differently tuned JVM. */
    private static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS");

    /**
     * One finished run. {@code wallSeconds}: from starting the process to its exit, as the parent
     * saw it; {@code peakRssKb}: the largest VmHWM read while it ran (-1 where /proc has none).
     */
    record Outcome(String command, int exit, Path stdout, Path stderr, double wallSeconds, long peakRssKb) {

        String out() {
            return read(stdout);
        }

        String err() {
            return read(stderr);
        }

        /** Throws, with the end of both outputs, unless the child exited {@code expected}. */
        Outcome expectExit(int expected, String what) {
            if (exit != expected) {
                throw failure(what + ": `" + command + "` exited " + exit + ", expected " + expected);
            }
            return this;
        }

        IllegalStateException failure(String message) {
            return new IllegalStateException(message + "\n--- stderr (end) ---\n" + tail(err())
                    + "\n--- stdout (end) ---\n" + tail(out()));
        }

        private static String tail(String text) {
            return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private ChildJvm() {
    }

    /**
     * Runs {@code cfscim args} in a child JVM with its output in {@code dir/name.out} and
     * {@code .err}; killed, with its stderr in the error, if it outlives {@code timeout}.
     */
    static Outcome cfscim(Path dir, String name, Duration timeout, String... args) {
        String shown = "cfscim " + String.join(" ", args);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder builder = builder(out, err, List.of(), MAIN, args);
        // The token comes from --token-file alone.
        builder.environment().remove("CLOUDFLARE_API_TOKEN");
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
        long peak = -1;
        long deadline = start + timeout.toNanos();
        try {
            // waitFor returns as soon as the child exits; between its returns, the child's peak RSS is sampled.
            while (!process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                peak = Math.max(peak, peakRssKb(process.pid()));
                if (System.nanoTime() - deadline > 0) {
                    kill(process);
                    throw new Outcome(shown, -1, out, err, (System.nanoTime() - start) / 1e9, peak)
                            .failure("`" + shown + "` ran over " + timeout.toSeconds() + " s and was killed");
                }
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while `" + shown + "` ran", e);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new Outcome(shown, process.exitValue(), out, err, wall, peak);
    }

    /**
     * A child JVM left running: {@code main args} with {@code jvmOptions} before the main class,
     * output in {@code dir/name.out} and {@code .err}. Stop it with {@link Running#stop}.
     */
    static Running start(Path dir, String name, List<String> jvmOptions, String main, String... args) {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder builder = builder(out, err, jvmOptions, main, args);
        try {
            return new Running(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    /**
     * This JVM's {@code java} and class path running {@code main args} with {@code jvmOptions} and no
     * options from the environment, output to {@code out} and {@code err}, input from nowhere.
     */
    private static ProcessBuilder builder(Path out, Path err, List<String> jvmOptions, String main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        JVM_OPTION_VARIABLES.forEach(builder.environment()::remove);
        return builder;
    }

    /** A child JVM running; what it printed is in {@code stdout} and {@code stderr}. */
    record Running(Process process, Path stdout, Path stderr) {

        boolean alive() {
            return process.isAlive();
        }

        /** Its resident set now (VmRSS, kB), -1 where unknown. */
        long rssKb() {
            return procStatus(process.pid(), "VmRSS:");
        }

        /** The largest resident set it has had (VmHWM, kB), -1 where unknown. */
        long peakRssKb() {
            return procStatus(process.pid(), "VmHWM:");
        }

        /**
         * The bytes of the objects alive on its heap, by {@code jcmd GC.class_histogram}, which runs a
         * full collection first; -1 where the JDK has no jcmd or the child does not answer.
         */
        long liveHeapBytes() {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (!Files.isExecutable(jcmd)) {
                return -1;
            }
            try {
                Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                        .redirectErrorStream(true).start();
                String text = new String(histogram.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!histogram.waitFor(2, TimeUnit.MINUTES) || histogram.exitValue() != 0) {
                    return -1;
                }
                // The histogram ends with "Total <instances> <bytes>".
                for (String line : text.lines().toList()) {
                    String[] words = line.trim().split("\\s+");
                    if (words.length == 3 && words[0].equals("Total")) {
                        return Long.parseLong(words[2]);
                    }
                }
                return -1;
            } catch (IOException | NumberFormatException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** The end of what it wrote to stderr, for an error message. */
        String errTail() {
            return Outcome.tail(Outcome.read(stderr));
        }

        /** Asks it to stop (SIGTERM: its shutdown hook runs), then forces it after 20 s. */
        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    kill(process);
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A new temporary folder for children's output; {@link #delete} it once their run went well. */
    static Path workDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code java} running this benchmark, so the child is the same JDK. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** A process's peak resident set so far (VmHWM, kB), or -1 once it is gone or where Linux has no /proc. */
    static long peakRssKb(long pid) {
        return procStatus(pid, "VmHWM:");
    }

    /** A figure in kB of a process's /proc status line {@code field}, or -1 once it is gone or where Linux has no /proc. */
    private static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // The child exited between two samples, or this is not Linux.
        }
        return -1;
    }
}
