package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.op;
import static dev.cfscim.emulator.contract.ContractBodies.patchOps;
import static dev.cfscim.emulator.contract.ContractBodies.user;
import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.MINIMAL;
import static dev.cfscim.emulator.contract.ContractHttp.SUPER_ADMIN;
import static dev.cfscim.emulator.contract.ContractHttp.accountState;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.filter;
import static dev.cfscim.emulator.contract.ContractHttp.groupIds;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.DeprovisionedUsers;
import dev.cfscim.emulator.EmulatedAccount;
import dev.cfscim.emulator.LastSuperAdminMode;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * active:false (PATCH, PUT, DELETE) removes the member and its group memberships; both answers for a
 * deprovisioned member's GET; the only Super Administrator is never deprovisioned (silent and error);
 * a role group may lose its last Super Administrator.
 */
@ExtendWith(PublishedSchemaCheck.class)
class DeprovisionContractTest {

    static final String OWNER = "owner@example.com";

    CloudflareEmulator cf;
    ContractHttp scim;
    EmulatedAccount account;

    void start(UnaryOperator<CloudflareEmulator.Builder> options) {
        cf = options.apply(CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.OFF)).build().start();
        scim = ContractHttp.scim(cf);
        account = cf.account();
    }

    @AfterEach
    void stop() {
        if (cf != null) {
            cf.close();
        }
    }

    /** The ways a client says active:false; each a function of the user's id and userName. */
    static Stream<Arguments> deprovisionings() {
        return Stream.of(
                Arguments.of("PATCH path form", (Deprovision) (s, id, name) ->
                        s.patch("/Users/" + id, patchOps(op("replace", "active", false)))),
                Arguments.of("PATCH value-object form", (Deprovision) (s, id, name) ->
                        s.patch("/Users/" + id, patchOps(op("replace", null, Map.of("active", false))))),
                Arguments.of("PATCH Entra Replace \"False\"", (Deprovision) (s, id, name) ->
                        s.patch("/Users/" + id, patchOps(op("Replace", "active", "False")))),
                Arguments.of("PATCH value-object \"False\"", (Deprovision) (s, id, name) ->
                        s.patch("/Users/" + id, patchOps(op("replace", null, Map.of("active", "False"))))),
                Arguments.of("PUT active false", (Deprovision) (s, id, name) -> {
                    ObjectNode body = user(name);
                    body.put("active", false);
                    return s.put("/Users/" + id, body);
                }));
    }

    @FunctionalInterface
    interface Deprovision {
        Resp apply(ContractHttp scim, String id, String userName);
    }

    void assertMemberGone(String id, String userName, String groupId) {
        assertThat(account.member(userName)).satisfiesAnyOf(
                m -> assertThat(m).isEmpty(),
                m -> assertThat(m).hasValueSatisfying(v -> assertThat(v.active()).isFalse()));
        assertThat(account.members()).noneMatch(m -> m.id().equals(id) && m.active());
        assertThat(scim.memberIds(groupId)).doesNotContain(id);
        assertThat(account.groups()).allSatisfy(g -> assertThat(g.memberIds()).doesNotContain(id));
    }

    @Nested
    class NotFoundMode {

        String id;
        String groupId;

        @BeforeEach
        void up() {
            start(b -> b.deprovisioned(DeprovisionedUsers.NOT_FOUND));
            scim.createUser("keep@example.com");
            id = scim.createUser("leaver@example.com");
            groupId = account.roleGroupId(ADMINISTRATOR);
            scim.addMembers(groupId, id);
            assertThat(account.effectiveRoles("leaver@example.com")).contains(ADMINISTRATOR, MINIMAL);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.cfscim.emulator.contract.DeprovisionContractTest#deprovisionings")
        void deprovisionedMemberIs404AndLeavesListsAndGroups(String how, Deprovision deprovision) {
            Resp r = deprovision.apply(scim, id, "leaver@example.com");
            assertThat(r.status()).as(r.body()).isBetween(200, 299);

            assertScimError(scim.get("/Users/" + id), 404, null);
            JsonNode list = scim.get("/Users").json();
            assertThat(values(list.path("Resources"), "id")).doesNotContain(id);
            assertThat(list.path("totalResults").asInt()).isEqualTo(1);
            assertThat(scim.get("/Users?" + filter("userName eq \"leaver@example.com\"")).json()
                    .path("totalResults").asInt()).isZero();
            assertMemberGone(id, "leaver@example.com", groupId);
        }

        @Test
        void deleteAnswers204AndDeprovisions() {
            Resp r = scim.delete("/Users/" + id);
            assertThat(r.status()).isEqualTo(204);
            assertScimError(scim.get("/Users/" + id), 404, null);
            assertMemberGone(id, "leaver@example.com", groupId);
        }

        @Test
        void removingFromAGroupDoesNotDeprovision() {
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("remove", "members[value eq \"" + id + "\"]", null)));
            assertThat(r.status()).isBetween(200, 299);
            assertThat(scim.get("/Users/" + id).json().path("active").asBoolean()).isTrue();
            assertThat(account.member("leaver@example.com")).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
            assertThat(account.effectiveRoles("leaver@example.com")).containsExactly(MINIMAL);
        }

        @Test
        void aMemberProvisionedAgainIsListedLast() {
            String keep = account.member("keep@example.com").orElseThrow().id();
            String later = scim.createUser("later@example.com");
            scim.patch("/Users/" + id, patchOps(op("replace", "active", false)));
            assertThat(scim.post("/Users", user("leaver@example.com")).status()).isEqualTo(201);
            assertThat(values(scim.get("/Users").json().path("Resources"), "id")).containsExactly(keep, later, id);
        }

        @Test
        void provisioningAgainGivesTheSameIdAndNoGroups() {
            scim.patch("/Users/" + id, patchOps(op("replace", "active", false)));
            Resp again = scim.post("/Users", user("leaver@example.com"));
            assertThat(again.status()).as(again.body()).isEqualTo(201);
            assertThat(again.json().path("id").asText()).isEqualTo(id);
            assertThat(scim.memberIds(groupId)).doesNotContain(id);
            assertThat(account.effectiveRoles("leaver@example.com")).containsExactly(MINIMAL);
        }
    }

    @Nested
    class InactiveMode {

        String id;
        String groupId;

        @BeforeEach
        void up() {
            start(b -> b.deprovisioned(DeprovisionedUsers.INACTIVE));
            id = scim.createUser("leaver@example.com");
            groupId = account.roleGroupId(ADMINISTRATOR);
            scim.addMembers(groupId, id);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.cfscim.emulator.contract.DeprovisionContractTest#deprovisionings")
        void deprovisionedMemberStaysVisibleInactive(String how, Deprovision deprovision) {
            Resp r = deprovision.apply(scim, id, "leaver@example.com");
            assertThat(r.status()).as(r.body()).isBetween(200, 299);

            Resp get = scim.get("/Users/" + id);
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.json().path("active").isBoolean()).isTrue();
            assertThat(get.json().path("active").asBoolean()).isFalse();
            assertThat(groupIds(get.json().path("groups"))).doesNotContain(groupId);

            JsonNode found = scim.get("/Users?" + filter("userName eq \"leaver@example.com\"")).json();
            assertThat(found.path("totalResults").asInt()).isEqualTo(1);
            assertThat(found.path("Resources").get(0).path("active").asBoolean()).isFalse();
            assertMemberGone(id, "leaver@example.com", groupId);
        }

        @ParameterizedTest
        @ValueSource(strings = {"PATCH", "PUT"})
        void activeTrueBringsItBackWithNoGroups(String method) {
            scim.patch("/Users/" + id, patchOps(op("replace", "active", false)));
            Resp back = method.equals("PATCH")
                    ? scim.patch("/Users/" + id, patchOps(op("replace", "active", true)))
                    : scim.put("/Users/" + id, user("leaver@example.com"));
            assertThat(back.status()).as(back.body()).isBetween(200, 299);

            JsonNode u = scim.get("/Users/" + id).json();
            assertThat(u.path("active").asBoolean()).isTrue();
            assertThat(groupIds(u.path("groups"))).doesNotContain(groupId);
            assertThat(scim.memberIds(groupId)).doesNotContain(id);
            assertThat(account.member("leaver@example.com")).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
            assertThat(account.effectiveRoles("leaver@example.com")).containsExactly(MINIMAL);
        }
    }

    @Nested
    class InactiveModeMore {

        @Test
        void anInactiveSuperAdministratorDoesNotCountSoTheOtherIsProtected() {
            start(b -> b.deprovisioned(DeprovisionedUsers.INACTIVE).superAdmin(OWNER).superAdmin("second@example.com")
                    .lastSuperAdmin(LastSuperAdminMode.ERROR));
            assertThat(account.superAdministrators()).isEqualTo(2);
            String second = account.member("second@example.com").orElseThrow().id();
            assertThat(scim.patch("/Users/" + second, patchOps(op("replace", "active", false))).status()).isBetween(200, 299);
            assertThat(account.superAdministrators()).isEqualTo(1);

            String owner = account.member(OWNER).orElseThrow().id();
            assertScimError(scim.patch("/Users/" + owner, patchOps(op("replace", "active", false))), 400, "mutability");
            assertThat(account.member(OWNER)).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
        }

        @Test
        void putWithoutActiveKeepsADeprovisionedMemberInactive() {
            start(b -> b.deprovisioned(DeprovisionedUsers.INACTIVE));
            String id = scim.createUser("kept@example.com");
            assertThat(scim.patch("/Users/" + id, patchOps(op("replace", "active", false))).status()).isBetween(200, 299);
            ObjectNode body = user("kept@example.com");
            body.remove("active");
            ((ObjectNode) body.get("name")).put("givenName", "Still");
            Resp r = scim.put("/Users/" + id, body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode u = scim.get("/Users/" + id).json();
            assertThat(u.path("active").asBoolean()).isFalse();
            assertThat(account.members()).noneMatch(m -> m.id().equals(id) && m.active());
        }
    }

    /**
     * An account whose one Super Administrator is the owner, seeded outside SCIM, with the emulator
     * in one {@link LastSuperAdminMode}: whatever that mode answers a deprovisioning of the owner,
     * the owner stays, active and a Super Administrator.
     */
    abstract class OnlySuperAdministrator {

        private final LastSuperAdminMode mode;
        private final Consumer<Resp> answerToDeprovisioningTheOwner;
        String ownerId;

        /** The mode, and what to assert of its answer when the owner is deprovisioned. */
        OnlySuperAdministrator(LastSuperAdminMode mode, Consumer<Resp> answerToDeprovisioningTheOwner) {
            this.mode = mode;
            this.answerToDeprovisioningTheOwner = answerToDeprovisioningTheOwner;
        }

        @BeforeEach
        void startWithTheOwnerTheOnlySuperAdministrator() {
            start(b -> b.superAdmin(OWNER).lastSuperAdmin(mode));
            assertThat(account.superAdministrators()).isEqualTo(1);
            ownerId = account.member(OWNER).orElseThrow().id();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.cfscim.emulator.contract.DeprovisionContractTest#deprovisionings")
        void answersInItsModeAndTheMemberStaysActive(String how, Deprovision deprovision) {
            answerToDeprovisioningTheOwner.accept(deprovision.apply(scim, ownerId, OWNER));

            assertThat(scim.get("/Users/" + ownerId).json().path("active").asBoolean()).isTrue();
            assertThat(account.member(OWNER)).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
            assertThat(account.effectiveRoles(OWNER)).contains(SUPER_ADMIN);
            assertThat(account.superAdministrators()).isEqualTo(1);
        }
    }

    @Nested
    class OnlySuperAdministratorSilent extends OnlySuperAdministrator {

        /** Silent: a success whose body still says active. */
        OnlySuperAdministratorSilent() {
            super(LastSuperAdminMode.SILENT, r -> {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().path("active").asBoolean()).isTrue();
            });
        }

        @Test
        void deleteLeavesTheMemberActive() {
            Resp r = scim.delete("/Users/" + ownerId);
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(account.member(OWNER)).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
            assertThat(account.superAdministrators()).isEqualTo(1);
        }

        @Test
        void withTwoSuperAdministratorsOneMayGoButNotTheLast() {
            String second = account.seedMember("second@example.com", SUPER_ADMIN);
            assertThat(account.superAdministrators()).isEqualTo(2);

            Resp first = scim.patch("/Users/" + second, patchOps(op("replace", "active", false)));
            assertThat(first.status()).isBetween(200, 299);
            assertThat(account.members()).noneMatch(m -> m.id().equals(second) && m.active());
            assertThat(account.superAdministrators()).isEqualTo(1);

            Resp last = scim.patch("/Users/" + ownerId, patchOps(op("replace", "active", false)));
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.json().path("active").asBoolean()).isTrue();
            assertThat(account.member(OWNER)).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
        }

        @Test
        void aScimUserWhoIsTheOnlySuperAdministratorThroughItsGroupIsKept() {
            account.seedMember("temp@example.com", SUPER_ADMIN);
            String id = scim.createUser("scim-sa@example.com");
            scim.addMembers(account.roleGroupId(SUPER_ADMIN), id);
            // the seeded ones leave: owner first (not the last), then temp (not the last either)
            assertThat(scim.patch("/Users/" + ownerId, patchOps(op("replace", "active", false))).status()).isBetween(200, 299);
            String temp = account.member("temp@example.com").orElseThrow().id();
            assertThat(scim.patch("/Users/" + temp, patchOps(op("replace", "active", false))).status()).isBetween(200, 299);
            assertThat(account.superAdministrators()).isEqualTo(1);

            Resp r = scim.patch("/Users/" + id, patchOps(op("replace", "active", false)));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("active").asBoolean()).isTrue();
            assertThat(account.member("scim-sa@example.com")).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
            assertThat(account.effectiveRoles("scim-sa@example.com")).contains(SUPER_ADMIN);
        }
    }

    @Nested
    class OnlySuperAdministratorError extends OnlySuperAdministrator {

        /** Error: a 400 mutability. */
        OnlySuperAdministratorError() {
            super(LastSuperAdminMode.ERROR, r -> assertScimError(r, 400, "mutability"));
        }

        @Test
        void deleteIsRefusedToo() {
            assertScimError(scim.delete("/Users/" + ownerId), 400, "mutability");
            assertThat(account.member(OWNER)).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
        }

        @Test
        void otherMembersAreDeprovisionedNormally() {
            String id = scim.createUser("normal@example.com");
            assertThat(scim.patch("/Users/" + id, patchOps(op("replace", "active", false))).status()).isBetween(200, 299);
            assertThat(account.members()).noneMatch(m -> m.id().equals(id) && m.active());
        }
    }

    @Nested
    class RoleGroupLockOut {

        @BeforeEach
        void up() {
            start(b -> b);
        }

        @Test
        void aRoleGroupMayLoseItsLastSuperAdministrator() {
            String id = scim.createUser("sa@example.com");
            String saGroup = account.roleGroupId(SUPER_ADMIN);
            scim.addMembers(saGroup, id);
            assertThat(account.superAdministrators()).isEqualTo(1);
            assertThat(account.effectiveRoles("sa@example.com")).contains(SUPER_ADMIN);

            Resp r = scim.patch("/Groups/" + saGroup, patchOps(op("remove", "members[value eq \"" + id + "\"]", null)));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);

            assertThat(account.superAdministrators()).isZero();
            assertThat(account.effectiveRoles("sa@example.com")).doesNotContain(SUPER_ADMIN);
            JsonNode state = accountState(ContractHttp.admin(cf).get("/state").json(), cf.accountId());
            assertThat(state.path("superAdministrators").isInt()).isTrue();
            assertThat(state.path("superAdministrators").asInt()).isZero();
            assertThat(account.member("sa@example.com")).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
        }
    }
}
