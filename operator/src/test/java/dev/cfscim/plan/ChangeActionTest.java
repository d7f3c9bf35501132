package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names JSON plans and the {@code action} metric give each kind of change: derived, yet fixed. */
class ChangeActionTest {

    @Test
    void labelsAreTheConstantsInCamelCase() {
        assertThat(Arrays.stream(Change.Action.values()).map(Change.Action::label)).containsExactly(
                "createUser", "reactivateUser", "updateUser", "deactivateUser", "addMembers", "removeMembers",
                "createGroup", "adoptGroup", "renameGroup", "setGroupRoles", "addGroupMembers", "removeGroupMembers", "deleteGroup");
    }

    @Test
    void everyKindOfChangeHasItsOwnAction() {
        List<Class<?>> records = Arrays.stream(Change.class.getPermittedSubclasses())
                .flatMap(c -> c.isInterface() ? Arrays.stream(c.getPermittedSubclasses()) : java.util.stream.Stream.of(c))
                .toList();
        assertThat(records).hasSize(Change.Action.values().length);
        for (Class<?> record : records) {
            @SuppressWarnings("unchecked")
            Change.Action action = Change.Action.of((Class<? extends Change>) record);
            assertThat(action.label()).isEqualToIgnoringCase(record.getSimpleName());
        }
    }
}
