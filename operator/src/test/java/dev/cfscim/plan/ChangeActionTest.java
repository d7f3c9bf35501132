package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The names JSON plans and the {@code action} metric give each kind of change: derived, yet fixed. */
class ChangeActionTest {

    @Test
    void labelsAreTheConstantsInCamelCase() {
        assertThat(Arrays.stream(Change.Action.values()).map(Change.Action::label)).containsExactly(
                "createUser", "reactivateUser", "updateUser", "deactivateUser", "addMembers", "removeMembers",
                "createGroup", "renameGroup", "setGroupRoles", "addGroupMembers", "removeGroupMembers", "deleteGroup");
    }
}
