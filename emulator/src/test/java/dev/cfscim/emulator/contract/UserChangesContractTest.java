package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.op;
import static dev.cfscim.emulator.contract.ContractBodies.patchOps;
import static dev.cfscim.emulator.contract.ContractBodies.user;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /Users/{id}: PUT and PATCH, the forms Cloudflare honours and its answers to the rest (deprovisioning is in DeprovisionContractTest). */
class UserChangesContractTest extends UsersContract {

    @Nested
    class Put {

        @Test
        void replacesUserNameNameEmailsAndExternalIdKeepingActive() {
            String id = scim.createUser("old@example.com");
            ObjectNode body = user("new@example.com");
            body.remove("active");
            body.put("externalId", "ext-new");
            ((ObjectNode) body.get("name")).put("givenName", "Newton");
            Resp r = scim.put("/Users/" + id, body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);

            JsonNode u = getUser(id);
            assertThat(u.path("userName").asText()).isEqualTo("new@example.com");
            assertThat(values(u.path("emails"), "value")).containsExactly("new@example.com");
            assertThat(u.path("externalId").asText()).isEqualTo("ext-new");
            assertThat(u.path("name").path("givenName").asText()).isEqualTo("Newton");
            assertThat(u.path("active").asBoolean()).isTrue();
            assertThat(cf.account().member("new@example.com")).isPresent();
        }

        @Test
        void putAppliesTheCreateChecks() {
            String id = scim.createUser("put@example.com");
            assertScimError(scim.put("/Users/" + id, user("put@example.com", "other@example.com")), 400, null);
            assertScimError(scim.put("/Users/" + id, user("not-an-email", "not-an-email")), 400, null);
            assertThat(getUser(id).path("userName").asText()).isEqualTo("put@example.com");
        }

        @Test
        void putToAnotherMembersUserNameIs409() {
            scim.createUser("taken@example.com");
            String id = scim.createUser("mine@example.com");
            assertScimError(scim.put("/Users/" + id, user("TAKEN@example.com")), 409, "uniqueness");
            assertThat(getUser(id).path("userName").asText()).isEqualTo("mine@example.com");
        }

