package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.scim.UserUpdate;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The names JSON plans and the {@code action} metric give each kind of change: derived, yet fixed;
 * and records, actions and visitor methods matching one to one.
 */
class ChangeActionTest {

    /** One change of every kind; a new record must be added here, or the first test fails. */
    private static final List<Change> ONE_OF_EACH = List.of(
            new Change.CreateUser(new DesiredUser("a@example.com", null, null, null, true, true, null), "r"),
            new Change.ReactivateUser("u1", "a@example.com", "r"),
            new Change.UpdateUser("u1", "a@example.com", new UserUpdate(null, "A", null, null), "r"),
            new Change.DeactivateUser("u1", "a@example.com", "r"),
            new Change.AddMembers("Administrator", "g1", List.of("a@example.com"), "r"),
            new Change.RemoveMembers("Administrator", "g1", List.of("a@example.com"), "r"),
            new Change.CreateGroup("eng", "r"),
            new Change.AdoptGroup("g2", "eng", "r"),
            new Change.RenameGroup("g2", "old", "eng", "r"),
            new Change.SetGroupRoles("g2", "eng", Set.of("Administrator"), Set.of(), "r"),
            new Change.AddGroupMembers("g2", "eng", List.of("a@example.com"), "r"),
            new Change.RemoveGroupMembers("g2", "eng", List.of("a@example.com"), "r"),
            new Change.DeleteGroup("g2", "eng", "r"));

    @Test
    void labelsAreTheConstantsInCamelCase() {
        assertThat(Arrays.stream(Change.Action.values()).map(Change.Action::label)).containsExactly(
                "createUser", "reactivateUser", "updateUser", "deactivateUser", "addMembers", "removeMembers",
                "createGroup", "adoptGroup", "renameGroup", "setGroupRoles", "addGroupMembers", "removeGroupMembers", "deleteGroup");
    }

    @Test
    void everyKindOfChangeHasItsOwnAction() {
        List<Class<?>> records = Arrays.stream(Change.class.getPermittedSubclasses())
                .flatMap(c -> c.isInterface() ? Arrays.stream(c.getPermittedSubclasses()) : Stream.of(c))
                .toList();
        assertThat(ONE_OF_EACH).extracting(Object::getClass).as("one sample per record")
                .containsExactlyInAnyOrderElementsOf(records);
        assertThat(ONE_OF_EACH).extracting(Change::action).as("one action per record, each used once")
                .containsExactlyInAnyOrder(Change.Action.values());
        for (Change change : ONE_OF_EACH) {
            assertThat(change.action().label()).isEqualToIgnoringCase(change.getClass().getSimpleName());
        }
    }

    @Test
    void eachRecordCallsTheVisitorMethodOfItsOwnKind() {
        assertThat(Arrays.stream(Change.Visitor.class.getDeclaredMethods()).map(Method::getName))
                .as("one visitor method per kind").containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Change.Action.values()).map(Change.Action::label).toList());
        Change.Visitor<String> methodNames = visitorNaming();
        for (Change change : ONE_OF_EACH) {
            assertThat(change.accept(methodNames)).as(change.getClass().getSimpleName())
                    .isEqualTo(change.action().label());
        }
    }

    @Test
    void effectsCountAsThePlanSummaryDoes() {
        assertThat(ONE_OF_EACH.stream().collect(Collectors.groupingBy(Change::effect, Collectors.counting())))
                .containsEntry(Effect.ADD, 6L).containsEntry(Effect.CHANGE, 3L).containsEntry(Effect.REMOVE, 4L);
        Plan plan = new Plan("account", ONE_OF_EACH, List.of(), List.of());
        assertThat(plan.summary()).isEqualTo("Plan: 6 to add, 3 to change, 4 to remove, 0 held.");
    }

    @Test
    void aGroupsFirstPolicyIsAnAdditionAndARevocationDoesNotGrant() {
        Change.SetGroupRoles first = new Change.SetGroupRoles("g", "eng", Set.of("Administrator"), Set.of(), "r");
        Change.SetGroupRoles narrower = new Change.SetGroupRoles("g", "eng", Set.of(), Set.of("Administrator"), "r");
        assertThat(first.effect()).isEqualTo(Effect.ADD);
        assertThat(first.grants()).isTrue();
        assertThat(first.widens()).isTrue();
        assertThat(narrower.effect()).isEqualTo(Effect.CHANGE);
        assertThat(narrower.grants()).isFalse();
        assertThat(narrower.widens()).isFalse();
    }

    /** A visitor answering the name of the method it was called through. */
    @SuppressWarnings("unchecked")
    private static Change.Visitor<String> visitorNaming() {
        return (Change.Visitor<String>) Proxy.newProxyInstance(Change.Visitor.class.getClassLoader(),
                new Class<?>[] {Change.Visitor.class}, (proxy, method, args) -> method.getName());
    }
}
