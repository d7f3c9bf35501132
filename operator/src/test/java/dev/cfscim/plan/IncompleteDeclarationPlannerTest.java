package dev.cfscim.plan;

import static dev.cfscim.plan.DeclarationYaml.binding;
import static dev.cfscim.plan.DeclarationYaml.group;
import static dev.cfscim.plan.DeclarationYaml.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Declarations that are not whole, planned from their YAML as the operator and the CLI read it: a
 * userName two ScimUsers declare, a reference to a ScimUser or ScimGroup that does not exist. What
 * depends on them is held; everything else is planned. (Reasons are spelled out, as users read them.)
 */
class IncompleteDeclarationPlannerTest {

    /** The declaration as the planner takes it: its desired state and its ScimApp's policy. */
    private record Declared(DesiredState desired, PlanPolicy policy) {
    }

    /** In the virtual-groups model (chosen explicitly: a ScimApp without groupMode uses user groups). */
    private static Declared desired(String assignments, List<String> documents) {
        return loaded(DeclarationYaml.app("groupMode: VirtualGroups", "assignments:\n" + assignments.indent(2)), documents);
    }

    private static Declared desiredInUserGroups(String assignments, List<String> documents) {
        return loaded(DeclarationYaml.app("groupMode: UserGroups", "assignments:\n" + assignments.indent(2)), documents);
    }

    private static Declared loaded(String appYaml, List<String> documents) {
        List<String> all = new ArrayList<>();
        all.add(appYaml);
        all.addAll(documents);
        LoadResult loaded = new ResourceLoader().loadString(DeclarationYaml.file(all.toArray(String[]::new)), "case.yaml");
        ResourceSet resources = loaded.resources();
        ScimApp app = resources.apps().get(0);
        assertThat(loaded.problems().hasErrors()).as(loaded.problems().toString()).isFalse();
        return new Declared(PlanInputs.desiredState(resources, app), PlanInputs.policy(app));
    }

    private static Plan plan(Declared declared, RemoteState remote) {
        return Planner.plan(declared.desired(), remote, declared.policy());
    }

    private static List<String> engineers() {
        return IntStream.rangeClosed(1, 8).mapToObj(i -> "eng" + i).toList();
    }

    private static String email(String name) {
        return name + "@acme.example.com";
    }

    private static List<String> summaries(List<HeldChange> held, String reason) {
        return held.stream().filter(h -> h.reason().toString().equals(reason)).map(h -> h.change().summary()).toList();
    }

    @Test
    void theGroupNamedInAssignmentsDeletedHoldsItsMembersDeprovisionsAndRoleRemovals() {
        List<String> documents = new ArrayList<>();
        engineers().forEach(n -> documents.add(user(n, email(n))));
        documents.add(user("carol", email("carol")));
        // The group "engineering" is gone; its binding and the assignment still name it.
        documents.add(binding("engineering-dns", "engineering", "DNS"));
        Declared desired = desired("groups: [engineering]\nusers: [carol]", documents);
        Fixture.Remote remote = Fixture.remote();
        engineers().forEach(n -> remote.member(email(n), "DNS"));

        Plan plan = plan(desired, remote.build());

        assertThat(plan.changes()).as("everything unrelated goes ahead")
                .extracting(Change::summary).containsExactly("create user carol@acme.example.com");
        assertThat(summaries(plan.held(), "MissingReference"))
                .hasSize(9)
                .contains("deactivate user eng1@acme.example.com", "deactivate user eng8@acme.example.com")
                .anySatisfy(s -> assertThat(s).startsWith("remove eng1@acme.example.com").contains("DNS"));
        assertThat(plan.held()).allSatisfy(h -> {
            assertThat(h.reason()).hasToString("MissingReference");
            assertThat(h.message()).contains("ScimGroup 'engineering'");
            assertThat(h.bySafetyRail()).as("a safety rail").isTrue();
        });
        assertThat(plan.problems()).extracting(p -> p.reason().toString()).contains("MissingReference");
    }

    @Test
    void aBindingWhoseGroupIsGoneKeepsTheRoleItGaveAndTheRestGoesAhead() {
        Declared desired = desired("userSelector: {matchLabels: {prod: member}}", List.of(
                user("alice", email("alice"), "prod: member"), user("bob", email("bob"), "prod: member"),
                group("admins", List.of("alice", "bob")),
                binding("admins-admin", "admins", "Administrator"),
                binding("gone-dns", "gone", "DNS")));
        RemoteState remote = Fixture.remote().member(email("alice"), "Administrator", "DNS")
                .member(email("bob"), "DNS").build();

        Plan plan = plan(desired, remote);

        assertThat(plan.changes()).extracting(Change::summary).singleElement().asString()
                .startsWith("add bob@acme.example.com").contains("Administrator");
        assertThat(plan.held()).singleElement().satisfies(h -> {
            assertThat(h.change()).isInstanceOf(Change.RemoveMembers.class);
            assertThat(h.change().userNames()).containsExactly(email("alice"), email("bob"));
            assertThat(h.reason()).hasToString("MissingReference");
            assertThat(h.message()).contains("ScimGroup 'gone'").contains("GroupRoleBinding").doesNotContain("admins");
        });
    }

