package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.RequestCounts;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The requests {@code apply} spends to provision 1,000 users in 10 groups from an empty account,
 * beside the floor, in each group model. Today's (user groups): the creates, one user group and one
 * policy per group, one member PATCH per group and batch of 100, and the scan (user pages, group
 * pages, the user-groups list, the permission groups, the resource group read once). The seed's
 * (role groups): the creates, the member PATCHes and the scan (user pages, group pages). Counts, not
 * timings: the same every run. It prints the figures the README reports.
 */
@ExtendWith(PublishedSchemaCheck.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // today's model first, as the README prints them
class ProvisioningCostTest {

    static final int USERS = 1000;
    static final List<String> ROLES = List.of("Administrator", "Administrator Read Only", "Analytics", "Audit Logs Viewer",
            "Billing", "Cache Purge", "Cloudflare Access", "DNS", "Firewall", "Load Balancer");

    /** An account holding only its owner, in {@code profile}, unthrottled, each exchange checked against the published schema. */
    private static CloudflareEmulator emptyAccount(Profile profile) {
        return CloudflareEmulator.builder().onExchange(PublishedSchemaCheck::record)
                .profile(profile)
                .rateLimit(RateLimit.OFF)
                .superAdmin("owner@example.com").build().start();
    }

    /**
     * The engine as an operator's ScimApp runs it against {@code cf}: Cloudflare's request budget on the real
     * clock, and its tag on every member and group it writes.
     */
    private static Engine engine(CloudflareEmulator cf) {
        CloudflareScimClient client = new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()),
                new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime, d -> Thread.sleep(d.toMillis())),
                CloudflareScimClient.Settings.defaults(), CloudflareScimClient.RequestObserver.NONE);
        return new Engine(client.directory(), client.iam(), new Owner("cfscim:acme/cloudflare"));
    }

    @Test
    @Order(1)
    void provisioningAThousandUsersInUserGroupsCostsExactlyTheFloor() {
        try (CloudflareEmulator cf = emptyAccount(Profile.USER_GROUPS)) {
            Fixture.Desired declared = Fixture.desired();
            Map<String, List<String>> members = new LinkedHashMap<>();
            for (int i = 0; i < USERS; i++) {
                String userName = String.format("user%04d@example.com", i);
                declared.user(userName);
                members.computeIfAbsent(ROLES.get(i % ROLES.size()), r -> new ArrayList<>()).add(userName);
            }
            members.forEach((role, names) -> declared.group(role + " team", names, role));
            DesiredState desired = declared.buildUserGroups();
            Engine engine = engine(cf);
            long systemGroups = cf.account().groups().size(); // one per permission group before any push

            RemoteState remote = engine.scan(cf.accountId(), DesiredState.Model.USER_GROUPS);
            Plan plan = engine.plan(desired, remote, PlanPolicy.defaults(), null);
            Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

            RequestCounts counts = cf.requests();
            long groups = ROLES.size();
            long memberPatches = ROLES.size() * (long) Math.ceil(USERS / (double) ROLES.size() / 100);
            long permissionGroupPages = (systemGroups + 49) / 50;
            // A page of users (the owner), of groups (the system groups), of user groups (none yet),
            // the permission groups at 50 a page, and the account's resource group once.
            long scan = 1 + 1 + 1 + permissionGroupPages + 1;
            long floor = USERS + groups + groups + memberPatches + scan;
            System.out.printf("Provisioning %d users in %d user groups from empty: %d requests "
                            + "(%d POST /Users, %d POST /Groups, %d PUT /iam/user_groups, %d PATCH /Groups, %d GET); "
                            + "floor %d (creates %d + user groups %d + policies %d + member PATCHes %d + scan %d: "
                            + "users, groups, user groups, permission groups %d, resource group); ratio %.3f%n",
                    USERS, groups, counts.total(), counts.route("POST /Users"), counts.route("POST /Groups"),
                    counts.route("PUT /iam/user_groups/{id}"), counts.route("PATCH /Groups/{id}"), counts.method("GET"),
                    floor, USERS, groups, groups, memberPatches, scan, permissionGroupPages,
                    counts.total() / (double) floor);

            assertThat(result.complete()).isTrue();
            assertThat(cf.account().members()).hasSize(USERS + 1);
            for (String role : ROLES) {
                assertThat(cf.account().effectiveRoles(members.get(role).get(0))).contains(role);
            }
            Map<String, Long> sent = new TreeMap<>(counts.routes());
            sent.values().removeIf(n -> n == 0);
            assertThat(sent).isEqualTo(Map.of("POST /Users", (long) USERS, "POST /Groups", groups,
                    "PUT /iam/user_groups/{id}", groups, "PATCH /Groups/{id}", memberPatches, "GET /Users", 1L,
                    "GET /Groups", 1L, "GET /iam/user_groups", 1L, "GET /iam/permission_groups", permissionGroupPages,
                    "GET /iam/resource_groups", 1L));
            assertThat(counts.total()).isEqualTo(floor);
        }
    }

    @Test
    @Order(2)
    void provisioningAThousandUsersCostsTheFloor() {
        try (CloudflareEmulator cf = emptyAccount(Profile.VIRTUAL_GROUPS)) {
            Fixture.Desired declared = Fixture.desired();
            for (int i = 0; i < USERS; i++) {
                declared.user(String.format("user%04d@example.com", i), ROLES.get(i % ROLES.size()));
            }
            DesiredState desired = declared.build();
            Engine engine = engine(cf);

            RemoteState remote = engine.scan(cf.accountId());
            Plan plan = engine.plan(desired, remote, PlanPolicy.defaults(), null);
            Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

            RequestCounts counts = cf.requests();
            long creates = USERS;
            long memberPatches = ROLES.size() * (long) Math.ceil(USERS / (double) ROLES.size() / 100);
            long scan = 1 + 1; // one page of users (the account holds only its owner), one of groups
            long floor = creates + memberPatches + scan;
            System.out.printf("Provisioning %d users in %d role groups from empty: %d requests "
                            + "(%d POST /Users, %d PATCH /Groups, %d GET); floor %d (creates %d + member PATCHes %d "
                            + "+ scan %d); ratio %.3f%n", USERS, ROLES.size(), counts.total(), counts.route("POST /Users"),
                    counts.route("PATCH /Groups/{id}"), counts.method("GET"), floor, creates, memberPatches, scan,
                    counts.total() / (double) floor);

            assertThat(result.complete()).isTrue();
            assertThat(cf.account().members()).hasSize(USERS + 1);
            assertThat(counts.total()).isEqualTo(floor);
        }
    }
}
