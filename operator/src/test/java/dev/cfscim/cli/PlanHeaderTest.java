package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteGroup;
import dev.cfscim.scim.RemoteUser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line {@code cfscim plan} prints above a plan counts what the account's model has. */
class PlanHeaderTest {

    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

    private static RemoteUser member(String id, boolean active) {
        return new RemoteUser(id, id + "@example.com", null, null, null, active, List.of());
    }

    private static RemoteGroup group(String id, String name) {
        return new RemoteGroup(id, name, null, null);
    }

    @Test
    void inTheUserGroupsModelItCountsMembersUserGroupsAndSystemGroups() {
        RemoteState remote = RemoteState.fromScan(ACCOUNT, List.of(member("a", true), member("b", false)),
                List.of(group("g1", "Platform Admins"), group("g2", "Auditors"),
                        group("cloudflare-v1-1", "Administrator"), group("cloudflare-v1-2", "DNS"),
                        group("cloudflare-v1-3", "Billing")));

        assertThat(PlanRenderer.header("cfscim/acme-prod", remote, DesiredState.Model.USER_GROUPS, 5))
                .isEqualTo("ScimApp cfscim/acme-prod: account " + ACCOUNT
                        + ", 1 member, 2 user groups, 3 system groups (5 requests to read)");
    }

    @Test
    void duringAMigrationTheVirtualRoleGroupsLeftAreCountedToo() {
        RemoteState remote = RemoteState.fromScan(ACCOUNT, List.of(member("a", true), member("b", true)),
                List.of(group("g1", "Platform Admins"), group("cloudflare-v1-1", "Administrator"),
                        group("r1", "CF-" + ACCOUNT + " - Administrator")));

        assertThat(PlanRenderer.header("cfscim/acme-prod", remote, DesiredState.Model.USER_GROUPS, 4))
                .isEqualTo("ScimApp cfscim/acme-prod: account " + ACCOUNT
                        + ", 2 members, 1 user group, 1 system group, 1 virtual role group (4 requests to read)");
    }

    @Test
    void inTheVirtualGroupsModelItCountsMembersAndRoleGroups() {
        RemoteState remote = RemoteState.fromScan(ACCOUNT, List.of(member("a", true), member("b", true)),
                List.of(group("r1", "CF-" + ACCOUNT + " - Administrator"), group("r2", "CF-" + ACCOUNT + " - DNS")));

        assertThat(PlanRenderer.header("cfscim/acme-prod", remote, DesiredState.Model.VIRTUAL_GROUPS, 1))
                .isEqualTo("ScimApp cfscim/acme-prod: account " + ACCOUNT + ", 2 members, 2 role groups (1 request to read)");
    }
}
