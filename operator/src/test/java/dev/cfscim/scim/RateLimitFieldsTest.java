package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Cloudflare's rate-limit headers read in any order, and an unreadable field read as absent, never thrown. */
class RateLimitFieldsTest {

    @Test
    void fieldsAreReadInAnyOrder() {
        assertThat(RateLimitFields.remaining("\"default\";r=50;t=30")).hasValue(50);
        assertThat(RateLimitFields.secondsToReset("\"default\";t=30;r=50")).hasValue(30);
        assertThat(RateLimitFields.remaining("\"default\";t=30;r=50")).hasValue(50);
        assertThat(RateLimitFields.quota("\"burst\";q=100;w=60")).hasValue(100);
        assertThat(RateLimitFields.windowSeconds("\"burst\";q=100;w=60")).hasValue(60);
        assertThat(RateLimitFields.legacyRemaining(" 42 ")).hasValue(42);
    }

    @Test
    void absentOrUnreadableFieldsAreEmpty() {
        assertThat(RateLimitFields.remaining(null)).isEmpty();
        assertThat(RateLimitFields.remaining("\"default\";t=30")).isEmpty();
        assertThat(RateLimitFields.remaining("\"default\";r=99999999999;t=30")).isEqualTo(OptionalInt.empty());
        assertThat(RateLimitFields.legacyRemaining("many")).isEmpty();
    }
}
