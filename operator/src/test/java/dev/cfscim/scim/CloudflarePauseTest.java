package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A pause Cloudflare asked for: the longest asked holds, and once over a new one starts afresh. */
class CloudflarePauseTest {

    @Test
    void theLongestPauseAskedForHoldsUntilItIsOver() {
        CloudflarePause pause = new CloudflarePause();
        assertThat(pause.pausedAt(0)).isFalse();
        assertThat(pause.left(0)).isZero();

        pause.until(100);
        pause.until(80);
        assertThat(pause.pausedAt(50)).isTrue();
        assertThat(pause.left(50)).as("a shorter pause does not cut the longer one").isEqualTo(50);
        assertThat(new CloudflarePause(pause).left(60)).as("carried on under a new limit").isEqualTo(40);

        assertThat(pause.left(100)).isZero();
        assertThat(pause.pausedAt(100)).isFalse();
        pause.until(90);
        assertThat(pause.pausedAt(85)).as("once over, any new pause holds, even one ending sooner").isTrue();
    }
}
