package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.group;
import static dev.cfscim.emulator.contract.ContractBodies.memberList;
import static dev.cfscim.emulator.contract.ContractBodies.obj;
import static dev.cfscim.emulator.contract.ContractBodies.op;
import static dev.cfscim.emulator.contract.ContractBodies.patchOps;
import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.MINIMAL;
import static dev.cfscim.emulator.contract.ContractHttp.SUPER_ADMIN;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.groupIds;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user-groups profile through SCIM: system groups, custom groups, effective roles and deprovisioning. */
class UserGroupsContractTest extends UserGroupsContract {

    @Nested
    class SystemGroups {

        @Test
        void oneSystemGroupPerRoleNamedAfterIt() {
            JsonNode resources = scim.get("/Groups?count=100").json().path("Resources");
            List<String> systemNames = new ArrayList<>();
            for (JsonNode g : resources) {
                if (g.path("id").asText().startsWith(SYSTEM_PREFIX)) {
                    systemNames.add(g.path("displayName").asText());
                }
                assertThat(g.has("members")).as(g.toString()).isFalse();
            }
            assertThat(systemNames).containsExactlyInAnyOrderElementsOf(ROLES);
            assertThat(account.groups()).filteredOn(g -> g.kind().equals("system")).hasSize(ROLES.size());
        }

        @ParameterizedTest
        @ValueSource(strings = {ADMINISTRATOR, SUPER_ADMIN, "DNS", "Billing"})
        void systemGroupIdIsThePermissionGroupId(String role) {
            String groupId = scim.groupId(role);
            assertThat(groupId).isEqualTo(SYSTEM_PREFIX + permissionGroupId(role));
            assertThat(account.roleGroupId(role)).isEqualTo(groupId);
        }

        @Test
        void membershipByPatchGrantsTheRoleAndGetShowsNoMembers() {
            String u = scim.createUser("u@example.com");
            String groupId = account.roleGroupId("DNS");
            scim.addMembers(groupId, u);

            assertThat(account.effectiveRoles("u@example.com")).containsExactlyInAnyOrder(MINIMAL, "DNS");
            Resp single = scim.get("/Groups/" + groupId);
            assertThat(single.status()).isEqualTo(200);
            assertThat(single.json().path("displayName").asText()).isEqualTo("DNS");
            assertThat(single.json().path("members").size()).isZero();
            assertThat(groupIds(scim.get("/Users/" + u).json().path("groups"))).contains(groupId);
            assertThat(account.groups()).filteredOn(g -> g.id().equals(groupId))
                    .singleElement().satisfies(g -> assertThat(g.memberIds()).containsExactly(u));

            Resp removed = scim.patch("/Groups/" + groupId, patchOps(op("remove", "members[value eq \"" + u + "\"]", null)));
            assertThat(removed.status()).isBetween(200, 299);
            assertThat(account.effectiveRoles("u@example.com")).containsExactly(MINIMAL);
        }

        @Test
        void putWithTheSameDisplayNameChangesMembership() {
            String u = scim.createUser("u@example.com");
            String groupId = account.roleGroupId("Billing");
            Resp r = scim.put("/Groups/" + groupId, group("Billing", u));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(account.effectiveRoles("u@example.com")).contains("Billing");
        }

        @Test
        void putWithAnotherDisplayNameIsRefused() {
            String groupId = account.roleGroupId("Billing");
            Resp r = scim.put("/Groups/" + groupId, group("Not Billing"));
            assertThat(r.status()).isBetween(400, 499);
            assertScimError(r, r.status(), null);
            assertThat(scim.get("/Groups/" + groupId).json().path("displayName").asText()).isEqualTo("Billing");
        }