    /**
     * In the user-groups model the role lives in the pushed group: with the ScimGroup gone and its
     * binding still there, the group is not deleted (its members would lose the role), while a group
     * nothing names any more still goes.
     */
    @Test
    void inTheUserGroupsModelABindingWhoseGroupIsGoneKeepsThePushedGroup() {
        Declared desired = desiredInUserGroups("userSelector: {matchLabels: {prod: member}}", List.of(
                user("alice", email("alice"), "prod: member"), user("bob", email("bob"), "prod: member"),
                group("admins", List.of("alice")),
                binding("admins-admin", "admins", "Administrator"),
                binding("auditors-read-only", "auditors", "Administrator Read Only")));
        RemoteState remote = Fixture.Remote.userGroups().member(email("alice")).member(email("bob"))
                .customGroup("cg1", "admins", List.of(email("alice")), "Administrator")
                .customGroup("cg2", "auditors", List.of(email("bob")), "Administrator Read Only")
                .customGroup("cg3", "disbanded", List.of(email("bob")), "DNS").build();

        Plan plan = plan(desired, remote);

        assertThat(plan.changes()).extracting(Change::summary).containsExactly("delete group \"disbanded\"");
        assertThat(plan.held()).singleElement().satisfies(h -> {
            assertThat(h.change()).isEqualTo(new Change.DeleteGroup("cg2", "auditors",
                    "pushed by this app; no ScimGroup declares it any more"));
            assertThat(h.reason()).hasToString("MissingReference");
            assertThat(h.message()).contains("ScimGroup 'auditors'").contains("Administrator Read Only");
            assertThat(h.bySafetyRail()).isTrue();
        });
    }

    @Test
    void inTheUserGroupsModelTheMemberStaysInItsPushedGroupToo() {
        Declared desired = desiredInUserGroups("users: [alice]\ngroups: [everyone]", List.of(
                user("alice", email("alice")), user("bob", email("bob")),
                group("admins", List.of("alice", "bob")),
                binding("admins-admin", "admins", "Administrator")));
        RemoteState remote = Fixture.Remote.userGroups().member(email("alice")).member(email("bob"))
                .customGroup("cg1", "admins", List.of(email("alice"), email("bob")), "Administrator").build();

        Plan plan = plan(desired, remote);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.held()).extracting(h -> h.change().getClass().getSimpleName() + " " + h.reason())
                .containsExactlyInAnyOrder("DeactivateUser MissingReference", "RemoveGroupMembers MissingReference");
        assertThat(plan.held()).allSatisfy(h -> assertThat(h.change().userNames()).containsExactly(email("bob")));
    }

    @Test
    void aMissingUserInAssignmentsHoldsUnassignedDeprovisionsButNotDeclaredOnes() {
        Declared desired = desired("users: [alice, alice-renamed]", List.of(
                user("alice", email("alice")), user("old-alice", email("old-alice")),
                user("quitter", email("quitter")).replace("spec: {", "spec: {active: false, ")));
        RemoteState remote = Fixture.remote().member(email("alice")).member(email("old-alice"))
                .member(email("quitter")).build();

        Plan plan = plan(desired, remote);

        assertThat(summaries(plan.held(), "MissingReference"))
                .containsExactly("deactivate user old-alice@acme.example.com");
        assertThat(plan.held().get(0).message()).contains("ScimUser 'alice-renamed'");
        assertThat(plan.changes()).as("active: false does not depend on the assignments")
                .extracting(Change::summary).containsExactly("deactivate user quitter@acme.example.com");
    }

    @Test
    void twoLiveScimUsersWithOneUserNameHoldThatUsersChangesWhicheverComesFirst() {
        List<String> documents = new ArrayList<>(List.of(
                user("alice", "Alice@acme.example.com", "prod: member"),
                user("alice-2", "alice@ACME.example.com", "prod: member"),
                user("bob", email("bob"), "prod: member"),
                group("admins", List.of("alice", "alice-2", "bob")),
                binding("admins-admin", "admins", "Administrator")));
        String assignments = "userSelector: {matchLabels: {prod: member}}";

        Plan plan = plan(desired(assignments, documents), Fixture.remote().build());
        Collections.reverse(documents);
        Plan reversed = plan(desired(assignments, documents), Fixture.remote().build());

        assertThat(plan.changes()).extracting(Change::summary).containsExactly("create user bob@acme.example.com",
                "add bob@acme.example.com to role \"Administrator\"");
        // Held, not created, so not added to the role either: no change for that userName at all.
        assertThat(plan.held()).singleElement().satisfies(h -> {
            assertThat(h.reason()).hasToString("DuplicateUserName");
            assertThat(h.change().summary()).isEqualToIgnoringCase("create user alice@acme.example.com");
            assertThat(h.message()).contains("alice, alice-2");
        });
        assertThat(reversed.changes()).isEqualTo(plan.changes());
        assertThat(reversed.held().stream().map(HeldChange::toString).collect(Collectors.toList()))
                .isEqualTo(plan.held().stream().map(HeldChange::toString).collect(Collectors.toList()));
    }

    @Test
    void aDuplicatedMemberIsNeitherUpdatedNorDeprovisionedNorRemovedFromItsRole() {
        Declared desired = desired("users: [alice]", List.of(
                user("alice", email("alice")).replace("spec: {", "spec: {name: {givenName: Alice}, "),
                user("alice-unassigned", "ALICE@acme.example.com")));
        RemoteState remote = Fixture.remote().member(email("alice"), "DNS").build();

        Plan plan = plan(desired, remote);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.held()).extracting(h -> h.reason().toString()).containsOnly("DuplicateUserName");
        assertThat(plan.held()).extracting(h -> h.change().getClass().getSimpleName())
                .containsExactlyInAnyOrder("UpdateUser", "RemoveMembers");
    }
}
