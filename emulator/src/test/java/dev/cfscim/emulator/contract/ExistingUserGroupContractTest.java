package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.allowPolicy;
import static dev.cfscim.emulator.contract.ContractBodies.group;
import static dev.cfscim.emulator.contract.ContractBodies.obj;
import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.MINIMAL;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.ExistingUserGroups;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /Groups} with the name of a user group made outside SCIM (the dashboard, the IAM API):
 * Cloudflare adopts it (the default), or, as the other option, a 409 like any name in use.
 */
class ExistingUserGroupContractTest {

    /** A user group made through the IAM API granting Administrator, with a member; answers its id. */
    static String handMadeGroup(EmulatorContract test, String memberId) {
        String admin = test.account.permissionGroupId(ADMINISTRATOR);
        ObjectNode body = obj("name", "Engineers", "policies", List.of(allowPolicy(test.cf.accountId(), admin)));
        Resp created = test.iam.post("/iam/user_groups", body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().path("result").path("id").asText();
        assertThat(test.scim.patch("/Groups/" + id, ContractBodies.patchOps(ContractBodies.op("add", "members",
                ContractBodies.memberList(memberId)))).status()).isEqualTo(200);
        return id;
    }

    /** Adopt is the default: the user-groups profile, no option named. */
    @Nested
    class Adopt extends UserGroupsContract {

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void aPushOfTheNameAnswers201WithThatGroupItsIdPoliciesAndMembersKept() {
            String u = scim.createUser("u@example.com");
            String id = handMadeGroup(this, u);

            Resp pushed = scim.post("/Groups", obj("schemas", List.of(ContractHttp.GROUP_SCHEMA), "displayName", "engineers",
                    "externalId", "idp-7"));

            assertThat(pushed.status()).as(pushed.body()).isEqualTo(201);
            assertThat(pushed.json().path("id").asText()).isEqualTo(id);
            assertThat(pushed.json().path("displayName").asText()).isEqualTo("Engineers");
            assertThat(pushed.json().path("externalId").asText()).isEqualTo("idp-7");
            assertThat(values(pushed.json().path("members"), "value")).containsExactly(u);
            assertThat(account.groups()).filteredOn(g -> g.kind().equals("custom")).hasSize(1);
            assertThat(account.effectiveRoles("u@example.com")).containsExactlyInAnyOrder(MINIMAL, ADMINISTRATOR);
        }

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void theAdoptedGroupIsScimsFromThenOn() {
            String id = handMadeGroup(this, scim.createUser("u@example.com"));
            assertThat(scim.post("/Groups", group("Engineers")).status()).isEqualTo(201);

            Resp rename = iam.put("/iam/user_groups/" + id, obj("name", "Platform"));
            assertThat(rename.status()).as("locked against IAM renames: %s", rename.body()).isBetween(400, 499);
            assertThat(iam.delete("/iam/user_groups/" + id).status()).isBetween(400, 499);
            // A second push of a name SCIM already owns is a duplicate, as before.
            assertScimError(scim.post("/Groups", group("Engineers")), 409, "uniqueness");
        }

        @Test
        void namesSystemGroupsAndSomeoneElsesPushesStay409() {
            assertScimError(scim.post("/Groups", group(ADMINISTRATOR)), 409, "uniqueness");
            assertThat(scim.post("/Groups", group("Pushed")).status()).isEqualTo(201);
            assertScimError(scim.post("/Groups", group("Pushed")), 409, "uniqueness");
            assertThat(account.groups()).filteredOn(g -> g.kind().equals("custom")).hasSize(1);
        }
    }

    @Nested
    class Conflict extends UserGroupsContract {

        @Override
        CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
            return super.options(emulator).existingUserGroups(ExistingUserGroups.CONFLICT);
        }

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void aPushOfTheNameIs409AndTheGroupStaysAsItWas() {
            String u = scim.createUser("u@example.com");
            String id = handMadeGroup(this, u);

            assertScimError(scim.post("/Groups", group("Engineers")), 409, "uniqueness");

            assertThat(account.groups()).filteredOn(g -> g.kind().equals("custom")).singleElement()
                    .satisfies(g -> assertThat(g.id()).isEqualTo(id));
            JsonNode found = scim.get("/Groups/" + id).json();
            assertThat(found.has("externalId")).isFalse();
            Resp rename = iam.put("/iam/user_groups/" + id, obj("name", "Platform"));
            assertThat(rename.status()).as("still not SCIM's: %s", rename.body()).isEqualTo(200);
        }
    }
}
