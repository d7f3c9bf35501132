package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimGroup;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator on today's Cloudflare: user groups with policies, and a plain answer to a VirtualGroups app. */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorUserGroupsTest {

    private OperatorHarness h;

    @AfterEach
    void stop() {
        h.close();
    }

    /**
     * An emulator started with no option answers as Cloudflare publishes (users' {@code groups} as
     * ids, group lists without members): the operator converges, and a role taken away in Git is taken
     * away in Cloudflare, not kept because memberships read as none.
     */
    @Test
    void onAnEmulatorWithDefaultFlagsARoleTakenAwayInGitIsTakenAway() throws Exception {
        h = new OperatorHarness(CloudflareEmulator.builder()).startOperator();
        h.applyExamples(OperatorHarness.USER_GROUPS_EXAMPLES, app -> { });
        h.awaitExamplesConverged();
        assertThat(h.roles("jonas.berg@acme.example.com")).contains("DNS");
        String jonas = h.cf.account().member("jonas.berg@acme.example.com").orElseThrow().id();
        var user = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create(h.cf.scimBaseUrl() + "/Users/" + jonas))
                        .header("Authorization", "Bearer " + h.token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(user).path("groups").path(0).isTextual())
                .as("the published form: group ids as strings, in %s", user).isTrue();

        h.edit(ScimGroup.class, "dns-editors", g -> {
            g.getSpec().getMembers().remove("jonas-berg");
            return g;
        });

        eventually().until(() -> !h.roles("jonas.berg@acme.example.com").contains("DNS"));
        assertThat(h.roles("marcus.okafor@acme.example.com")).contains("DNS");
        eventually().until(() -> is(h.app(), "Drifted", "False"));
    }

    @Test
    void pushesGroupsAndTheirPoliciesAndFollowsMemberEdits() {
        h = new OperatorHarness(CloudflareEmulator.builder().profile(Profile.USER_GROUPS)).startOperator();
        h.applyExamples(OperatorHarness.USER_GROUPS_EXAMPLES, app -> { });

        h.awaitExamplesConverged();
        assertThat(h.roles("marcus.okafor@acme.example.com"))
                .containsExactly("Minimal Account Access", "Administrator", "DNS");
        eventually().until(() -> is(h.binding("dns-editors-dns"), "Ready", "True"));
        assertThat(h.binding("dns-editors-dns").getStatus().getRemoteGroupName()).isEqualTo("DNS Editors");

        h.edit(ScimGroup.class, "auditors", g -> {
            g.getSpec().getMembers().add("hannah-schmidt");
            return g;
        });
        eventually().until(() -> h.roles("hannah.schmidt@acme.example.com").contains("Administrator Read Only"));

        // A renamed ScimGroup is found by the id its binding's status stored, and renamed in place.
        String id = h.binding("dns-editors-dns").getStatus().getRemoteGroupId();
        h.edit(ScimGroup.class, "dns-editors", g -> {
            g.getSpec().setDisplayName("DNS Team");
            return g;
        });
        eventually().until(() -> h.cf.account().groups().stream()
                .anyMatch(g -> g.id().equals(id) && g.displayName().equals("DNS Team")));
        assertThat(h.cf.account().groups()).filteredOn(g -> g.kind().equals("custom"))
                .extracting(g -> g.displayName()).containsExactlyInAnyOrder("Platform Admins", "Auditors", "DNS Team");
        assertThat(h.roles("jonas.berg@acme.example.com")).contains("DNS");
    }

    @Test
    void changingGroupModeMigratesWithNoRoleLost() {
        h = new OperatorHarness(CloudflareEmulator.builder().profile(Profile.TRANSITION)).startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        var before = new java.util.TreeMap<String, java.util.List<String>>();
        h.cf.account().members().forEach(m -> before.put(m.userName(), m.roles()));

        h.edit(dev.cfscim.api.ScimApp.class, "acme-prod", a -> {
            a.getSpec().setGroupMode(dev.cfscim.api.GroupMode.UserGroups);
            return a;
        });

        eventually().until(() -> h.cf.account().groups().stream()
                .filter(g -> g.kind().equals("role")).allMatch(g -> g.memberIds().isEmpty()));
        eventually().until(() -> is(h.app(), "Ready", "True"));
        var after = new java.util.TreeMap<String, java.util.List<String>>();
        h.cf.account().members().forEach(m -> after.put(m.userName(), m.roles()));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aGroupNameCloudflareRefusesHoldsThatGroupsPartOfTheMigrationUntilRenamed() {
        h = new OperatorHarness(CloudflareEmulator.builder().profile(Profile.TRANSITION)).startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        h.edit(ScimGroup.class, "auditors", g -> {
            g.getSpec().setDisplayName("CF Auditors");
            return g;
        });
        h.edit(dev.cfscim.api.ScimApp.class, "acme-prod", a -> {
            a.getSpec().setGroupMode(dev.cfscim.api.GroupMode.UserGroups);
            return a;
        });

        eventually().until(() -> condition(h.binding("auditors-read-only"), "Ready")
                .map(c -> c.reason().equals("ReservedGroupName")).orElse(false));
        assertThat(condition(h.binding("auditors-read-only"), "Ready").orElseThrow().message())
                .contains("'CF Auditors' begins with CF");
        eventually().until(() -> is(h.binding("dns-editors-dns"), "Ready", "True"));
        // The other groups moved; the auditor keeps her role through the virtual group meanwhile.
        assertThat(h.roles("elena.petrova@acme.example.com")).contains("Administrator Read Only");
        assertThat(h.cf.account().groups()).filteredOn(g -> g.kind().equals("custom"))
                .extracting(g -> g.displayName()).containsExactlyInAnyOrder("Platform Admins", "DNS Editors");

        h.edit(ScimGroup.class, "auditors", g -> {
            g.getSpec().setDisplayName("Auditors");
            return g;
        });
        eventually().until(() -> h.cf.account().groups().stream()
                .filter(g -> g.kind().equals("role")).allMatch(g -> g.memberIds().isEmpty()));
        eventually().until(() -> is(h.binding("auditors-read-only"), "Ready", "True"));
        assertThat(h.roles("elena.petrova@acme.example.com")).contains("Administrator Read Only");
    }

    @Test
    void aVirtualGroupsAppOnAUserGroupsAccountSaysSoAndWritesNothing() {
        h = new OperatorHarness(CloudflareEmulator.builder().profile(Profile.USER_GROUPS)).startOperator();
        h.applyExamples(OperatorHarness.VIRTUAL_GROUPS_EXAMPLES, app -> { });

        eventually().until(() -> condition(h.app(), "Synced")
                .map(c -> c.reason().equals("VirtualGroupsUnavailable")).orElse(false));
        assertThat(condition(h.app(), "Synced").orElseThrow().message()).contains("2 December 2025");
        assertThat(is(h.app(), "Ready", "False")).isTrue();
        assertThat(h.cf.requests().method("POST") + h.cf.requests().method("PATCH")).isZero();
    }
}