        @Test
        void renameByPatchIsRefused() {
            String groupId = account.roleGroupId("Billing");
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("replace", "displayName", "Renamed")));
            assertThat(r.status()).isBetween(400, 499);
            assertScimError(r, r.status(), null);
            assertThat(scim.get("/Groups/" + groupId).json().path("displayName").asText()).isEqualTo("Billing");
        }

        @Test
        void neverDeleted() {
            String groupId = account.roleGroupId(ADMINISTRATOR);
            Resp r = scim.delete("/Groups/" + groupId);
            assertThat(r.status()).isBetween(400, 499);
            assertScimError(r, r.status(), null);
            assertThat(scim.get("/Groups/" + groupId).status()).isEqualTo(200);
        }
    }

    @Nested
    class CustomGroups {

        @Test
        void createAndGetWithMembers() {
            String u = scim.createUser("u@example.com");
            Resp r = scim.post("/Groups", group("Engineers", u));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().path("id").asText();
            assertThat(id).doesNotStartWith(SYSTEM_PREFIX);
            assertThat(r.json().path("displayName").asText()).isEqualTo("Engineers");

            Resp single = scim.get("/Groups/" + id);
            assertThat(single.status()).isEqualTo(200);
            assertThat(values(single.json().path("members"), "value")).containsExactly(u);
            assertThat(values(single.json().path("members"), "display")).containsExactly("u@example.com");
            assertThat(scim.groupId("Engineers")).isEqualTo(id);
            assertThat(account.groups()).filteredOn(g -> g.id().equals(id)).singleElement()
                    .satisfies(g -> assertThat(g.kind()).isEqualTo("custom"));
            assertThat(groupIds(scim.get("/Users/" + u).json().path("groups"))).contains(id);
        }

        @Test
        void createTakesThePublishedBodyWithoutSchemasOrMembers() {
            Resp r = scim.post("/Groups", obj("displayName", "Engineers", "externalId", "eng-1"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().path("displayName").asText()).isEqualTo("Engineers");
            assertThat(r.json().path("externalId").asText()).isEqualTo("eng-1");
            assertThat(scim.memberIds(r.json().path("id").asText())).isEmpty();
        }

        @Test
        void listOmitsMembersOfCustomGroupsToo() {
            String u = scim.createUser("u@example.com");
            createCustomGroup("Engineers", u);
            for (JsonNode g : scim.get("/Groups?count=100").json().path("Resources")) {
                assertThat(g.has("members")).as(g.toString()).isFalse();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "CF", "CF-Engineers", "CFO office"})
        void displayNameMustBeNonEmptyAndNotBeginWithCF(String displayName) {
            assertScimError(scim.post("/Groups", group(displayName)), 400, null);
            assertThat(account.groups()).noneMatch(g -> g.kind().equals("custom"));
        }

        @Test
        void nameOfASystemGroupIs409() {
            assertScimError(scim.post("/Groups", group(ADMINISTRATOR)), 409, "uniqueness");
            assertThat(account.groups()).noneMatch(g -> g.kind().equals("custom"));
        }

        @Test
        void resetRemovesCustomGroupsAndKeepsSystemOnes() {
            String u = scim.createUser("u@example.com");
            scim.addMembers(account.roleGroupId("DNS"), u);
            createCustomGroup("Engineers", u);
            cf.reset();
            assertThat(account.groups()).noneMatch(g -> g.kind().equals("custom"));
            assertThat(account.groups()).filteredOn(g -> g.kind().equals("system")).hasSize(ROLES.size())
                    .allSatisfy(g -> assertThat(g.memberIds()).isEmpty());
        }

        @Test
        void duplicateNameIs409() {
            createCustomGroup("Engineers");
            assertScimError(scim.post("/Groups", group("Engineers")), 409, "uniqueness");
            assertThat(account.groups()).filteredOn(g -> g.kind().equals("custom")).hasSize(1);
        }

        @Test
        void patchMembersDisplayNameAndExternalId() {
            String a = scim.createUser("a@example.com");
            String b = scim.createUser("b@example.com");
            String id = createCustomGroup("Engineers", a);
            Resp r = scim.patch("/Groups/" + id, patchOps(
                    op("add", "members", memberList(b)),
                    op("remove", "members[value eq \"" + a + "\"]", null),
                    op("replace", "displayName", "Platform"),
                    op("replace", "externalId", "okta-123")));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);

            JsonNode g = scim.get("/Groups/" + id).json();
            assertThat(g.path("displayName").asText()).isEqualTo("Platform");
            assertThat(g.path("externalId").asText()).isEqualTo("okta-123");
            assertThat(values(g.path("members"), "value")).containsExactly(b);
        }

        @Test
        void putReplacesDisplayNameAndMembers() {
            String a = scim.createUser("a@example.com");
            String b = scim.createUser("b@example.com");
            String id = createCustomGroup("Engineers", a);
            Resp r = scim.put("/Groups/" + id, group("Builders", b));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode g = scim.get("/Groups/" + id).json();
            assertThat(g.path("displayName").asText()).isEqualTo("Builders");
            assertThat(values(g.path("members"), "value")).containsExactly(b);
        }

        @Test
        void deleteIs204AndTheGroupIsGone() {
            String a = scim.createUser("a@example.com");
            String id = createCustomGroup("Engineers", a);
            assertThat(scim.delete("/Groups/" + id).status()).isEqualTo(204);
            assertScimError(scim.get("/Groups/" + id), 404, null);
            assertThat(values(v4Result(iam.get("/iam/user_groups")), "id")).doesNotContain(id);
            assertThat(groupIds(scim.get("/Users/" + a).json().path("groups"))).doesNotContain(id);
            assertThat(account.member("a@example.com")).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
        }

        @Test
        void addingANonMemberIs400() {
            String id = createCustomGroup("Engineers");
            Resp r = scim.patch("/Groups/" + id, patchOps(op("add", "members", memberList("0123456789abcdef0123456789abcdef"))));
            assertScimError(r, 400, null);
            assertThat(r.json().path("detail").asText()).isNotBlank();
        }
    }

    @Nested
    class EffectiveRoles {

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void minimalPlusSystemGroupsPlusCustomGroupPoliciesPlusSeeded() {
            String u = scim.createUser("u@example.com");
            scim.addMembers(account.roleGroupId("DNS"), u);
            String custom = customGroupGranting("Engineers", "Billing", u);

            assertThat(account.effectiveRoles("u@example.com")).containsExactlyInAnyOrder(MINIMAL, "DNS", "Billing");
            assertThat(account.member("u@example.com")).hasValueSatisfying(m ->
                    assertThat(m.roles()).containsExactlyInAnyOrder(MINIMAL, "DNS", "Billing"));

            String seeded = account.seedMember("seeded@example.com", "Analytics");
            scim.addMembers(custom, seeded);
            assertThat(account.effectiveRoles("seeded@example.com")).containsExactlyInAnyOrder(MINIMAL, "Analytics", "Billing");
        }

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void leavingTheCustomGroupDropsItsRoles() {
            String u = scim.createUser("u@example.com");
            String custom = customGroupGranting("Engineers", ADMINISTRATOR, u);
            assertThat(account.effectiveRoles("u@example.com")).contains(ADMINISTRATOR);

            scim.patch("/Groups/" + custom, patchOps(op("remove", "members[value eq \"" + u + "\"]", null)));
            assertThat(account.effectiveRoles("u@example.com")).containsExactly(MINIMAL);
        }

        @Test
        void superAdministratorsCountsGroupGrantedOnes() {
            String u = scim.createUser("u@example.com");
            assertThat(account.superAdministrators()).isZero();
            scim.addMembers(account.roleGroupId(SUPER_ADMIN), u);
            assertThat(account.superAdministrators()).isEqualTo(1);
            JsonNode state = ContractHttp.accountState(ContractHttp.admin(cf).get("/state").json(), cf.accountId());
            assertThat(state.path("profile").asText()).isEqualTo("user-groups");
            assertThat(state.path("superAdministrators").asInt()).isEqualTo(1);
            assertThat(state.toString()).contains("u@example.com");
        }
    }

    @Nested
    class DeprovisioningAndSuperAdministrators {

        @Test
        void deprovisioningLeavesSystemAndCustomGroups() {
            String u = scim.createUser("u@example.com");
            String system = account.roleGroupId("DNS");
            scim.addMembers(system, u);
            String custom = createCustomGroup("Engineers", u);

            Resp r = scim.patch("/Users/" + u, patchOps(op("replace", "active", false)));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(scim.memberIds(custom)).doesNotContain(u);
            assertThat(account.groups()).allSatisfy(g -> assertThat(g.memberIds()).doesNotContain(u));
            assertThat(account.groups()).anyMatch(g -> g.id().equals(custom));
        }

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void theOnlySuperAdministratorThroughACustomGroupPolicyIsKept() {
            String u = scim.createUser("u@example.com");
            String custom = customGroupGranting("Owners", SUPER_ADMIN, u);
            assertThat(account.superAdministrators()).isEqualTo(1);

            Resp r = scim.patch("/Users/" + u, patchOps(op("replace", "active", false)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("active").asBoolean()).isTrue();
            assertThat(account.member("u@example.com")).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
            assertThat(scim.memberIds(custom)).contains(u);
        }

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void clearingTheOnlySuperAdministratorPolicyLocksTheAccountOut() {
            String u = scim.createUser("u@example.com");
            String custom = customGroupGranting("Owners", SUPER_ADMIN, u);
            v4Result(putPolicies(custom, "Owners"));
            assertThat(account.superAdministrators()).isZero();
            JsonNode state = ContractHttp.accountState(ContractHttp.admin(cf).get("/state").json(), cf.accountId());
            assertThat(state.path("superAdministrators").asInt()).isZero();
        }

        @Test
        void aSystemGroupMayLoseItsLastSuperAdministrator() {
            String u = scim.createUser("u@example.com");
            String sa = account.roleGroupId(SUPER_ADMIN);
            scim.addMembers(sa, u);
            Resp r = scim.patch("/Groups/" + sa, patchOps(op("remove", "members", null)));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(account.superAdministrators()).isZero();
        }
    }
}
