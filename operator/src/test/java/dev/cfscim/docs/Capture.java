package dev.cfscim.docs;

import java.io.PrintWriter;
import java.io.Writer;

/** A command's standard output and error, each kept and both kept together in the order written. */
final class Capture {

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private final StringBuilder shown = new StringBuilder();

    PrintWriter out() {
        return new PrintWriter(new Into(out), true);
    }

    PrintWriter err() {
        return new PrintWriter(new Into(err), true);
    }

    CommandResult result(int exit) {
        return new CommandResult(exit, out.toString(), err.toString(), shown.toString());
    }

    private final class Into extends Writer {
        private final StringBuilder stream;

        Into(StringBuilder stream) {
            this.stream = stream;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            synchronized (shown) {
                stream.append(chars, offset, length);
                shown.append(chars, offset, length);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
