package dev.cfscim.bench;

/** One line per step on stderr, so a long run shows where it is. */
final class Progress {

    private final long start = System.nanoTime();

    void say(String format, Object... args) {
        System.err.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
    }
}
