package dev.cfscim.api.load;

/**
 * Where a resource (or a problem) was read: the file as it was named, the 1-based position of the
 * YAML document in it, and the 1-based line where that document (or the syntax error) starts.
 */
public record Source(String file, int document, int line) implements Comparable<Source> {

    @Override
    public int compareTo(Source other) {
        int byFile = file.compareTo(other.file);
        if (byFile != 0) return byFile;
        int byDocument = Integer.compare(document, other.document);
        return byDocument != 0 ? byDocument : Integer.compare(line, other.line);
    }

    /** {@code file:line (document n)}, the form editors and terminals turn into links. */
    @Override
    public String toString() {
        return file + ":" + line + " (document " + document + ")";
    }
}
