package dev.cfscim.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.CloudflareEmulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The v4 account members API: every active member, with the roles given directly (outside SCIM),
 * which is where a client learns of a Super Administrator that no SCIM group shows.
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
        scim.patch("/Users/" + gone, ContractHttp.patchOps(ContractHttp.op("replace", "active", false)));

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
}
