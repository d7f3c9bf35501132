package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractHttp.GROUP_SCHEMA;
import static dev.cfscim.emulator.contract.ContractHttp.USER_SCHEMA;
import static dev.cfscim.emulator.contract.ContractHttp.assertListResponse;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.filter;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ServiceProviderConfig, Schemas, ResourceTypes. Read-only, so one emulator for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryContractTest extends EmulatorContract {

    // Overridden as class-level callbacks, so that these replace the per-test start and stop.
    @Override
    @BeforeAll
    void startEmulator() {
        super.startEmulator();
    }

    @Override
    @AfterAll
    void stopEmulator() {
        super.stopEmulator();
    }

    @Test
    void serviceProviderConfig() {
        Resp r = scim.get("/ServiceProviderConfig");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/scim+json"));
        JsonNode c = r.json();
        assertThat(c.path("schemas").toString()).contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        assertThat(c.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(c.path("bulk").path("supported").isBoolean()).isTrue();
        assertThat(c.path("bulk").path("supported").asBoolean()).isFalse();
        assertThat(c.path("filter").path("supported").asBoolean()).isTrue();
        assertThat(c.path("changePassword").path("supported").isBoolean()).isTrue();
        assertThat(c.path("sort").path("supported").isBoolean()).isTrue();
        assertThat(c.path("etag").path("supported").isBoolean()).isTrue();
        assertThat(c.path("authenticationSchemes").isArray()).isTrue();
    }

    @Test
    void schemasListUserAndGroup() {
        Resp r = scim.get("/Schemas");
        JsonNode body = assertListResponse(r);
        assertThat(values(body.path("Resources"), "id")).contains(USER_SCHEMA, GROUP_SCHEMA);
        assertThat(body.path("totalResults").asInt()).isEqualTo(body.path("Resources").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {USER_SCHEMA, GROUP_SCHEMA})
    void schemaById(String id) {
        Resp r = scim.get("/Schemas/" + id);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("id").asText()).isEqualTo(id);
        assertThat(r.json().path("attributes").isArray()).isTrue();
    }

    @Test
    void userSchemaDescribesUserName() {
        JsonNode attributes = scim.get("/Schemas/" + USER_SCHEMA).json().path("attributes");
        assertThat(values(attributes, "name")).contains("userName", "active", "emails");
    }

    @Test
    void resourceTypesListUserAndGroup() {
        Resp r = scim.get("/ResourceTypes");
        JsonNode body = assertListResponse(r);
        JsonNode resources = body.path("Resources");
        assertThat(values(resources, "id")).contains("User", "Group");
        assertThat(values(resources, "endpoint")).contains("/Users", "/Groups");
        for (JsonNode t : resources) {
            if (t.path("id").asText().equals("User")) {
                assertThat(t.path("schema").asText()).isEqualTo(USER_SCHEMA);
            }
            if (t.path("id").asText().equals("Group")) {
                assertThat(t.path("schema").asText()).isEqualTo(GROUP_SCHEMA);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"User", "Group"})
    void resourceTypeById(String id) {
        Resp r = scim.get("/ResourceTypes/" + id);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("id").asText()).isEqualTo(id);
        assertThat(r.json().path("endpoint").asText()).isEqualTo("/" + id + "s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Schemas", "/ResourceTypes"})
    void filterOnDiscoveryIsInvalidFilter(String path) {
        assertScimError(scim.get(path + "?" + filter("id eq \"User\"")), 400, "invalidFilter");
    }
}
