package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.OWNER;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The seed's lifecycle table (docs/testing.md, "The lifecycle table"), row by row, through custom resources. */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorLifecycleTest {

    private OperatorHarness h;

    @BeforeEach
    void start() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void theExamplesConvergeAndEveryStatusSaysSo() {
        assertThat(h.roles("priya.raman@acme.example.com")).containsExactly("Minimal Account Access", "Administrator");
        assertThat(h.roles("hannah.schmidt@acme.example.com")).containsExactly("Minimal Account Access");
        assertThat(h.roles("elena.petrova@acme.example.com"))
                .containsExactly("Minimal Account Access", "Administrator Read Only");
        var status = h.app().getStatus();
        assertThat(status.getAssigned()).isEqualTo(5);
        assertThat(status.getProvisioned()).isEqualTo(5);
        assertThat(status.getPending()).isZero();
        assertThat(status.getObservedGeneration()).isEqualTo(h.app().getMetadata().getGeneration());
        assertThat(is(h.app(), "Synced", "True")).isTrue();
        assertThat(is(h.app(), "Drifted", "False")).isTrue();
        eventually().until(() -> is(h.user("priya-raman"), "Ready", "True")
                && is(h.binding("platform-admins-administrator"), "Ready", "True"));
        assertThat(h.binding("platform-admins-administrator").getStatus().getRemoteGroupName())
                .isEqualTo("CF-" + OperatorHarness.ACCOUNT + " - Administrator");
        assertThat(h.user("priya-raman").getStatus().getApps()).singleElement()
                .satisfies(m -> assertThat(m.remoteId()).isEqualTo(h.cf.account().member("priya.raman@acme.example.com")
                        .orElseThrow().id()));
    }

    @Test
    void memberAddedWithMinimalAccountAccess() {
        ScimUser newcomer = new ScimUser();
        newcomer.getMetadata().setName("noor-haddad");
        newcomer.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
        newcomer.getMetadata().setLabels(java.util.Map.of("cloudflare.acme.example/prod", "member"));
        newcomer.setSpec(new dev.cfscim.api.ScimUserSpec("noor.haddad@acme.example.com", null, null, true));
        h.kube.resource(newcomer).create();

        eventually().until(() -> h.isMember("noor.haddad@acme.example.com"));
        assertThat(h.roles("noor.haddad@acme.example.com")).containsExactly("Minimal Account Access");
    }

    @Test
    void roleAddedThenRemovedThenMemberKeptWithNoPermissions() {
        String hannah = "hannah.schmidt@acme.example.com";
        h.edit(ScimGroup.class, "dns-editors", g -> {
                    g.getSpec().getMembers().add("hannah-schmidt");
                    return g;
                });
        eventually().until(() -> h.roles(hannah).contains("DNS"));

        h.edit(ScimGroup.class, "dns-editors", g -> {
                    g.getSpec().getMembers().remove("hannah-schmidt");
                    return g;
                });
        eventually().until(() -> !h.roles(hannah).contains("DNS"));
        assertThat(h.isMember(hannah)).as("kept as a member with no permissions").isTrue();
        assertThat(h.roles(hannah)).containsExactly("Minimal Account Access");
    }

    @Test
    void memberRemovedByActiveFalse() {
        h.edit(ScimUser.class, "marcus-okafor", u -> {
                    u.getSpec().setActive(false);
                    return u;
                });
        eventually().until(() -> !h.isMember("marcus.okafor@acme.example.com"));
        eventually().until(() -> h.app().getStatus().getAssigned() == 4);
        eventually().until(() -> OperatorHarness.condition(h.user("marcus-okafor"), "Ready")
                .map(c -> c.isTrue() && c.reason().equals("Deprovisioned")).orElse(false));
        assertThat(h.user("marcus-okafor").getStatus().getApps()).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(dev.cfscim.api.MembershipState.Deprovisioned));
    }

    @Test
    void memberRemovedByDeletingItsScimUserThroughTheFinalizer() {
        assertThat(h.user("elena-petrova").getMetadata().getFinalizers()).contains(UserFinalizers.USER_FINALIZER);

        h.kube.resources(ScimUser.class).inNamespace(OperatorHarness.NAMESPACE).withName("elena-petrova").delete();

        eventually().until(() -> !h.isMember("elena.petrova@acme.example.com"));
        eventually().until(() -> h.user("elena-petrova") == null);
    }

    @Test
    void theOnlySuperAdministratorsDeprovisionIsBlockedUntilASecondOneExists() {
        // Declare the owner, then deactivate: the rail holds it, the status says why.
        ScimUser owner = new ScimUser();
        owner.getMetadata().setName("owner");
        owner.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
        owner.setSpec(new dev.cfscim.api.ScimUserSpec(OWNER, null, null, false));
        h.kube.resource(owner).create();

        eventually().until(() -> is(h.app(), "DeprovisionBlocked", "True"));
        assertThat(h.app().getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.type()).isEqualTo("DeprovisionBlocked");
            assertThat(c.reason()).isEqualTo("LastSuperAdministrator");
        });
        eventually().until(() -> is(h.user("owner"), "DeprovisionBlocked", "True"));
        assertThat(h.isMember(OWNER)).isTrue();

        // A second Super Administrator appears (made in the dashboard): the deprovision proceeds.
        h.cf.account().seedMember("deputy@example.com", OperatorHarness.SUPER);
        eventually().until(() -> !h.isMember(OWNER));
        eventually().until(() -> is(h.app(), "DeprovisionBlocked", "False"));
    }
}
