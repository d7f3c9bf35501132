package dev.cfscim.api.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem found, in file order: loading and validation report all at once, not the first. */
public record Problems(List<Problem> all) {
    private static final Comparator<Problem> FILE_ORDER = Comparator.comparing(
            Problem::source, Comparator.nullsFirst(Comparator.<Source>naturalOrder()));

    public Problems {
        List<Problem> sorted = new ArrayList<>(all);
        sorted.sort(FILE_ORDER); // stable: within a document, the order they were found
        all = List.copyOf(sorted);
    }

    public static Problems none() {
        return new Problems(List.of());
    }

    public List<Problem> errors() {
        return all.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return all.stream().filter(p -> !p.isError()).toList();
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Problem::isError);
    }

    /** The errors that stop plan and apply (not the holding ones, which the plan holds around). */
    public List<Problem> blocking() {
        return all.stream().filter(Problem::isBlocking).toList();
    }

    /** The errors the plan holds around: printed, and the changes that depend on them held. */
    public List<Problem> holding() {
        return all.stream().filter(p -> p.severity() == Severity.HOLDING_ERROR).toList();
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public Problems plus(Problems more) {
        List<Problem> joined = new ArrayList<>(all);
        joined.addAll(more.all);
        return new Problems(joined);
    }

    /** One problem a line, as {@link Problem#toString()} writes it. */
    @Override
    public String toString() {
        return all.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
