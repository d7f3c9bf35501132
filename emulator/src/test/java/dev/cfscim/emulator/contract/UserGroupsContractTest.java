package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.MINIMAL;
import static dev.cfscim.emulator.contract.ContractHttp.SUPER_ADMIN;
import static dev.cfscim.emulator.contract.ContractHttp.allowPolicy;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.encode;
import static dev.cfscim.emulator.contract.ContractHttp.group;
import static dev.cfscim.emulator.contract.ContractHttp.groupIds;
import static dev.cfscim.emulator.contract.ContractHttp.memberList;
import static dev.cfscim.emulator.contract.ContractHttp.obj;
import static dev.cfscim.emulator.contract.ContractHttp.op;
import static dev.cfscim.emulator.contract.ContractHttp.patchOps;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user-groups profile: system groups, custom groups, the IAM REST API and effective roles. */
class UserGroupsContractTest extends EmulatorContract {

    static final List<String> ROLES = ContractHttp.accountScopedRoles();
    static final String SYSTEM_PREFIX = "cloudflare-v1-";

    @Override
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator.profile(Profile.USER_GROUPS);
    }

    /** The v4 envelope of a success; returns {@code result}. */
    static JsonNode v4Result(Resp r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("success").asBoolean()).as(r.body()).isTrue();
        assertThat(body.path("errors").isArray()).isTrue();
        assertThat(body.path("errors").size()).isZero();
        assertThat(body.path("messages").isArray()).isTrue();
        assertThat(body.has("result")).isTrue();
        return body.path("result");
    }

    static void assertV4Failure(Resp r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("success").isBoolean()).isTrue();
        assertThat(r.json().path("success").asBoolean()).isFalse();
        assertThat(r.json().path("errors").size()).isPositive();
    }

    String permissionGroupId(String role) {
        JsonNode result = v4Result(iam.get("/iam/permission_groups?name=" + encode(role)));
        assertThat(result.size()).as("permission groups named %s: %s", role, result).isEqualTo(1);
        assertThat(result.get(0).path("name").asText()).isEqualTo(role);
        return result.get(0).path("id").asText();
    }

    String createCustomGroup(String displayName, String... members) {
        Resp r = scim.post("/Groups", group(displayName, members));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asText();
        assertThat(id).isNotBlank();
        return id;
    }

    Resp putPolicies(String groupId, String name, ObjectNode... policies) {
        return iam.put("/iam/user_groups/" + groupId, obj("name", name, "policies", List.of(policies)));
    }

    /** A pushed group of these members whose one allow policy grants {@code role} on the whole account. */
    String customGroupGranting(String displayName, String role, String... members) {
        String id = createCustomGroup(displayName, members);
        v4Result(putPolicies(id, displayName, allowPolicy(cf.accountId(), permissionGroupId(role))));
        return id;
    }

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
    class IamApi {

        @Test
        void customGroupIsTheUserGroupWithTheSameId() {
            String id = createCustomGroup("Engineers");
            createCustomGroup("Designers");
            Resp r = iam.get("/iam/user_groups");
            JsonNode result = v4Result(r);
            assertThat(r.json().path("result_info").isObject()).isTrue();
            assertThat(values(result, "id")).contains(id);

            JsonNode byName = v4Result(iam.get("/iam/user_groups?name=Engineers"));
            assertThat(values(byName, "id")).containsExactly(id);
            assertThat(values(byName, "name")).containsExactly("Engineers");

            JsonNode one = v4Result(iam.get("/iam/user_groups/" + id));
            assertThat(one.path("id").asText()).isEqualTo(id);
            assertThat(one.path("name").asText()).isEqualTo("Engineers");
        }

        @Test
        void permissionGroupsOnePerRole() {
            List<String> names = new ArrayList<>();
            int totalCount;
            int page = 1;
            do {
                Resp r = iam.get("/iam/permission_groups?per_page=20&page=" + page++);
                JsonNode result = v4Result(r);
                assertThat(result.size()).isPositive();
                names.addAll(values(result, "name"));
                totalCount = r.json().path("result_info").path("total_count").asInt();
            } while (names.size() < totalCount && page < 20);
            assertThat(totalCount).isEqualTo(ROLES.size());
            assertThat(names).containsExactlyInAnyOrderElementsOf(ROLES);
        }

        @Test
        void userGroupFiltersIdAndFuzzyName() {
            String eng = createCustomGroup("Engineers");
            String des = createCustomGroup("Designers");
            assertThat(values(v4Result(iam.get("/iam/user_groups?id=" + des)), "id")).containsExactly(des);
            assertThat(values(v4Result(iam.get("/iam/user_groups?fuzzyName=ngine")), "id")).containsExactly(eng);
            assertThat(values(v4Result(iam.get("/iam/user_groups?name=Nobody")), "id")).isEmpty();
        }

        @Test
        void permissionGroupFilterById() {
            String admin = permissionGroupId(ADMINISTRATOR);
            JsonNode result = v4Result(iam.get("/iam/permission_groups?id=" + admin));
            assertThat(values(result, "name")).containsExactly(ADMINISTRATOR);
        }

        @Test
        void permissionGroupsPage() {
            JsonNode page1 = v4Result(iam.get("/iam/permission_groups?page=1&per_page=10"));
            JsonNode page2 = v4Result(iam.get("/iam/permission_groups?page=2&per_page=10"));
            assertThat(page1.size()).isEqualTo(10);
            assertThat(page2.size()).isEqualTo(10);
            assertThat(values(page1, "id")).doesNotContainAnyElementsOf(values(page2, "id"));
        }

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void policiesGrantRolesAndEmptyPoliciesClearThem() {
            String u = scim.createUser("u@example.com");
            String id = createCustomGroup("Engineers", u);
            assertThat(account.effectiveRoles("u@example.com")).containsExactly(MINIMAL);

            String admin = permissionGroupId(ADMINISTRATOR);
            String billing = permissionGroupId("Billing");
            v4Result(putPolicies(id, "Engineers", allowPolicy(cf.accountId(), admin, billing)));
            assertThat(account.effectiveRoles("u@example.com"))
                    .containsExactlyInAnyOrder(MINIMAL, ADMINISTRATOR, "Billing");

            JsonNode stored = v4Result(iam.get("/iam/user_groups/" + id));
            assertThat(stored.path("policies").toString()).contains(admin, billing);

            v4Result(putPolicies(id, "Engineers"));
            assertThat(account.effectiveRoles("u@example.com")).containsExactly(MINIMAL);
        }

        @Test
        void unknownPermissionGroupIs400() {
            String u = scim.createUser("u@example.com");
            String id = createCustomGroup("Engineers", u);
            assertV4Failure(putPolicies(id, "Engineers", allowPolicy(cf.accountId(), "no-such-permission-group")), 400);
            assertThat(account.effectiveRoles("u@example.com")).containsExactly(MINIMAL);
        }

        @Test
        void scopeOfAnotherAccountIs400() {
            String u = scim.createUser("u@example.com");
            String id = createCustomGroup("Engineers", u);
            String admin = permissionGroupId(ADMINISTRATOR);
            assertV4Failure(putPolicies(id, "Engineers", allowPolicy("0123456789abcdef0123456789abcdef", admin)), 400);
            assertThat(account.effectiveRoles("u@example.com")).containsExactly(MINIMAL);
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

    @Nested
    class StateCountsAndFaults {

        @Test
        @BeyondPublishedSchema(PublishedSchemaCheck.POLICIES_BY_SCOPE)
        void stateShowsKindsAndPolicies() {
            String u = scim.createUser("u@example.com");
            String custom = createCustomGroup("Engineers", u);
            String billing = permissionGroupId("Billing");
            v4Result(putPolicies(custom, "Engineers", allowPolicy(cf.accountId(), billing)));

            JsonNode state = ContractHttp.accountState(ContractHttp.admin(cf).get("/state").json(), cf.accountId());
            JsonNode groups = state.path("groups");
            List<String> kinds = new ArrayList<>();
            JsonNode customNode = null;
            for (JsonNode g : groups) {
                kinds.add(g.path("kind").asText());
                if (g.path("id").asText().equals(custom)) {
                    customNode = g;
                }
            }
            assertThat(kinds).contains("system", "custom").doesNotContain("role");
            assertThat(customNode).isNotNull();
            assertThat(customNode.path("members").toString()).contains(u);
            // the state's policy format is not fixed: it names the permission group by id or by role
            String policies = customNode.path("policies").toString();
            assertThat(policies).satisfiesAnyOf(p -> assertThat(p).contains(billing), p -> assertThat(p).contains("Billing"));
        }

        @Test
        void iamRoutesAreCountedByTheirNames() {
            String custom = createCustomGroup("Engineers");
            cf.resetRequests();
            iam.get("/iam/permission_groups");
            iam.get("/iam/user_groups");
            iam.get("/iam/user_groups/" + custom);
            putPolicies(custom, "Engineers");
            assertThat(cf.requests().route("GET /iam/permission_groups")).isEqualTo(1);
            assertThat(cf.requests().route("GET /iam/user_groups")).isEqualTo(1);
            assertThat(cf.requests().route("GET /iam/user_groups/{id}")).isEqualTo(1);
            assertThat(cf.requests().route("PUT /iam/user_groups/{id}")).isEqualTo(1);
            assertThat(cf.requests().total()).isEqualTo(4);
        }

        @Test
        void faultsApplyToIamRoutes() {
            String custom = createCustomGroup("Engineers");
            cf.faults().add(FaultRule.route("PUT /iam/user_groups/{id}")
                    .errorRate(1.0).errorStatus(503).times(1).build());
            assertThat(putPolicies(custom, "Engineers").status()).isEqualTo(503);
            assertThat(iam.get("/iam/user_groups/" + custom).status()).isEqualTo(200);
            assertThat(putPolicies(custom, "Engineers").status()).isEqualTo(200);
        }
    }

    /** Resource groups as Cloudflare publishes them, and policies that name them by id (the published body). */
    @Nested
    class ResourceGroups {

        String accountScopeKey() {
            return "com.cloudflare.api.account." + cf.accountId();
        }

        ObjectNode policyOn(String resourceGroupId, String... permissionGroupIds) {
            List<ObjectNode> pgs = new ArrayList<>();
            for (String pg : permissionGroupIds) {
                pgs.add(obj("id", pg));
            }
            return obj("id", "f267e341f3dd4697bd3b9f71dd96247f", "access", "allow", "permission_groups", pgs,
                    "resource_groups", List.of(obj("id", resourceGroupId)));
        }

        @Test
        void theAccountsOwnIsListedCoveringTheWholeAccount() {
            JsonNode result = v4Result(iam.get("/iam/resource_groups"));
            assertThat(result.size()).isEqualTo(1);
            JsonNode own = result.get(0);
            assertThat(own.path("id").asText()).isEqualTo(cf.account().accountResourceGroupId());
            assertThat(own.path("name").asText()).isEqualTo(accountScopeKey());
            assertThat(own.path("scope").path("key").asText()).isEqualTo(accountScopeKey());
            assertThat(values(own.path("scope").path("objects"), "key")).containsExactly("*");
            assertThat(values(v4Result(iam.get("/iam/resource_groups?name=" + encode(accountScopeKey()))), "id"))
                    .containsExactly(own.path("id").asText());
            assertThat(v4Result(iam.get("/iam/resource_groups/" + own.path("id").asText())).path("id").asText())
                    .isEqualTo(own.path("id").asText());
        }

        @Test
        void policiesByResourceGroupIdGrantRolesAndKeepTheirIds() {
            String u = scim.createUser("u@example.com");
            String id = createCustomGroup("Engineers", u);
            String admin = permissionGroupId(ADMINISTRATOR);

            v4Result(putPolicies(id, "Engineers", policyOn(cf.account().accountResourceGroupId(), admin)));

            assertThat(account.effectiveRoles("u@example.com")).containsExactlyInAnyOrder(MINIMAL, ADMINISTRATOR);
            JsonNode policy = v4Result(iam.get("/iam/user_groups/" + id)).path("policies").get(0);
            assertThat(policy.path("id").asText()).isEqualTo("f267e341f3dd4697bd3b9f71dd96247f");
            assertThat(values(policy.path("resource_groups"), "id"))
                    .containsExactly(cf.account().accountResourceGroupId());
        }

        @Test
        void anUnknownResourceGroupIs400() {
            String u = scim.createUser("u@example.com");
            String id = createCustomGroup("Engineers", u);
            assertV4Failure(putPolicies(id, "Engineers", policyOn("no-such-group", permissionGroupId(ADMINISTRATOR))),
                    400);
            assertThat(account.effectiveRoles("u@example.com")).containsExactly(MINIMAL);
        }

        @Test
        void oneMadeIsListedUpdatedAndDeletedWhileTheBuiltInOneStays() {
            ObjectNode scope = obj("key", accountScopeKey(), "objects", List.of(obj("key", "*")));
            JsonNode made = v4Result(iam.post("/iam/resource_groups", obj("name", "Everything", "scope", scope)));
            String id = made.path("id").asText();
            assertThat(values(v4Result(iam.get("/iam/resource_groups")), "id"))
                    .containsExactlyInAnyOrder(cf.account().accountResourceGroupId(), id);

            JsonNode renamed = v4Result(iam.put("/iam/resource_groups/" + id, obj("name", "All of it")));
            assertThat(renamed.path("name").asText()).isEqualTo("All of it");
            assertThat(renamed.path("scope").path("key").asText()).isEqualTo(accountScopeKey());

            // The published delete requires a JSON body, of any form.
            assertThat(v4Result(iam.send("DELETE", "/iam/resource_groups/" + id, obj())).path("id").asText())
                    .isEqualTo(id);
            assertThat(iam.get("/iam/resource_groups/" + id).status()).isEqualTo(404);
            assertV4Failure(iam.send("DELETE", "/iam/resource_groups/" + cf.account().accountResourceGroupId(), obj()),
                    400);
        }

        @Test
        void aScopeWithoutObjectsIs400() {
            ObjectNode scope = obj("key", accountScopeKey(), "objects", List.of());
            assertV4Failure(iam.post("/iam/resource_groups", obj("name", "Nothing", "scope", scope)), 400);
        }
    }
}
