package dev.cfscim.cli;

import java.io.PrintWriter;

/**
 * A progress line on stderr during a long apply ({@code [ 12/300] applying...}), rewritten in place;
 * only on a terminal: in a CI log or a pipe it would be noise, so there it prints nothing at all.
 */
final class ApplyProgress {

    private final PrintWriter err;
    private final int total;
    private final boolean shown;
    private int done;
    private boolean onScreen;

    private ApplyProgress(PrintWriter err, int total, boolean shown) {
        this.err = err;
        this.total = total;
        this.shown = shown;
    }

    /** On a terminal (Java sees a console), a progress line; elsewhere, none. */
    static ApplyProgress on(PrintWriter err, int total) {
        return new ApplyProgress(err, total, System.console() != null);
    }

    /** None at all, even on a terminal (-no-color: no escape sequences). */
    static ApplyProgress none(PrintWriter err, int total) {
        return new ApplyProgress(err, total, false);
    }

    /** For tests: the same line, whether or not a terminal is there. */
    static ApplyProgress forced(PrintWriter err, int total) {
        return new ApplyProgress(err, total, true);
    }

    void step() {
        done++;
        if (shown && done < total) {
            String width = Integer.toString(total);
            err.print("\r[" + " ".repeat(width.length() - Integer.toString(done).length()) + done + "/" + total
                    + "] applying...");
            err.flush();
            onScreen = true;
        }
    }

    /** Takes the line off the screen, so that the next output line starts clean. */
    void clear() {
        if (onScreen) {
            err.print("\r\033[K");
            err.flush();
            onScreen = false;
        }
    }
}