        @Test
        void putChangingOnlyTheCaseOfItsOwnUserNameIsNotAConflict() {
            String id = scim.createUser("case@example.com");
            Resp r = scim.put("/Users/" + id, user("Case@example.com"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(getUser(id).path("userName").asText()).isEqualTo("Case@example.com");
        }

        @Test
        void putWithTheSameBodyIsIdempotent() {
            String id = scim.createUser("same@example.com");
            assertThat(scim.put("/Users/" + id, user("same@example.com")).status()).isEqualTo(200);
            assertThat(scim.put("/Users/" + id, user("same@example.com")).status()).isEqualTo(200);
            assertThat(cf.account().members()).hasSize(1);
        }

        @Test
        void putOfUnknownIdIs404() {
            assertScimError(scim.put("/Users/0123456789abcdef0123456789abcdef", user("x@example.com")), 404, null);
        }
    }

    @Nested
    class Patch {

        String id;

        @BeforeEach
        void aUser() {
            id = scim.createUser("patch@example.com");
        }

        Resp patch(ObjectNode... ops) {
            return scim.patch("/Users/" + id, patchOps(ops));
        }

        @ParameterizedTest
        @ValueSource(strings = {"replace", "Replace", "REPLACE"})
        void replaceWithPathIsHonouredWhateverTheOpCase(String opName) {
            Resp r = patch(op(opName, "name.givenName", "Patched"));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(getUser(id).path("name").path("givenName").asText()).isEqualTo("Patched");
        }

        @Test
        void replaceInValueObjectForm() {
            String before = getUser(id).path("externalId").asText(null);
            Resp r = patch(op("replace", null, Map.of("name", Map.of("familyName", "Object"), "externalId", "ext-obj")));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            JsonNode u = getUser(id);
            assertThat(u.path("name").path("familyName").asText()).isEqualTo("Object");
            assertThat(u.path("externalId").asText(null)).as("PATCH does not honour externalId").isEqualTo(before);
        }

        @Test
        void replaceUserName() {
            assertThat(patch(op("replace", "userName", "renamed@example.com")).status()).isBetween(200, 299);
            JsonNode u = getUser(id);
            assertThat(u.path("userName").asText()).isEqualTo("renamed@example.com");
            assertThat(values(u.path("emails"), "value")).containsExactly("renamed@example.com");
            assertThat(cf.account().member("renamed@example.com")).isPresent();
            assertThat(cf.account().member("patch@example.com")).isEmpty();
        }

        @Test
        void workEmailPathIsAnAliasOfUserName() {
            assertThat(patch(op("Replace", "emails[type eq \"work\"].value", "alias@example.com")).status())
                    .isBetween(200, 299);
            JsonNode u = getUser(id);
            assertThat(u.path("userName").asText()).isEqualTo("alias@example.com");
            assertThat(values(u.path("emails"), "value")).containsExactly("alias@example.com");
        }

        /** The schema: PATCH honours userName, name.givenName, name.familyName and active; externalId goes by PUT. */
        @Test
        void anExternalIdByPatchIsAcceptedAndChangesNothing() {
            String before = getUser(id).path("externalId").asText(null);
            assertThat(patch(op("replace", "externalId", "e-1"), op("replace", "name.familyName", "Fam")).status())
                    .isBetween(200, 299);
            JsonNode u = getUser(id);
            assertThat(u.path("externalId").asText(null)).isEqualTo(before);
            assertThat(u.path("name").path("familyName").asText()).isEqualTo("Fam");
        }

        @ParameterizedTest
        @ValueSource(strings = {"add", "Add", "remove", "Remove"})
        void addAndRemoveAreAcceptedAndIgnored(String opName) {
            String externalId = getUser(id).path("externalId").asText(null);
            boolean add = opName.equalsIgnoreCase("add");
            Resp r = patch(op(opName, "name.givenName", add ? "Ignored" : null),
                    op(opName, "externalId", add ? "ignored" : null),
                    op(opName, "active", add ? false : null));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            JsonNode u = getUser(id);
            assertThat(u.path("name").path("givenName").asText()).isEqualTo("Given");
            assertThat(u.path("externalId").asText(null)).isEqualTo(externalId);
            assertThat(u.path("active").asBoolean()).isTrue();
            assertThat(cf.account().member("patch@example.com")).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
        }

        @Test
        void addInValueObjectFormIsIgnored() {
            Resp r = patch(op("add", null, Map.of("name", Map.of("givenName", "Ignored"))));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(getUser(id).path("name").path("givenName").asText()).isEqualTo("Given");
        }

        @Test
        void stringTrueKeepsActive() {
            assertThat(patch(op("Replace", "active", "True")).status()).isBetween(200, 299);
            assertThat(getUser(id).path("active").asBoolean()).isTrue();
        }

        @Test
        void replaceUserNameWithItsOwnValueIsNotAConflict() {
            assertThat(patch(op("replace", "userName", "PATCH@example.com")).status()).isBetween(200, 299);
            assertThat(getUser(id).path("userName").asText()).isEqualTo("PATCH@example.com");
        }

        @Test
        void replaceUserNameToATakenOneIs409() {
            scim.createUser("other@example.com");
            assertScimError(patch(op("replace", "userName", "Other@example.com")), 409, "uniqueness");
            assertThat(getUser(id).path("userName").asText()).isEqualTo("patch@example.com");
        }

        @Test
        void patchOfUnknownIdIs404() {
            assertScimError(scim.patch("/Users/0123456789abcdef0123456789abcdef",
                    patchOps(op("replace", "active", false))), 404, null);
        }

        @Test
        void patchKeepsOtherAttributes() {
            patch(op("replace", "name.givenName", "Only"));
            JsonNode u = getUser(id);
            assertThat(u.path("userName").asText()).isEqualTo("patch@example.com");
            assertThat(u.path("name").path("familyName").asText()).isEqualTo("Family");
            assertThat(u.path("active").asBoolean()).isTrue();
        }

        @Test
        void patchedAnswerIsTheUserWhenItHasABody() {
            Resp r = patch(op("replace", "name.givenName", "Body"));
            assertThat(r.status()).isIn(200, 204);
            if (r.status() == 200) {
                assertThat(r.json().path("id").asText()).isEqualTo(id);
                assertThat(r.json().path("name").path("givenName").asText()).isEqualTo("Body");
            }
        }
    }
}
