package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;

/**
 * Fail closed on absence: a member the account's listing leaves out is never taken as gone. A
 * deletion counts as carried out, and a ScimUser's finalizer goes, only on Cloudflare's own word
 * (a lookup, or the answer to the deprovision); a member this app created that no ScimUser declares
 * any more is deprovisioned whatever {@code unmanagedUsers} says.
 */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorAbsenceTest {

    private static final String LABEL = "cloudflare.acme.example/prod";
    /** Members added by hand before the app: with the owner and the examples, the listing needs two pages. */
    private static final int BY_HAND = 150;

    @AutoClose
    private OperatorHarness h;

    private static String byHand(int i) {
        return String.format("member%03d@acme.example.com", i);
    }

    /** A ScimUser assigned to the examples' app through its label. */
    private void declare(String name, String userName) {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of(LABEL, "member")).build());
        user.setSpec(new ScimUserSpec(userName, null, null, true));
        h.kube.resource(user).create();
    }

    private void delete(String name) {
        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName(name).delete();
    }

    private boolean provisioned(String name) {
        return condition(h.user(name), "Ready").map(c -> c.hasReason(Reason.PROVISIONED)).orElse(false);
    }

    private boolean gone(String name) {
        return h.user(name) == null;
    }

    /**
     * The reviewer's scenario: a member is removed in the dashboard between page 1 and page 2 of a
     * cold-start scan, so offset paging skips the member at list position 101 while the totals still
     * agree; the ScimUser of that member is being deleted at that moment.
     */
    @Test
    void aMemberAShiftedPageSkipsIsStillDeprovisionedBeforeItsScimUserGoes() {
        AtomicBoolean armed = new AtomicBoolean();
        AtomicReference<String> removedByHand = new AtomicReference<>();
        h = new OperatorHarness(CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS).onExchange(exchange -> {
            // Page 1 of a listing has just been read: someone removes a member it showed, in the dashboard.
            if (armed.get() && exchange.method().equals("GET") && exchange.path().endsWith("/Users")
                    && exchange.query() != null && exchange.query().contains("startIndex=1&")
                    && armed.compareAndSet(true, false)) {
                h.cf.account().removeByHand(removedByHand.get());
            }
        }));
        for (int i = 0; i < BY_HAND; i++) {
            h.cf.account().seedMember(byHand(i));
        }
        h.startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        // The member at position 101 of the listing (the owner is first, then member000...).
        String skipped = byHand(99);
        declare("skipped", skipped);
        eventually().until(() -> h.isMember(skipped) && provisioned("skipped"));

        h.stopOperator();
        delete("skipped");
        removedByHand.set(byHand(10));
        armed.set(true);
        h.startOperator();

        eventually().until(() -> gone("skipped"));
        assertThat(armed.get()).as("the dashboard edit happened during the cold scan").isFalse();
        assertThat(h.isMember(skipped)).as("deprovisioned before its finalizer went").isFalse();
    }

    /**
     * A listing that omits a member for a while, seen by a cold scan while the member's ScimUser is
     * being deleted, and no status left to say the member exists: the departing user is looked up
     * by userName, found, and deprovisioned before its finalizer goes.
     */
    @Test
    void aMemberTheListingOmitsIsLookedUpBeforeItsScimUserIsReleased() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        declare("omitted", "omitted@acme.example.com");
        eventually().until(() -> h.isMember("omitted@acme.example.com") && provisioned("omitted"));

        h.stopOperator();
        h.cf.account().hideFromListings("omitted@acme.example.com");
        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName("omitted").editStatus(u -> {
            u.setStatus(null);
            return u;
        });
        delete("omitted");
        h.startOperator();

        eventually().until(() -> gone("omitted"));
        assertThat(h.isMember("omitted@acme.example.com")).as("deprovisioned before its finalizer went").isFalse();
    }

    /**
     * A member this app created whose ScimUser vanished without its finalizer doing its work (removed
     * by hand while the operator was down): under the default unmanagedUsers: Ignore, it still leaves
     * once two scans in a row find it undeclared.
     */
    @Test
    void aMemberThisAppCreatedThatNoScimUserDeclaresIsDeprovisionedUnderIgnore() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setResyncInterval("1s"));
        h.awaitExamplesConverged();
        declare("stray", "stray@acme.example.com");
        h.cf.account().seedMember("hand.made@acme.example.com");
        eventually().until(() -> h.isMember("stray@acme.example.com") && provisioned("stray"));
        assertThat(h.cf.account().member("stray@acme.example.com").orElseThrow().externalId())
                .isEqualTo("cfscim:" + NAMESPACE + "/acme-prod");

        h.stopOperator();
        delete("stray");
        h.edit(ScimUser.class, "stray", u -> {
            u.getMetadata().setFinalizers(java.util.List.of());
            return u;
        });
        eventually().until(() -> gone("stray"));
        h.startOperator();

        eventually().until(() -> !h.isMember("stray@acme.example.com"));
        assertThat(h.isMember("hand.made@acme.example.com")).as("nobody's member stays under Ignore").isTrue();
        assertThat(h.isMember(OperatorHarness.OWNER)).isTrue();
        h.awaitExamplesConverged();
        assertThat(h.cf.account().member("priya.raman@acme.example.com")).hasValueSatisfying(m -> assertThat(m.active())
                .isTrue());
    }

    private boolean scannedSince(Instant since) {
        var app = h.app();
        return app.getStatus() != null && app.getStatus().getLastScanTime() != null
                && Instant.parse(app.getStatus().getLastScanTime()).isAfter(since);
    }
}
