package dev.cfscim.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the console for the demo's walk: the mock API server logs every request at INFO through
 * java.util.logging (and Vert.x under it too), and the operator logs its startup and reconciles.
 * {@link #restore} puts back what was there, for callers in the same JVM (tests).
 */
final class DemoLogging {

    private static final List<String> NOISY_JUL_LOGGERS = List.of("io.fabric8.mockwebserver",
            "io.fabric8.kubernetes.client.server.mock", "io.vertx", "io.netty");

    // java.util.logging holds loggers weakly: keep them, or their level goes with them.
    private final Map<Logger, Level> previous = new LinkedHashMap<>();
    private final Runnable restoreLogback;

    private DemoLogging(Runnable restoreLogback) {
        this.restoreLogback = restoreLogback;
    }

    /** Only warnings and errors, until {@link #restore}. */
    static DemoLogging quiet() {
        DemoLogging logging = new DemoLogging(Logs.quiet());
        for (String name : NOISY_JUL_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            logging.previous.put(logger, logger.getLevel());
            logger.setLevel(Level.WARNING);
        }
        return logging;
    }

    /**
     * Only errors, while the demo closes what it started: the operator stopped mid-reconcile (its
     * next scan was due) says so as a warning, which is no news after "Demo complete".
     */
    void quieterForShutdown() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    void restore() {
        previous.forEach(Logger::setLevel);
        restoreLogback.run();
    }
}
