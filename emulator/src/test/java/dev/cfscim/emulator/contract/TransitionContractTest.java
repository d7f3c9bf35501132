package dev.cfscim.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import org.junit.jupiter.api.Test;

/** The transition profile: virtual role groups and user groups side by side, roles from both. */
class TransitionContractTest extends EmulatorContract {

    @Override
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator.profile(Profile.TRANSITION);
    }

    @Test

    @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
    void bothModelsGrantRolesAndEffectiveRolesAreTheirUnion() {
        String alice = scim.createUser("alice@example.com");
        scim.addMembers(scim.groupId("CF-" + cf.accountId() + " - DNS"), alice);
        ContractHttp.Resp created = scim.post("/Groups", ContractBodies.group("Auditors", alice));
        assertThat(created.status()).isEqualTo(201);
        String auditors = created.json().path("id").asText();
        String readOnly = cf.account().permissionGroupId("Administrator Read Only");
        assertThat(iam.put("/iam/user_groups/" + auditors, ContractBodies.obj("policies",
                java.util.List.of(ContractBodies.allowPolicy(cf.accountId(), readOnly)))).status()).isEqualTo(200);

        assertThat(cf.account().effectiveRoles("alice@example.com"))
                .containsExactly("Minimal Account Access", "Administrator Read Only", "DNS");
        JsonNode systemDns = scim.get("/Groups/cloudflare-v1-" + cf.account().permissionGroupId("DNS")).json();
        assertThat(systemDns.path("displayName").asText()).isEqualTo("DNS");
    }

    @Test
    void aPushedGroupCannotTakeAVirtualGroupsName() {
        ContractHttp.Resp pushed = scim.post("/Groups", ContractBodies.group("CF-" + cf.accountId() + " - DNS"));
        ContractHttp.assertScimError(pushed, 400, "invalidValue");
        assertThat(pushed.json().path("detail").asText()).contains("begins with CF");
    }
}
