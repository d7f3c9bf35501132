package dev.cfscim.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.controller.OperatorRuntime;
import dev.cfscim.controller.ReconcilerSettings;
import dev.cfscim.scim.CloudflareScimClient;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordEditTest {

    public record Limits(int requests, Duration per) {
        public Limits {
            if (requests < 0) {
                throw new IllegalArgumentException("requests cannot be negative");
            }
        }
    }

    public static final class LimitsBuilder {
        public int requests;
        public Duration per;
    }

    public static final class WrongBuilder {
        public int requests;
        public String per;
    }

    @Test
    void aCopyChangesWhatTheEditSetsAndKeepsTheRest() {
        Limits limits = new Limits(1200, Duration.ofMinutes(5));

        Limits copy = RecordEdit.copy(limits, new LimitsBuilder(), b -> b.requests = 600);

        assertThat(copy).isEqualTo(new Limits(600, Duration.ofMinutes(5)));
        assertThat(limits).as("the original").isEqualTo(new Limits(1200, Duration.ofMinutes(5)));
    }

    @Test
    void theRecordsOwnCheckRefusesACopyWithItsMessage() {
        assertThatThrownBy(() -> RecordEdit.copy(new Limits(1, Duration.ZERO), new LimitsBuilder(), b -> b.requests = -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requests cannot be negative");
    }

    @Test
    void aBuilderThatDoesNotMatchTheRecordIsAProgrammingError() {
        assertThatThrownBy(() -> RecordEdit.copy(new Limits(1, Duration.ZERO), new WrongBuilder(), b -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("per is a String in the builder");
    }

    /** Every settings record's builder matches it: an edit of nothing gives an equal copy. */
    @Test
    void everySettingsRecordCopiesWhole() {
        ReconcilerSettings settings = ReconcilerSettings.loopback();
        assertThat(settings.with(s -> { })).isEqualTo(settings);
        assertThat(settings.with(s -> s.retryBase = Duration.ofSeconds(1)).retryBase()).isEqualTo(Duration.ofSeconds(1));

        OperatorRuntime.Options options = OperatorRuntime.Options.defaults().with(o -> o.namespaces = Set.of("team"));
        assertThat(options.with(o -> { })).isEqualTo(options);
        assertThat(options.namespaces()).containsExactly("team");

        CloudflareScimClient.Settings client = CloudflareScimClient.Settings.defaults();
        assertThat(client.with(c -> { })).isEqualTo(client);
        assertThat(client.with(c -> c.maxPages = 2).maxPages()).isEqualTo(2);
    }
}
