package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.NoArgsConstructor;
import lombok.Setter;

/**
 * How many requests the token may spend in a window. Cloudflare allows 1,200 per 5 minutes per
 * token, counted across dashboard and API, and blocks every call for five minutes past it; the
 * headroom keeps a share for everybody else using the same token.
 */
@Getter
@Setter
@NoArgsConstructor
@AllArgsConstructor
public class RequestBudget {
    public static final int DEFAULT_REQUESTS = 1200;
    public static final String DEFAULT_PER = "5m";
    public static final double DEFAULT_HEADROOM = 0.9;

    @Default("1200")
    @Min(1)
    @JsonPropertyDescription("Requests allowed per window.")
    private int requests = DEFAULT_REQUESTS;

    @Default(DEFAULT_PER)
    @Pattern(KubeDuration.PATTERN)
    @Size(max = KubeDuration.MAX_LENGTH)
    @ValidationRule(value = DurationRange.REQUEST_WINDOW_RULE, message = DurationRange.REQUEST_WINDOW_MESSAGE)
    @JsonPropertyDescription("The window, such as 5m: from 1s to 24h.")
    private String per = DEFAULT_PER;

    @Default("0.9")
    @Min(value = 0, inclusive = false)
    @Max(1)
    @JsonPropertyDescription("Share of the budget the operator may use, in (0, 1].")
    private double headroom = DEFAULT_HEADROOM;

    /** The window; throws IllegalArgumentException when {@code per} is not a duration within {@link DurationRange#REQUEST_WINDOW}. */
    public Duration window() {
        return DurationRange.REQUEST_WINDOW.parse(per);
    }

    /** The requests the operator itself may spend per window: {@code floor(requests * headroom)}, at least 1. */
    public int usableRequests() {
        return Math.max(1, (int) Math.floor(requests * headroom));
    }
}
