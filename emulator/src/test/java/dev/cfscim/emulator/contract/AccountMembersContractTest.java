package dev.cfscim.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The v4 account members API: every active member, with the roles given directly (outside SCIM)
 * and its own policies, which is where a client learns of a Super Administrator that no SCIM group
 * shows.
 */
class AccountMembersContractTest extends EmulatorContract {

    static final String SUPER = "Super Administrator - All Privileges";

    @Override
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator.superAdmin("owner@example.com");
    }

    @Test
    void listsMembersWithTheirDirectRolesOnly() {
        String alice = scim.createUser("alice@example.com");
        scim.addMembers(scim.groupId("CF-" + cf.accountId() + " - " + SUPER), alice);

        ContractHttp.Resp r = iam.get("/members?per_page=50");

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("success").asBoolean()).isTrue();
        List<String> emails = new ArrayList<>();
        for (JsonNode member : body.path("result")) {
            String email = member.path("user").path("email").asText();
            emails.add(email);
            List<String> roles = ContractHttp.values(member.path("roles"), "name");
            if (email.equals("owner@example.com")) {
                assertThat(roles).containsExactly(SUPER);
                assertThat(member.path("user").path("id").asText())
                        .isEqualTo(cf.account().member("owner@example.com").orElseThrow().id());
            } else {
                assertThat(roles).as("a role through a group is not a direct role").isEmpty();
            }
        }
        assertThat(emails).containsExactlyInAnyOrder("owner@example.com", "alice@example.com");
        assertThat(body.path("result_info").path("total_count").asInt()).isEqualTo(2);
        assertThat(cf.requests().route("GET /members")).isEqualTo(1);
    }

    @Test
    void leavesDeprovisionedMembersOutAndPages() {
        for (int i = 0; i < 30; i++) {
            scim.createUser("user" + i + "@example.com");
        }
        String gone = scim.createUser("gone@example.com");
        scim.patch("/Users/" + gone, ContractBodies.patchOps(ContractBodies.op("replace", "active", false)));

        JsonNode first = iam.get("/members?per_page=20&page=1").json();
        JsonNode second = iam.get("/members?per_page=20&page=2").json();

        assertThat(first.path("result")).hasSize(20);
        assertThat(second.path("result")).hasSize(11);
        assertThat(first.path("result_info").path("total_count").asInt()).isEqualTo(31);
        assertThat(second.toString()).doesNotContain("gone@example.com");
    }

    @Test
    void needsTheToken() {
        ContractHttp.assertV4Error(iam.withoutToken().get("/members"), 401, 10000);
    }

    @Test
    void servesEachDirectRoleAlsoAsAnAllowPolicyOnTheAccountsResourceGroup() {
        String alice = scim.createUser("alice@example.com");
        scim.addMembers(scim.groupId("CF-" + cf.accountId() + " - " + SUPER), alice);

        JsonNode owner = member(iam.get("/members?per_page=50").json(), "owner@example.com");
        JsonNode viaGroup = member(iam.get("/members?per_page=50").json(), "alice@example.com");

        assertThat(ContractHttp.values(owner.path("roles"), "name")).containsExactly(SUPER);
        JsonNode policy = owner.path("policies").get(0);
        assertThat(owner.path("policies")).hasSize(1);
        assertThat(policy.path("id").asText()).isNotBlank();
        assertThat(policy.path("access").asText()).isEqualTo("allow");
        assertPermissionGroup(policy.path("permission_groups"), SUPER);
        assertAccountResourceGroup(policy.path("resource_groups"));
        assertThat(viaGroup.path("policies")).as("a role through a group is not the member's own policy").isEmpty();
    }

    @Test
    void servesAMemberWhoseSuperAdministratorComesOnlyFromAPolicy() {
        account.seedMemberByPolicy("delegate@example.com", SUPER);

        JsonNode delegate = member(iam.get("/members?per_page=50").json(), "delegate@example.com");

        assertThat(delegate.path("roles")).as("no role is assigned").isEmpty();
        assertThat(delegate.path("policies")).hasSize(1);
        JsonNode policy = delegate.path("policies").get(0);
        assertThat(policy.path("access").asText()).isEqualTo("allow");
        assertPermissionGroup(policy.path("permission_groups"), SUPER);
        assertAccountResourceGroup(policy.path("resource_groups"));
        assertThat(account.effectiveRoles("delegate@example.com")).contains(SUPER);
        assertThat(account.superAdministrators()).isEqualTo(2);
    }

    @Test
    void theAdminApiSeedsAMemberHoldingRolesThroughPoliciesAlone() {
        ContractHttp.Resp seeded = ContractHttp.admin(cf).post("/members", ContractBodies.obj(
                "userName", "delegate@example.com", "roles", List.of("DNS"), "policies", List.of(SUPER)));

        assertThat(seeded.status()).isEqualTo(201);
        JsonNode delegate = member(iam.get("/members?per_page=50").json(), "delegate@example.com");
        assertThat(ContractHttp.values(delegate.path("roles"), "name")).containsExactly("DNS");
        List<String> granted = new ArrayList<>();
        for (JsonNode policy : delegate.path("policies")) {
            granted.addAll(ContractHttp.values(policy.path("permission_groups"), "name"));
        }
        assertThat(granted).containsExactlyInAnyOrder("DNS", SUPER);
        assertThat(account.effectiveRoles("delegate@example.com")).contains("DNS", SUPER);
    }

    @Test
    void aSuperAdministratorByPolicyAloneIsOneTheAccountKeeps() {
        try (CloudflareEmulator only = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.OFF)
                .superAdminByPolicy("delegate@example.com").build().start()) {
            ContractHttp members = ContractHttp.iam(only);
            String id = only.account().member("delegate@example.com").orElseThrow().id();

            JsonNode delegate = member(members.get("/members").json(), "delegate@example.com");
            ContractHttp.scim(only).patch("/Users/" + id,
                    ContractBodies.patchOps(ContractBodies.op("replace", "active", false)));

            assertThat(delegate.path("roles")).isEmpty();
            assertPermissionGroup(delegate.path("policies").get(0).path("permission_groups"), SUPER);
            assertThat(only.account().superAdministrators()).isEqualTo(1);
            assertThat(only.account().member("delegate@example.com").orElseThrow().active())
                    .as("the only Super Administrator is never deprovisioned").isTrue();
        }
    }

    private static JsonNode member(JsonNode list, String email) {
        for (JsonNode member : list.path("result")) {
            if (member.path("user").path("email").asText().equals(email)) {
                return member;
            }
        }
        throw new AssertionError(email + " is not in " + list);
    }

    /** One permission group with the role's name and an id, as the published schema requires. */
    private void assertPermissionGroup(JsonNode permissionGroups, String role) {
        assertThat(permissionGroups).hasSize(1);
        assertThat(permissionGroups.get(0).path("id").asText()).isEqualTo(account.permissionGroupId(role));
        assertThat(permissionGroups.get(0).path("name").asText()).isEqualTo(role);
    }

    /** The account's own resource group: an id, and a scope of the account's key over everything. */
    private void assertAccountResourceGroup(JsonNode resourceGroups) {
        String accountKey = "com.cloudflare.api.account." + cf.accountId();
        assertThat(resourceGroups).hasSize(1);
        JsonNode group = resourceGroups.get(0);
        assertThat(group.path("id").asText()).isNotBlank();
        assertThat(group.path("name").asText()).isEqualTo(accountKey);
        assertThat(group.path("scope").path("key").asText()).isEqualTo(accountKey);
        assertThat(ContractHttp.values(group.path("scope").path("objects"), "key")).containsExactly("*");
    }
}
