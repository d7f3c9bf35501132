package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.user;
import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.MINIMAL;
import static dev.cfscim.emulator.contract.ContractHttp.USER_SCHEMA;
import static dev.cfscim.emulator.contract.ContractHttp.assertListResponse;
import static dev.cfscim.emulator.contract.ContractHttp.assertPage;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.filter;
import static dev.cfscim.emulator.contract.ContractHttp.groupIds;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.UserGroupsFormat;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** /Users: create, list, filter, paging and get (changes in UserChangesContractTest, deprovisioning in DeprovisionContractTest). */
class UsersContractTest extends UsersContract {

    @Nested
    class Create {

        @Test
        void createdUserIs201WithLocationAndBody() {
            ObjectNode body = user("ann@example.com");
            body.put("externalId", "ext-ann");
            ((ObjectNode) body.get("name")).put("givenName", "Ann").put("familyName", "Lee");
            Resp r = scim.post("/Users", body);

            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/scim+json"));
            JsonNode u = r.json();
            String id = u.path("id").asText();
            assertThat(id).isNotBlank();
            assertThat(r.header("Location")).hasValueSatisfying(loc -> assertThat(loc).endsWith("/Users/" + id));
            assertThat(u.path("schemas").toString()).contains(USER_SCHEMA);
            assertThat(u.path("userName").asText()).isEqualTo("ann@example.com");
            assertThat(u.path("active").asBoolean()).isTrue();
            assertThat(u.path("externalId").asText()).isEqualTo("ext-ann");
            assertThat(u.path("name").path("givenName").asText()).isEqualTo("Ann");
            assertThat(u.path("name").path("familyName").asText()).isEqualTo("Lee");
            assertThat(values(u.path("emails"), "value")).containsExactly("ann@example.com");

            JsonNode again = getUser(id);
            assertThat(again.path("userName").asText()).isEqualTo("ann@example.com");
            assertThat(again.path("externalId").asText()).isEqualTo("ext-ann");
            assertThat(again.path("name").path("givenName").asText()).isEqualTo("Ann");
        }

        @Test
        void everyMemberHoldsMinimalAccountAccess() {
            String id = scim.createUser("min@example.com");
            assertThat(cf.account().effectiveRoles("min@example.com")).containsExactly(MINIMAL);
            assertThat(cf.account().member("min@example.com")).hasValueSatisfying(m -> {
                assertThat(m.id()).isEqualTo(id);
                assertThat(m.active()).isTrue();
                assertThat(m.source()).isEqualTo("scim");
                assertThat(m.roles()).contains(MINIMAL);
            });
        }

        @Test
        @BeyondPublishedSchema("RFC 7643's default: the published POST /Users body requires active")
        void activeAbsentMeansActive() {
            ObjectNode body = user("noactive@example.com");
            body.remove("active");
            Resp r = scim.post("/Users", body);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().path("active").asBoolean()).isTrue();
        }

        @Test
        void activeFalseIsInvalidValue() {
            ObjectNode body = user("inactive@example.com");
            body.put("active", false);
            assertScimError(scim.post("/Users", body), 400, "invalidValue");
            assertThat(cf.account().member("inactive@example.com")).isEmpty();
        }

        @ParameterizedTest(name = "userName {0}, email {1}")
        @CsvSource({
                "not-an-email, not-an-email",
                "ann@example.com, bob@example.com",
                "Ann@example.com, ann@example.com",
        })
        void userNameMustBeAnEmailEqualToThePrimaryEmail(String userName, String email) {
            Resp r = scim.post("/Users", user(userName, email));
            assertScimError(r, 400, null);
            assertThat(cf.account().members()).isEmpty();
        }

        @Test
        void userNameMustEqualThePrimaryEmailNotAnother() {
            ObjectNode ok = user("two@example.com");
            ObjectNode other = ((ArrayNode) ok.get("emails")).insertObject(0);
            other.put("value", "home@example.net").put("type", "home").put("primary", false);
            Resp r = scim.post("/Users", ok);
            assertThat(r.status()).as(r.body()).isEqualTo(201);

            ObjectNode bad = user("three@example.com", "primary@example.com");
            ((ArrayNode) bad.get("emails")).addObject()
                    .put("value", "three@example.com").put("type", "home").put("primary", false);
            assertScimError(scim.post("/Users", bad), 400, null);
            assertThat(cf.account().member("three@example.com")).isEmpty();
        }

