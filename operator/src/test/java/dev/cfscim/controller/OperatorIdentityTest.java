package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.Condition;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identity by userName and incomplete declarations, end to end: a GitOps rename keeps the member,
 * two ScimUsers with one userName hold that user, and a deleted ScimGroup that the app's
 * assignments name deprovisions nobody.
 */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorIdentityTest {

    private static final String PRIYA = "priya.raman@acme.example.com";
    private static final String MEMBER_LABEL = "cloudflare.acme.example/prod";

    @AutoClose
    private OperatorHarness h;

    /** Priya's ScimUser under another resource name: the same userName, labels and profile. */
    private ScimUser priyaAs(String name, String userName) {
        ScimUser renamed = new ScimUser();
        renamed.getMetadata().setName(name);
        renamed.getMetadata().setNamespace(NAMESPACE);
        renamed.getMetadata().setLabels(Map.of(MEMBER_LABEL, "member", "team", "platform"));
        ScimUser old = h.user("priya-raman");
        renamed.setSpec(new ScimUserSpec(userName, old.getSpec().getName(), old.getSpec().getExternalId(), true));
        return renamed;
    }

    /** A newcomer on the platform team: a member with Administrator, through the labels. */
    private static ScimUser platformUser(String name, String userName) {
        ScimUser user = new ScimUser();
        user.getMetadata().setName(name);
        user.getMetadata().setNamespace(NAMESPACE);
        user.getMetadata().setLabels(Map.of(MEMBER_LABEL, "member", "team", "platform"));
        user.setSpec(new ScimUserSpec(userName, null, null, true));
        return user;
    }

    private long userWrites() {
        return h.cf.requests().route("PATCH /Users/{id}") + h.cf.requests().route("PUT /Users/{id}")
                + h.cf.requests().route("DELETE /Users/{id}") + h.cf.requests().route("POST /Users");
    }

    private long groupWrites() {
        return h.cf.requests().route("PATCH /Groups/{id}");
    }

    /** Writes to user groups: their members (SCIM), their policies (IAM), their deletion (either). */
    private long userGroupWrites() {
        return groupWrites() + h.cf.requests().route("DELETE /Groups/{id}") + h.cf.requests().route("PUT /iam/user_groups/{id}")
                + h.cf.requests().route("DELETE /iam/user_groups/{id}");
    }

    private void deleteUser(String name) {
        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName(name).delete();
    }

    /** Priya as a member before the rename: her id, and how many writes Cloudflare had seen. */
    private record Before(String id, long userWrites, long groupWrites) {
    }

    private Before convergedExamples() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        return new Before(h.cf.account().member(PRIYA).orElseThrow().id(), userWrites(), groupWrites());
    }

    /** The old ScimUser gone, the new one Ready, and Priya the same member with the same roles, untouched. */
    private void assertKeptThrough(String renamed, Before before) {
        eventually().until(() -> h.user("priya-raman") == null);
        eventually().until(() -> is(h.user(renamed), "Ready", "True") && is(h.app(), "Ready", "True"));
        assertThat(h.cf.account().member(PRIYA).orElseThrow().id()).isEqualTo(before.id());
        assertThat(h.isMember(PRIYA)).isTrue();
        assertThat(h.roles(PRIYA)).contains("Administrator");
        assertThat(userWrites()).as("no deprovision, no provision").isEqualTo(before.userWrites());
        assertThat(groupWrites()).as("no role taken away or given back").isEqualTo(before.groupWrites());
        assertThat(h.user(renamed).getStatus().getApps()).singleElement()
                .satisfies(m -> assertThat(m.remoteId()).isEqualTo(before.id()));
    }

    @Test
    void aRenameCreatingTheNewScimUserFirstKeepsTheMemberItsIdAndItsRoles() {
        Before before = convergedExamples();

        // Argo CD's order: the new resource is applied, then the old one pruned. ("priya" sorts first.)
        h.kube.resource(priyaAs("priya", PRIYA)).create();
        eventually().until(() -> h.user("priya") != null && h.user("priya").hasFinalizer(UserFinalizers.USER_FINALIZER));
        deleteUser("priya-raman");

        assertKeptThrough("priya", before);
    }

    @Test
    void aRenameDeletingTheOldScimUserFirstKeepsTheMemberItsIdAndItsRoles() {
        Before before = convergedExamples();

        // The old one deleted first, the new one (in another case, sorting after it) created before the
        // operator looks again: the departing ScimUser is held by its finalizer meanwhile.
        h.stopOperator();
        deleteUser("priya-raman");
        assertThat(h.user("priya-raman").getMetadata().getDeletionTimestamp()).isNotNull();
        h.kube.resource(priyaAs("raman-priya", "Priya.Raman@acme.example.com")).create();
        h.startOperator();

        assertKeptThrough("raman-priya", before);
    }

    @Test
    void twoScimUsersWithOneUserNameInAnotherCaseAreBothNotReadyAndThatUserIsHeld() {
        // Declared together before the operator looks, as one commit synced at once would be.
        h = new OperatorHarness();
        h.applyExamples();
        h.kube.resource(platformUser("noor-a", "noor.haddad@acme.example.com")).create();
        h.kube.resource(platformUser("noor-b", "Noor.Haddad@ACME.example.com")).create();
        h.kube.resource(platformUser("zara", "zara.ali@acme.example.com")).create();
        h.startOperator();

        eventually().until(() -> h.isMember("zara.ali@acme.example.com")
                && h.roles("zara.ali@acme.example.com").contains("Administrator"));
        eventually().until(() -> duplicate(h.user("noor-a")) && duplicate(h.user("noor-b")));
        assertThat(condition(h.user("noor-a"), "Ready").orElseThrow().message()).contains("noor-b");
        assertThat(condition(h.user("noor-b"), "Ready").orElseThrow().message()).contains("noor-a");
        assertThat(h.cf.account().member("noor.haddad@acme.example.com")).as("no write for that user").isEmpty();
        assertThat(h.isMember(PRIYA)).isTrue();
        eventually().until(() -> events("DuplicateUserName").stream()
                .anyMatch(e -> e.getMessage().toLowerCase().contains("noor.haddad@acme.example.com")));
    }

    private static boolean duplicate(ScimUser user) {
        return condition(user, "Ready").map(c -> c.isFalse() && c.reason().equals("DuplicateUserName")).orElse(false);
    }

    @Test
    void deletingTheScimGroupNamedInAssignmentsDeprovisionsNobodyAndTheAppSaysWhy() {
        h = new OperatorHarness().startOperator();
        ScimGroup everyone = new ScimGroup();
        everyone.getMetadata().setName("everyone");
        everyone.getMetadata().setNamespace(NAMESPACE);
        everyone.setSpec(new ScimGroupSpec("Everyone", null,
                new LabelSelectorBuilder().addToMatchLabels(MEMBER_LABEL, "member").build()));
        h.kube.resource(everyone).create();
        // The app assigns a group and a contractor by name, rather than by selector.
        h.applyExamples(app -> app.getSpec().setAssignments(new Assignments(List.of("jonas-berg"), List.of("everyone"),
                null)));
        h.awaitExamplesConverged();
        long users = userWrites();
        List<String> members = h.cf.account().members().stream().filter(m -> m.active()).map(m -> m.userName()).toList();

        h.kube.resources(ScimGroup.class).inNamespace(NAMESPACE).withName("everyone").delete();

        eventually().until(() -> condition(h.app(), "DeprovisionBlocked")
                .map(c -> c.isTrue() && c.reason().equals("MissingReference")).orElse(false));
        Condition blocked = condition(h.app(), "DeprovisionBlocked").orElseThrow();
        assertThat(blocked.message()).contains("ScimGroup 'everyone'");
        assertThat(condition(h.app(), "Ready").orElseThrow().reason()).isEqualTo("MissingReference");
        eventually().until(() -> events("MissingReference").stream()
                .anyMatch(e -> e.getMessage().contains("deactivate user " + PRIYA) && e.getMessage().contains("'everyone'")));

        // Something unrelated still goes ahead: the contractor leaves the DNS editors.
        h.edit(ScimGroup.class, "dns-editors", g -> {
            g.getSpec().setMembers(List.of("marcus-okafor"));
            return g;
        });
        eventually().until(() -> !h.roles("jonas.berg@acme.example.com").contains("DNS"));

        assertThat(h.cf.account().members().stream().filter(m -> m.active()).map(m -> m.userName()).toList())
                .as("nobody deprovisioned").containsExactlyInAnyOrderElementsOf(members);
        assertThat(h.roles(PRIYA)).contains("Administrator");
        assertThat(h.roles("elena.petrova@acme.example.com")).contains("Administrator Read Only");
        assertThat(userWrites()).as("no deprovision sent").isEqualTo(users);
    }

    @Test
    void deletingTheScimGroupABindingNamesKeepsTheRoleItGave() {
        Before before = convergedExamples();

        deleteAuditorsAndSeeTheBindingMissIt();
        eventually().until(() -> condition(h.app(), "DeprovisionBlocked")
                .map(c -> c.isTrue() && c.reason().equals("MissingReference")).orElse(false));
        assertThat(h.roles("elena.petrova@acme.example.com")).contains("Administrator Read Only");
        assertThat(groupWrites()).as("the role is not taken away").isEqualTo(before.groupWrites());
        assertThat(h.isMember("elena.petrova@acme.example.com")).isTrue();
    }

    /**
     * In today's model too: the binding says its ScimGroup is missing (not that the account lacks the
     * role), and the user group keeps its members and its policy.
     */
    @Test
    void inTodaysModelDeletingTheScimGroupABindingNamesIsAMissingReferenceAndKeepsTheRole() {
        h = new OperatorHarness(CloudflareEmulator.builder().profile(Profile.USER_GROUPS)).startOperator();
        h.applyExamples(OperatorHarness.USER_GROUPS_EXAMPLES, app -> { });
        h.awaitExamplesConverged();
        long groupWrites = userGroupWrites();

        deleteAuditorsAndSeeTheBindingMissIt();
        assertThat(h.roles("elena.petrova@acme.example.com")).contains("Administrator Read Only");
        assertThat(userGroupWrites()).as("the user group is left as it was").isEqualTo(groupWrites);
    }

    /**
     * Deletes the ScimGroup {@code auditors} that the binding {@code auditors-read-only} names, and waits
     * until the binding says that group is missing (a missing reference, not a role the account lacks).
     */
    private void deleteAuditorsAndSeeTheBindingMissIt() {
        h.kube.resources(ScimGroup.class).inNamespace(NAMESPACE).withName("auditors").delete();

        eventually().until(() -> condition(h.binding("auditors-read-only"), "Ready")
                .map(c -> c.isFalse() && c.reason().equals("MissingReference")).orElse(false));
        assertThat(condition(h.binding("auditors-read-only"), "Ready").orElseThrow().message())
                .contains("ScimGroup 'auditors'");
    }

    private List<Event> events(String reason) {
        return h.kube.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }
}
