package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.op;
import static dev.cfscim.emulator.contract.ContractBodies.patchOps;
import static dev.cfscim.emulator.contract.ContractBodies.user;
import static dev.cfscim.emulator.contract.ContractHttp.assertListResponse;
import static dev.cfscim.emulator.contract.ContractHttp.assertPage;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.filter;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.DeprovisionedUsers;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What Okta's SCIM 2.0 spec test (Runscope) expects, step by step. */
class OktaSpecContractTest extends EmulatorContract {

    @Override
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator.superAdmin("owner@example.com");
    }

    /** The body Okta's spec test posts: a random user with a primary work email. */
    static ObjectNode oktaUser(String email) {
        ObjectNode u = user(email);
        u.put("displayName", "Okta Spec Test");
        u.putArray("groups");
        return u;
    }

    @Test
    void connectionTestListsWithStartIndexAndCount() {
        scim.createUser("a@example.com");
        scim.createUser("b@example.com");
        Resp r = scim.get("/Users?startIndex=1&count=2");
        JsonNode body = assertListResponse(r);
        assertPage(body, 3, 1, 2);
        assertThat(body.path("Resources").size()).isEqualTo(2);
        for (JsonNode u : body.path("Resources")) {
            assertThat(u.path("id").asText()).isNotBlank();
            assertThat(u.path("userName").asText()).contains("@");
        }
    }

    @Test
    void unknownIdIs404WithTheErrorSchema() {
        assertScimError(scim.get("/Users/" + UUID.randomUUID()), 404, null);
    }

    @Test
    void unknownUserNameFilterIsAnEmptyList() {
        Resp r = scim.get("/Users?" + filter("userName eq \"" + UUID.randomUUID() + "@example.com\""));
        assertListResponse(r);
        assertThat(r.json().path("totalResults").asInt()).isZero();
        assertThat(r.json().path("Resources").size()).isZero();
    }

    @Test
    void createGetByIdThenFilterByUserName() {
        String email = "okta-" + UUID.randomUUID() + "@example.com";
        Resp created = scim.post("/Users", oktaUser(email));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("active").asBoolean()).isTrue();

        Resp got = scim.get("/Users/" + id);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().path("id").asText()).isEqualTo(id);
        assertThat(got.json().path("userName").asText()).isEqualTo(email);

        Resp found = scim.get("/Users?" + filter("userName eq \"" + email + "\""));
        assertThat(found.json().path("totalResults").asInt()).isEqualTo(1);
        assertThat(values(found.json().path("Resources"), "id")).containsExactly(id);
    }

    @Test
    void secondCreateOfTheSameUserIs409() {
        String email = "twice@example.com";
        assertThat(scim.post("/Users", oktaUser(email)).status()).isEqualTo(201);
        assertScimError(scim.post("/Users", oktaUser(email)), 409, "uniqueness");
    }

    @Test
    void patchReplaceActiveFalseInValueObjectFormDeactivates() {
        String id = scim.createUser("deact@example.com");
        Resp r = scim.patch("/Users/" + id, patchOps(op("replace", null, Map.of("active", false))));
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        assertScimError(scim.get("/Users/" + id), 404, null);
        assertThat(cf.account().members()).noneMatch(m -> m.id().equals(id) && m.active());
    }

    @Test
    void patchReplaceActiveFalseShowsInactiveWhenDeprovisionedStayVisible() {
        try (CloudflareEmulator inactive = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.OFF)
                .deprovisioned(DeprovisionedUsers.INACTIVE).build().start()) {
            ContractHttp s = ContractHttp.scim(inactive);
            String id = s.createUser("deact@example.com");
            Resp r = s.patch("/Users/" + id, patchOps(op("replace", null, Map.of("active", false))));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            if (r.status() == 200) {
                assertThat(r.json().path("active").asBoolean()).isFalse();
            }
            assertThat(s.get("/Users/" + id).json().path("active").asBoolean()).isFalse();
        }
    }
}
