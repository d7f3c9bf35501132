package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ScimApp updates that wake its reconcile, and its own status writes, which do not. */
class AppUpdatesTest {

    private final AppUpdates filter = new AppUpdates();

    private static ScimApp app(long generation, Map<String, String> annotations, List<String> finalizers,
                               String deletion, String lastScan) {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("acme").withNamespace("cfscim").withGeneration(generation)
                .withAnnotations(annotations).withFinalizers(finalizers).withDeletionTimestamp(deletion)
                .withResourceVersion(lastScan).build());
        ScimAppStatus status = new ScimAppStatus();
        status.setLastScanTime(lastScan);
        app.setStatus(status);
        return app;
    }

    @Test
    void itsOwnStatusWriteWakesNothing() {
        ScimApp before = app(3, Map.of(), List.of("f"), null, "1");
        assertThat(filter.accept(app(3, Map.of(), List.of("f"), null, "2"), before)).isFalse();
    }

    @Test
    void aSpecAnAllowanceAFinalizerOrADeletionWakesIt() {
        ScimApp before = app(3, Map.of(), List.of("f"), null, "1");
        assertThat(filter.accept(app(4, Map.of(), List.of("f"), null, "2"), before)).as("spec").isTrue();
        assertThat(filter.accept(app(3, Map.of(ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, "5"), List.of("f"), null, "2"),
                before)).as("an allowance").isTrue();
        assertThat(filter.accept(app(3, Map.of(), List.of(), null, "2"), before)).as("finalizers").isTrue();
        assertThat(filter.accept(app(3, Map.of(), List.of("f"), "2026-12-07T00:00:00Z", "2"), before))
                .as("deletion").isTrue();
    }
}
