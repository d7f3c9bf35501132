package dev.cfscim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The floor's arithmetic, part by part: what every contender's requests are set against. */
class FloorTest {

    /** 250 users in 3 groups: 120, 100 and 30 members (a user in one group each). */
    private static final Workload WORKLOAD = new Workload(users(250), Map.of(
            "Administrator", users(250).subList(0, 120),
            "Billing", users(250).subList(120, 220),
            "DNS", users(250).subList(220, 250)));

    @Test
    void theUserGroupsFloorIsEachPartOfProvisioning() {
        // The account as found: its owner, 70 system groups, no user group, 70 permission groups.
        Floor floor = Floor.provisioning(GroupModel.USER_GROUPS, WORKLOAD, new Floor.Found(1, 70, 0, 70));

        assertThat(floor.parts()).containsExactly(
                250, // a create per user
                3, // a user group per bound ScimGroup
                3, // a policy write per group
                2 + 1 + 1, // member PATCHes: 120 members take two of 100, 100 one, 30 one
                1, // one page of users (the owner)
                1, // one page of groups (70 of 100)
                1, // the user-groups list, empty: still one page
                2, // 70 permission groups at 50 a page
                1); // the resource group, read once
        assertThat(floor.total()).isEqualTo(250 + 3 + 3 + 4 + 6);
        assertThat(floor.scanRequests()).isEqualTo(6);
        assertThat(floor.byRoute()).containsEntry("POST /Groups", 3L).containsEntry("PUT /iam/user_groups/{id}", 3L)
                .containsEntry("GET /iam/resource_groups", 1L);
        assertThat(floor.byRoute().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(floor.total());
        assertThat(floor.spelled()).startsWith("250 user creates + 3 group creates + 3 policy writes + 4 member PATCHes");
    }

    @Test
    void theVirtualGroupsFloorHasNoGroupOfItsOwnNorAnyIamRead() {
        Floor floor = Floor.provisioning(GroupModel.VIRTUAL_GROUPS, WORKLOAD, new Floor.Found(1, 70, 0, 70));

        assertThat(floor.parts()).containsExactly(250, 0, 0, 4, 1, 1, 0, 0, 0);
        assertThat(floor.spelled()).isEqualTo("250 user creates + 4 member PATCHes + 1 user pages + 1 group pages");
    }

    @Test
    void aDriftScanReadsTheConvergedAccountAndNoResourceGroup() {
        // 10,000 users and the owner; 70 system groups and 20 user groups.
        Floor scan = Floor.scan(GroupModel.USER_GROUPS, new Floor.Found(10_001, 90, 20, 70));

        assertThat(scan.parts()).containsExactly(0, 0, 0, 0, 101, 1, 1, 2, 0);
        assertThat(Floor.scan(GroupModel.VIRTUAL_GROUPS, new Floor.Found(10_001, 70, 0, 70)).total()).isEqualTo(102);
    }

    @Test
    void theFewestWindowsAreTheRequestsOver1200RoundedUp() {
        assertThat(Floor.fewestWindows(1)).isEqualTo(1);
        assertThat(Floor.fewestWindows(1200)).isEqualTo(1);
        assertThat(Floor.fewestWindows(1201)).isEqualTo(2);
        assertThat(Floor.fewestWindows(10_256)).isEqualTo(9);
    }

    private static List<String> users(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "user" + i + "@example.com").toList();
    }
}
