package dev.cfscim.controller;

import static dev.cfscim.plan.DeclarationYaml.app;
import static dev.cfscim.plan.DeclarationYaml.file;
import static dev.cfscim.plan.DeclarationYaml.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.plan.PlanPolicy;
import dev.cfscim.plan.Planner;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteUser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The declaration the reconcile plans with, once userNames that are confusable or no email address are refused. */
class DesiredStatesTest {

    @Test
    void refusingAConfusableUserKeepsTheHoldsOfAnIncompleteDeclaration() {
        // An assigned ScimGroup that does not exist, two ScimUsers with one userName, and one
        // ScimUser whose userName has a Cyrillic "а": refusing the last must not drop the others' holds.
        LoadResult loaded = new ResourceLoader().loadString(file(
                app("assignments: {users: [ann, ann-again, paul], groups: [gone]}"),
                user("ann", "ann@example.com"),
                user("ann-again", "Ann@example.com"),
                user("paul", "p\u0430ul@example.com")), "case.yaml");
        ResourceSet resources = loaded.resources();
        ScimApp app = resources.apps().get(0);
        DesiredState declared = PlanInputs.desiredState(resources, app);
        assertThat(declared.holds().isDuplicate("ann@example.com")).isTrue();
        assertThat(declared.holds().missingAssignments()).isNotEmpty();

        DesiredState refused = DesiredStates.without(declared,
                DesiredStates.refusals(resources.usersIn("team"), new UserNameVerdicts()::refusal));

        assertThat(refused.user("p\u0430ul@example.com")).as("refused").isNull();
        assertThat(refused.holds()).isEqualTo(declared.holds());
    }

    @Test
    void aUserNameThatIsNoEmailAddressIsRefusedAndItsMemberLeftAloneEvenUnderUnmanagedDeprovision() {
        LoadResult loaded = new ResourceLoader().loadString(file(
                app("unmanagedUsers: Deprovision", "assignments: {users: [ann, bell]}"),
                user("ann", "ann@example.com"),
                user("bell", "\"bell\\a@example.com\"")), "case.yaml");
        ResourceSet resources = loaded.resources();
        ScimApp app = resources.apps().get(0);
        String bell = "bell\u0007@example.com";

        DesiredState refused = DesiredStates.without(PlanInputs.desiredState(resources, app),
                DesiredStates.refusals(resources.usersIn("team"), new UserNameVerdicts()::refusal));

        assertThat(refused.user(bell)).as("never provisioned").isNull();
        assertThat(refused.problems()).anySatisfy(p -> {
            assertThat(p.reason()).isEqualTo(Reason.INVALID_USER_NAME);
            assertThat(p.subject()).isEqualTo(bell);
            assertThat(p.message()).contains("control character (U+0007) at position 5");
        });
        // A member an earlier version provisioned under that userName is still declared: not unmanaged.
        RemoteState remote = RemoteState.fromScan("023e105f4ecef8ad9ca31a8372d0c353", List.of(
                new RemoteUser("u1", "ann@example.com", null, null, null, true, List.of()),
                new RemoteUser("u2", bell, null, null, null, true, List.of()),
                new RemoteUser("u3", "gone@example.com", null, null, null, true, List.of())), List.of());
        Plan plan = Planner.plan(refused, remote, PlanPolicy.defaults().withDeprovisionUnmanaged(true));
        assertThat(plan.changes()).extracting(Change::summary).containsExactly("deactivate user gone@example.com");
    }
}
