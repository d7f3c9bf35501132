package dev.cfscim.api;

import java.time.Duration;
import java.text.ParseException;

/**
 * Durations written the way Kubernetes users write them ({@code 10m}, {@code 1h30m}, {@code 90s},
 * {@code 500ms}): a sequence of whole numbers, each with a unit. Fractions and the Go units below a
 * millisecond are left out: nothing here is paced that finely. Each field's floor and ceiling is
 * its {@link DurationRange}.
 */
public final class KubeDuration {
    /** The same grammar as {@link #parse}, for the CRD schema (a Go RE2 and a Java regex alike). */
    public static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";
    /** For the CRD schema: a bound on the length, which the API server's CEL cost estimate needs. */
    public static final int MAX_LENGTH = 64;

    private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(PATTERN);

    private KubeDuration() {}

    /**
     * Parses {@code text}, at most {@link #MAX_LENGTH} characters.
     *
     * @throws IllegalArgumentException when the text is null, blank or not of the grammar, with a
     *     message fit for a user
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required, such as 10m or 1h30m");
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_LENGTH) {
            // Checked first: the regex's repeated group recurses per unit, and a long enough text
            // overflows the stack of whoever parses it.
            throw new IllegalArgumentException("'" + trimmed.substring(0, 20) + "...' is not a duration: it has "
                    + trimmed.length() + " characters, and a duration at most " + MAX_LENGTH + ", such as 10m or 1h30m");
        }
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: write whole numbers with units ms, s, m or h, such as 10m or 1h30m");
        }
        try {
            // The sum of the parts is fabric8's (the Go grammar Kubernetes uses); only once the text is
            // known to be of our narrower one, since fabric8's parser reads "1.5h" as 5 hours and
            // "-1h" as one, without a word (KubeDurationTest pins both).
            return io.fabric8.kubernetes.api.model.Duration.parse(trimmed).getDuration();
        } catch (ArithmeticException | NumberFormatException | ParseException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    /** Writes a duration back in the grammar, largest units first ({@code 5400s} becomes {@code 1h30m}). */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (hours > 0) out.append(hours).append('h');
        if (minutes > 0) out.append(minutes).append('m');
        if (seconds > 0) out.append(seconds).append('s');
        if (millis > 0) out.append(millis).append("ms");
        return out.toString();
    }
}