        @Test
        void userNameWithoutEmailsIsRefused() {
            ObjectNode body = user("ann@example.com");
            body.remove("emails");
            assertScimError(scim.post("/Users", body), 400, null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"dup@example.com", "DUP@example.com", "Dup@Example.COM"})
        void duplicateUserNameIs409CaseInsensitively(String second) {
            scim.createUser("dup@example.com");
            assertScimError(scim.post("/Users", user(second)), 409, "uniqueness");
            assertThat(cf.account().members()).hasSize(1);
        }
    }

    @Nested
    class ListAndFilter {

        List<String> ids = new ArrayList<>();

        @BeforeEach
        void fiveUsers() {
            for (int i = 1; i <= 5; i++) {
                ids.add(scim.createUser("user" + i + "@example.com"));
            }
        }

        @Test
        void listIsAListResponseInJoinOrder() {
            Resp r = scim.get("/Users?startIndex=1&count=3");
            JsonNode body = assertListResponse(r);
            assertPage(body, 5, 1, 3);
            assertThat(values(body.path("Resources"), "id")).containsExactlyElementsOf(ids.subList(0, 3));
        }

        @Test
        void pagingWithStartIndexAndCount() {
            JsonNode body = scim.get("/Users?startIndex=2&count=2").json();
            assertPage(body, 5, 2, 2);
            assertThat(values(body.path("Resources"), "id")).containsExactly(ids.get(1), ids.get(2));

            JsonNode last = scim.get("/Users?startIndex=5&count=2").json();
            assertThat(last.path("totalResults").asInt()).isEqualTo(5);
            assertThat(values(last.path("Resources"), "id")).containsExactly(ids.get(4));
        }

        @Test
        void loopingOnTotalResultsVisitsEveryoneOnce() {
            List<String> seen = ScimPaging.allUsers(scim, 2).stream().map(u -> u.path("id").asText()).toList();
            assertThat(seen).containsExactlyElementsOf(ids);
        }

        @Test
        void startIndexBeyondTheEndGivesAnEmptyPage() {
            JsonNode body = scim.get("/Users?startIndex=9&count=2").json();
            assertThat(body.path("totalResults").asInt()).isEqualTo(5);
            assertThat(body.path("Resources").size()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-3"})
        void startIndexBelowOneCountsAsOne(String startIndex) {
            JsonNode body = scim.get("/Users?startIndex=" + startIndex + "&count=2").json();
            assertThat(body.path("startIndex").asInt()).isEqualTo(1);
            assertThat(values(body.path("Resources"), "id")).containsExactly(ids.get(0), ids.get(1));
        }

        @Test
        void countZeroGivesOnlyTotalResults() {
            Resp r = scim.get("/Users?count=0");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("totalResults").asInt()).isEqualTo(5);
            assertThat(r.json().path("Resources").size()).isZero();
        }

        @Test
        void countAboveMaxPageSizeIsCut() {
            JsonNode body = scim.get("/Users?startIndex=1&count=50").json();
            assertThat(body.path("totalResults").asInt()).isEqualTo(5);
            assertThat(body.path("Resources").size()).isEqualTo(3);
            assertThat(body.path("itemsPerPage").asInt()).isEqualTo(3);
        }

        @ParameterizedTest
        @ValueSource(strings = {"user3@example.com", "USER3@EXAMPLE.COM", "User3@Example.com"})
        void filterUserNameEqIsCaseInsensitive(String userName) {
            Resp r = scim.get("/Users?" + filter("userName eq \"" + userName + "\""));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("totalResults").asInt()).isEqualTo(1);
            assertThat(values(r.json().path("Resources"), "id")).containsExactly(ids.get(2));
            assertThat(values(r.json().path("Resources"), "userName")).containsExactly("user3@example.com");
        }

        @Test
        void filterOperatorIsCaseInsensitiveToo() {
            Resp r = scim.get("/Users?" + filter("userName EQ \"user2@example.com\""));
            assertThat(r.status()).isEqualTo(200);
            assertThat(values(r.json().path("Resources"), "id")).containsExactly(ids.get(1));
        }

        @Test
        void unknownUserNameGivesEmptyList() {
            Resp r = scim.get("/Users?" + filter("userName eq \"nobody@example.com\""));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("totalResults").asInt()).isZero();
            assertThat(r.json().path("Resources").size()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "userName co \"user\"",
                "userName sw \"user1\"",
                "userName ne \"user1@example.com\"",
                "emails eq \"user1@example.com\"",
                "externalId eq \"x\"",
                "displayName eq \"user1@example.com\"",
                "userName eq \"user1@example.com\" and active eq true",
                "userName eq \"user1@example.com\" or userName eq \"user2@example.com\"",
                "active eq true",
                "userName pr",
                "garbage",
        })
        void anyOtherFilterIsInvalidFilter(String f) {
            assertScimError(scim.get("/Users?" + filter(f)), 400, "invalidFilter");
        }
    }

    @Nested
    class Get {

        @Test
        void deleteOfUnknownIdIs404() {
            assertScimError(scim.delete("/Users/0123456789abcdef0123456789abcdef"), 404, null);
        }

        @Test
        void unknownIdIs404WithErrorBody() {
            assertScimError(scim.get("/Users/0123456789abcdef0123456789abcdef"), 404, null);
        }

        @Test
        void groupsListsTheUsersGroupIdsAsStrings() {
            String id = scim.createUser("grouped@example.com");
            String groupId = cf.account().roleGroupId(ADMINISTRATOR);
            scim.addMembers(groupId, id);

            JsonNode groups = getUser(id).path("groups");
            assertThat(groups).allMatch(JsonNode::isTextual);
            assertThat(groupIds(groups)).contains(groupId);
        }

        @Test
        @BeyondPublishedSchema("groups as RFC 7643 objects, the userGroupsFormat(OBJECTS) option")
        void groupsListsTheUsersGroupIdsAndNames() {
            try (CloudflareEmulator rfc = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                    .rateLimit(RateLimit.OFF).userGroupsFormat(UserGroupsFormat.OBJECTS).build().start()) {
                ContractHttp scim = ContractHttp.scim(rfc);
                String id = scim.createUser("grouped@example.com");
                String groupId = rfc.account().roleGroupId(ADMINISTRATOR);
                String displayName = "CF-" + rfc.accountId() + " - " + ADMINISTRATOR;
                scim.addMembers(groupId, id);

                JsonNode groups = scim.get("/Users/" + id).json().path("groups");
                assertThat(values(groups, "value")).contains(groupId);
                for (JsonNode g : groups) {
                    if (g.path("value").asText().equals(groupId)) {
                        assertThat(g.path("display").asText()).isEqualTo(displayName);
                    }
                }
            }
        }
    }
}
