package dev.cfscim.api;

import java.time.Duration;

/**
 * The floor and ceiling of a duration a spec may hold. Each duration field has one, checked alike
 * by the API server (a CEL rule on the CRD: the {@code *_RULE} constants, which must be
 * compile-time constants for the annotation and which CrdSchemaTest holds equal to
 * {@link #celRule()}), by {@code cfscim plan} and by the operator, which gets objects a mock or an
 * older CRD let through. The ceilings keep every sum of a time and a duration, and every
 * conversion to milliseconds or nanoseconds, far inside what {@code java.time} and the scheduler
 * hold; the floors are each field's own:
 * <ul>
 *   <li>{@link #RESYNC}: 1s to 7 days. Below 1m is legal (an emulator, the tests), and the command
 *   line warns of it: each full scan reads the whole account.
 *   <li>{@link #REMOVAL_WINDOW}: 1m to 30 days. A rate over a shorter window is no rate: a limit of
 *   1 per 1ms lets a mass removal through one by one within seconds.
 *   <li>{@link #REQUEST_WINDOW}: 1s to 24h, around Cloudflare's own 5 minutes.
 * </ul>
 */
public record DurationRange(Duration floor, Duration ceiling, String meaning) {

    public static final String RESYNC_RULE = "duration(self) >= duration('1s') && duration(self) <= duration('168h')";
    public static final String RESYNC_MESSAGE = "must be from 1s to 168h (7 days)";
    public static final DurationRange RESYNC = new DurationRange(Duration.ofSeconds(1), Duration.ofDays(7), "7 days");

    public static final String REMOVAL_WINDOW_RULE =
            "duration(self) >= duration('1m') && duration(self) <= duration('720h')";
    public static final String REMOVAL_WINDOW_MESSAGE = "must be from 1m to 720h (30 days)";
    public static final DurationRange REMOVAL_WINDOW =
            new DurationRange(Duration.ofMinutes(1), Duration.ofDays(30), "30 days");

    public static final String REQUEST_WINDOW_RULE = "duration(self) >= duration('1s') && duration(self) <= duration('24h')";
    public static final String REQUEST_WINDOW_MESSAGE = "must be from 1s to 24h";
    public static final DurationRange REQUEST_WINDOW = new DurationRange(Duration.ofSeconds(1), Duration.ofHours(24), null);

    /**
     * Parses {@code text} and checks it is within the range.
     *
     * @throws IllegalArgumentException when it is not a duration or is outside the range, with a
     *     message fit for a user ({@code '1ms' is too short: must be from 1m to 720h (30 days)})
     */
    public Duration parse(String text) {
        Duration duration = KubeDuration.parse(text);
        if (duration.compareTo(floor) < 0) {
            throw new IllegalArgumentException("'" + text + "' is too short: " + message());
        }
        if (duration.compareTo(ceiling) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long: " + message());
        }
        return duration;
    }

    /** What the range asks, as the CRD's rule says it: {@code must be from 1m to 720h (30 days)}. */
    public String message() {
        return "must be from " + KubeDuration.format(floor) + " to " + KubeDuration.format(ceiling)
                + (meaning == null ? "" : " (" + meaning + ")");
    }

    /** The CEL rule that holds a CRD field within the range. */
    public String celRule() {
        return "duration(self) >= duration('" + KubeDuration.format(floor) + "') && duration(self) <= duration('"
                + KubeDuration.format(ceiling) + "')";
    }
}
