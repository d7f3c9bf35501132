package dev.cfscim.cli;

import java.util.List;
import java.util.function.Supplier;

/**
 * One step of the demo: what is done ({@code commands} as a reader would type them, {@code action}
 * as the demo does it), what must then be seen ({@code expected}, checked by {@code mismatch}: null
 * when all is as expected), and what to print beside the tables where it is the step's point
 * ({@code notes}: a condition's message, say).
 */
record DemoStep(String title, List<String> commands, Runnable action, String expected, Supplier<String> mismatch,
                Supplier<List<String>> notes) {

    DemoStep(String title, List<String> commands, Runnable action, String expected, Supplier<String> mismatch) {
        this(title, commands, action, expected, mismatch, List::of);
    }
}
