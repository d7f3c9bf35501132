package dev.cfscim.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Edit distances and "did you mean" suggestions, for role names, field names and references. */
public final class Spelling {
    private Spelling() {}

    /** Levenshtein distance, case-insensitive. */
    public static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
    }

    /**
     * Up to {@code n} candidates within a typo's reach of {@code word} (distance at most a third of its
     * length, and at least 2), nearest first, ties in the candidates' order.
     */
    public static List<String> suggest(String word, Collection<String> candidates, int n) {
        int reach = Math.max(2, word.length() / 3);
        // Thresholded: a candidate beyond reach is given up as soon as it is known to be (-1).
        LevenshteinDistance within = new LevenshteinDistance(reach);
        String lower = word.toLowerCase(Locale.ROOT);
        record Scored(String candidate, int distance, int order) {}
        List<String> ordered = List.copyOf(candidates);
        return java.util.stream.IntStream.range(0, ordered.size())
                .mapToObj(i -> new Scored(ordered.get(i), within.apply(lower, ordered.get(i).toLowerCase(Locale.ROOT)), i))
                .filter(s -> s.distance() >= 0)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparingInt(Scored::order))
                .limit(n)
                .map(Scored::candidate)
                .distinct()
                .toList();
    }

    /** " (did you mean a, b?)" or the empty string, to append to a message. */
    public static String didYouMean(List<String> suggestions) {
        return suggestions.isEmpty() ? "" : " (did you mean " + String.join(", ", suggestions) + "?)";
    }
}
