package dev.cfscim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine the figures were measured on, from /proc where Linux has it. */
record Machine(int cores, String memory, String jdk, String os) {

    static Machine describe() {
        String memTotal = procLine(Path.of("/proc/meminfo"), "MemTotal:");
        String memory = memTotal == null ? "unknown" : String.format("%.1f GiB (MemTotal %s)",
                Long.parseLong(memTotal.replaceAll("\\D", "")) / 1048576.0, memTotal.trim());
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    /**
     * The 1-minute load average (/proc/loadavg), or -1 where Linux does not give it: how busy the
     * machine was, which moves every time measured here but no request count.
     */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This process's resident set in kB (VmRSS), or -1 where /proc/self/status is missing. */
    static long rssKb() {
        String line = procLine(Path.of("/proc/self/status"), "VmRSS:");
        return line == null ? -1 : Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static String procLine(Path file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
