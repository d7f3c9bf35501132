package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cloudflare first, bookkeeping after: the first sync's first request to Cloudflare does not wait
 * for a finalizer write per ScimUser (27 s at 10,000 users when it did); each ScimUser gets its
 * finalizer in the same reconcile, after the Cloudflare work.
 */
@ExtendWith(PublishedSchemaCheck.class)
class FirstSyncOrderTest {

    @AutoClose
    private OperatorHarness h;

    private long finalized() {
        return h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).list().getItems().stream()
                .filter(u -> u.hasFinalizer(UserFinalizers.USER_FINALIZER)).count();
    }

    /** A harness on today's model whose emulator notes how many ScimUsers had the finalizer at its first request. */
    private AtomicReference<Long> harnessNotingFinalizedAtFirstRequest() {
        AtomicReference<Long> finalizedAtFirstRequest = new AtomicReference<>();
        h = new OperatorHarness(CloudflareEmulator.builder().profile(Profile.USER_GROUPS).onExchange(exchange -> {
            if (finalizedAtFirstRequest.get() == null) {
                finalizedAtFirstRequest.compareAndSet(null, finalized());
            }
        }));
        return finalizedAtFirstRequest;
    }

    @Test
    void theFirstRequestToCloudflareGoesBeforeAnyScimUserIsWrittenAndEveryOneIsFinalizedAfter() {
        AtomicReference<Long> finalizedAtFirstRequest = harnessNotingFinalizedAtFirstRequest();
        h.applyExamples();
        List<ScimUser> declared = h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).list().getItems();
        assertThat(declared).hasSizeGreaterThanOrEqualTo(5);

        h.startOperator();
        h.awaitExamplesConverged();

        assertThat(finalizedAtFirstRequest.get()).as("ScimUsers with the finalizer when Cloudflare got its first request")
                .isZero();
        eventually().until(() -> finalized() == declared.size());
    }

    /**
     * An app that may not claim existing members ({@code updateUsers: false}) leaves them untagged,
     * so the stray rule would not cover a ScimUser deleted before its finalizer: there the
     * finalizers still come first.
     */
    @Test
    void anAppThatCannotTagWhatItClaimsFinalizesEveryScimUserBeforeItsFirstRequest() {
        AtomicReference<Long> finalizedAtFirstRequest = harnessNotingFinalizedAtFirstRequest();
        h.applyExamples(app -> app.getSpec().getProvisioning().setUpdateUsers(false));
        long declared = h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).list().getItems().size();

        h.startOperator();
        h.awaitExamplesConverged();

        assertThat(finalizedAtFirstRequest.get()).isEqualTo(declared);
    }
}
