package dev.cfscim.bench;

/** One line per step on stderr, so a long run shows where it is. */
final class Progress {

    private final long start = System.nanoTime();

    void say(String format, Object... args) {
        System.err.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
    }

    /** Warnings and worse only: the operator logs every change at info, and the mock every request. */
    static void quietLogs() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        // fabric8's mock server logs every request through java.util.logging.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }
}
