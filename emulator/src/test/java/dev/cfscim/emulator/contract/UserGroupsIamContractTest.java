package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.allowPolicy;
import static dev.cfscim.emulator.contract.ContractBodies.group;
import static dev.cfscim.emulator.contract.ContractBodies.obj;
import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.MINIMAL;
import static dev.cfscim.emulator.contract.ContractHttp.encode;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The user-groups profile through the IAM REST API: user groups and their policies, state and faults, resource groups. */
class UserGroupsIamContractTest extends UserGroupsContract {

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
