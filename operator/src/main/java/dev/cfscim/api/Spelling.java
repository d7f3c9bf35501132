package dev.cfscim.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Edit distances and "did you mean" suggestions, for role names, field names and references. */
public final class Spelling {
    private Spelling() {}

    /** Levenshtein distance, case-insensitive. */
    public static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    /**
     * Up to {@code n} candidates within a typo's reach of {@code word} (distance at most a third of its
     * length, and at least 2), nearest first, ties in the candidates' order.
     */
    public static List<String> suggest(String word, Collection<String> candidates, int n) {
        int reach = Math.max(2, word.length() / 3);
        record Scored(String candidate, int distance, int order) {}
        List<String> ordered = List.copyOf(candidates);
        return java.util.stream.IntStream.range(0, ordered.size())
                .mapToObj(i -> new Scored(ordered.get(i), distance(word, ordered.get(i)), i))
                .filter(s -> s.distance() <= reach)
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
