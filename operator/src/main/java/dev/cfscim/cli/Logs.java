package dev.cfscim.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Logging set at run time: the level and the format of {@code cfscim operator} (JSON lines for
 * log collectors), and a quiet console for the demo. The defaults are in logback.xml. No level
 * prints an HTTP header or body ({@link #WIRE_LOGGERS}).
 */
final class Logs {

    private Logs() {
    }

    /** Sets the root level ({@code error}, {@code warn}, {@code info}, {@code debug}, {@code trace}) and format. */
    static void configure(String level, String format) {
        Level parsed = Level.toLevel(level.toUpperCase(Locale.ROOT), null);
        if (parsed == null) {
            throw new UserError("unknown log level '" + level + "': expected error, warn, info, debug or trace");
        }
        root().setLevel(parsed);
        capWireLoggers();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> { }
            case "json" -> useJson();
            default -> throw new UserError("unknown log format '" + format + "': expected text or json");
        }
    }

    /**
     * Loggers that print HTTP exchanges: fabric8's interceptor logs every request and response to the
     * API server, headers and bodies, at trace (a Secret's data with them), and the in-process API
     * server of the demo logs what it stores. They are held at INFO whatever the root level: no level
     * of ours prints a body or a header that may carry a token. (Our own CloudflareTransport logs
     * neither, and OkHttp logs exchanges only through an interceptor it is not given.)
     */
    static final List<String> WIRE_LOGGERS = List.of("io.fabric8.kubernetes.client.http",
            "io.fabric8.kubernetes.client.server.mock", "io.fabric8.mockwebserver", "okhttp3",
            "io.vertx.core.http", "io.netty.handler.codec.http", "io.netty.handler.logging");

    private static void capWireLoggers() {
        for (String name : WIRE_LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
        }
    }

    /** Only warnings and errors, until the returned action restores what was there. */
    static Runnable quiet() {
        Logger root = root();
        Level before = root.getLevel();
        root.setLevel(Level.WARN);
        return () -> root.setLevel(before);
    }

    private static void useJson() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root().getAppender("CONSOLE");
        if (console == null) {
            return;
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
