package dev.cfscim.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The last lines the operator and JOSDK's event handling logged, at debug, kept in memory while
 * edits run and printed only when one never reaches Cloudflare: the run stays quiet and as fast,
 * and a failure says what the operator heard and did. Warnings and worse still reach the console.
 */
final class RecentLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** The operator, and JOSDK's events: which reached the controller, which it skipped, when it reconciled. */
    private static final List<String> LOGGERS = List.of("dev.cfscim", "io.javaoperatorsdk.operator.processing");

    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    private RecentLogs(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps the last {@code capacity} lines until {@link #close}. */
    static RecentLogs keep(int capacity) {
        RecentLogs recent = new RecentLogs(capacity);
        recent.setName("recent-logs");
        recent.setContext(((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).getLoggerContext());
        recent.start();
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false);
            logger.addAppender(recent);
        }
        return recent;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = Instant.ofEpochMilli(event.getTimeStamp()) + " " + event.getLevel() + " [" + event.getThreadName()
                + "] " + event.getLoggerName() + " - " + event.getFormattedMessage();
        synchronized (lines) {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            System.err.println(line);
        }
    }

    /** The lines kept, oldest first, one per line. */
    String lines() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.detachAppender(this);
            logger.setAdditive(true);
            logger.setLevel(null);
        }
        stop();
    }
}
