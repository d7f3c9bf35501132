package dev.cfscim.cli;

import static dev.cfscim.plan.DesiredState.Model.USER_GROUPS;
import static dev.cfscim.plan.DesiredState.Model.VIRTUAL_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteGroup;
import dev.cfscim.scim.RemoteUser;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The line {@code cfscim plan} prints above a plan counts what the account's model has. */
class PlanHeaderTest {

    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

    private static RemoteUser member(String id, boolean active) {
        return new RemoteUser(id, id + "@example.com", null, null, null, active, List.of());
    }

    private static RemoteGroup group(String id, String name) {
        return new RemoteGroup(id, name, null, null);
    }

    /** A case: the members and groups a scan found, the model declared, the requests the scan took; the header. */
    static Stream<Arguments> scans() {
        return Stream.of(
                arguments("in the user-groups model it counts members, user groups and system groups",
                        List.of(member("a", true), member("b", false)),
                        List.of(group("g1", "Platform Admins"), group("g2", "Auditors"),
                                group("cloudflare-v1-1", "Administrator"), group("cloudflare-v1-2", "DNS"),
                                group("cloudflare-v1-3", "Billing")),
                        USER_GROUPS, 5, "ScimApp cfscim/acme-prod: account " + ACCOUNT
                                + ", 1 member, 2 user groups, 3 system groups (5 requests to read)"),
                arguments("during a migration the virtual role groups left are counted too",
                        List.of(member("a", true), member("b", true)),
                        List.of(group("g1", "Platform Admins"), group("cloudflare-v1-1", "Administrator"),
                                group("r1", "CF-" + ACCOUNT + " - Administrator")),
                        USER_GROUPS, 4, "ScimApp cfscim/acme-prod: account " + ACCOUNT
                                + ", 2 members, 1 user group, 1 system group, 1 virtual role group (4 requests to read)"),
                arguments("in the virtual-groups model it counts members and role groups",
                        List.of(member("a", true), member("b", true)),
                        List.of(group("r1", "CF-" + ACCOUNT + " - Administrator"), group("r2", "CF-" + ACCOUNT + " - DNS")),
                        VIRTUAL_GROUPS, 1, "ScimApp cfscim/acme-prod: account " + ACCOUNT
                                + ", 2 members, 2 role groups (1 request to read)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scans")
    void theHeaderCountsWhatTheModelHas(String scan, List<RemoteUser> members, List<RemoteGroup> groups,
            DesiredState.Model model, int requestsToRead, String header) {
        RemoteState remote = RemoteState.fromScan(ACCOUNT, members, groups);

        assertThat(PlanRenderer.header("cfscim/acme-prod", remote, model, requestsToRead)).isEqualTo(header);
    }
}
