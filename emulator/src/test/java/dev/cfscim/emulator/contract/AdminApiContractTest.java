package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.obj;
import static dev.cfscim.emulator.contract.ContractBodies.user;
import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.MINIMAL;
import static dev.cfscim.emulator.contract.ContractHttp.SUPER_ADMIN;
import static dev.cfscim.emulator.contract.ContractHttp.accountState;
import static dev.cfscim.emulator.contract.ContractHttp.arrayIn;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.RequestCounts;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /__emulator/: state, requests, faults, members, reset; no token needed. */
@ExtendWith(PublishedSchemaCheck.class)
class AdminApiContractTest {

    static final String ACCOUNT_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String ACCOUNT_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String OWNER = "owner@example.com";

    CloudflareEmulator cf;
    ContractHttp scim;
    ContractHttp admin;

    @BeforeEach
    void up() {
        cf = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.OFF)
                .account(ACCOUNT_A, "token-a")
                .account(ACCOUNT_B, "token-b")
                .superAdmin(OWNER)
                .build()
                .start();
        scim = ContractHttp.scim(cf);
        admin = ContractHttp.admin(cf);
    }

    @AfterEach
    void down() {
        cf.close();
    }

    JsonNode state(String accountId) {
        Resp r = admin.get("/state");
        assertThat(r.status()).isEqualTo(200);
        return accountState(r.json(), accountId);
    }

    static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    @Nested
    class State {

        @Test
        void showsProfileMembersGroupsAndSuperAdministrators() {
            String id = scim.createUser("u@example.com");
            String groupId = cf.account().roleGroupId(ADMINISTRATOR);
            scim.addMembers(groupId, id);

            JsonNode a = state(ACCOUNT_A);
            assertThat(a.path("profile").asText()).isEqualTo("virtual-groups");
            assertThat(a.path("superAdministrators").asInt()).isEqualTo(1);

            JsonNode owner = byField(a.path("members"), "userName", OWNER);
            assertThat(owner.path("source").asText()).isEqualTo("seeded");
            assertThat(owner.path("active").asBoolean()).isTrue();
            assertThat(owner.path("roles").toString()).contains(SUPER_ADMIN, MINIMAL);

            JsonNode u = byField(a.path("members"), "userName", "u@example.com");
            assertThat(u.path("id").asText()).isEqualTo(id);
            assertThat(u.path("source").asText()).isEqualTo("scim");
            assertThat(u.path("roles").toString()).contains(ADMINISTRATOR, MINIMAL);

            JsonNode g = byField(a.path("groups"), "id", groupId);
            assertThat(g.path("displayName").asText()).isEqualTo("CF-" + ACCOUNT_A + " - " + ADMINISTRATOR);
            assertThat(g.path("kind").asText()).isEqualTo("role");
            assertThat(g.path("role").asText()).isEqualTo(ADMINISTRATOR);
            assertThat(g.path("members").toString()).contains(id);
        }

        @Test
        void accountParameterSelectsTheAccount() {
            ContractHttp.scim(cf, ACCOUNT_B).createUser("b@example.com");
            Resp r = admin.get("/state?account=" + ACCOUNT_B);
            assertThat(r.status()).isEqualTo(200);
            JsonNode b = accountState(r.json(), ACCOUNT_B);
            assertThat(values(b.path("members"), "userName")).containsExactly("b@example.com");
            assertThat(r.body()).doesNotContain(OWNER);
            assertThat(values(state(ACCOUNT_A).path("members"), "userName")).containsExactly(OWNER);
        }

        @Test
        void libraryViewsAgreeWithTheState() {
            String id = scim.createUser("u@example.com");
            assertThat(cf.account().members()).extracting(m -> m.userName()).containsExactly(OWNER, "u@example.com");
            assertThat(cf.account().member("u@example.com")).hasValueSatisfying(m -> assertThat(m.id()).isEqualTo(id));
            assertThat(cf.account().superAdministrators()).isEqualTo(state(ACCOUNT_A).path("superAdministrators").asInt());
            assertThat(cf.account(ACCOUNT_B).members()).isEmpty();
        }
    }

    @Nested
    class Requests {

        @Test
        void countsByRouteAndStatusButNotAdminCalls() {
            scim.createUser("u@example.com");
            scim.post("/Users", user("u@example.com"));
            scim.get("/Users");
            scim.get("/Users/whatever");
            admin.get("/state");

            Resp r = admin.get("/requests");
            assertThat(r.status()).isEqualTo(200);
            JsonNode c = r.json();
            assertThat(c.path("total").asLong()).isEqualTo(4);
            assertThat(c.path("routes").path("POST /Users").asLong()).isEqualTo(2);
            assertThat(c.path("routes").path("GET /Users").asLong()).isEqualTo(1);
            assertThat(c.path("routes").path("GET /Users/{id}").asLong()).isEqualTo(1);
            assertThat(c.path("statuses").path("201").asLong()).isEqualTo(1);
            assertThat(c.path("statuses").path("409").asLong()).isEqualTo(1);
            assertThat(c.path("statuses").path("404").asLong()).isEqualTo(1);

            RequestCounts counts = cf.requests();
            assertThat(counts.total()).isEqualTo(4);
            assertThat(counts.route("POST /Users")).isEqualTo(2);
            assertThat(counts.route("DELETE /Groups/{id}")).isZero();
            assertThat(counts.status(409)).isEqualTo(1);
            assertThat(counts.status(418)).isZero();
        }

        @Test
        void deleteZeroesTheCounters() {
            scim.get("/Users");
            assertThat(admin.delete("/requests").status()).isBetween(200, 299);
            JsonNode c = admin.get("/requests").json();
            assertThat(c.path("total").asLong()).isZero();
            assertThat(cf.requests().route("GET /Users")).isZero();
            scim.get("/Groups");
            assertThat(cf.requests().total()).isEqualTo(1);
            cf.resetRequests();
            assertThat(cf.requests().total()).isZero();
        }
    }

    @Nested
    class Faults {

        @Test
        void postGetAndDelete() {
            Resp created = admin.post("/faults", obj("route", "POST /Users", "errorRate", 1.0, "errorStatus", 503,
                    "throttleRate", 0.0, "latencyMs", 0, "dropRate", 0.0, "phase", "before", "times", 1));
            assertThat(created.status()).isEqualTo(201);

            Resp listed = admin.get("/faults");
            assertThat(listed.status()).isEqualTo(200);
            JsonNode rules = arrayIn(listed.json());
            assertThat(rules.size()).isEqualTo(1);
            assertThat(rules.get(0).path("route").asText()).isEqualTo("POST /Users");
            assertThat(rules.get(0).path("errorStatus").asInt()).isEqualTo(503);

            assertThat(scim.post("/Users", user("f@example.com")).status()).isEqualTo(503);

            assertThat(admin.delete("/faults").status()).isBetween(200, 299);
            assertThat(arrayIn(admin.get("/faults").json()).size()).isZero();
            assertThat(cf.faults().rules()).isEmpty();
        }

        @Test
        void routeDefaultsToEverything() {
            assertThat(admin.post("/faults", obj("errorRate", 1.0, "errorStatus", 500)).status()).isEqualTo(201);
            assertThat(scim.get("/Groups").status()).isEqualTo(500);
            assertThat(cf.faults().rules()).singleElement().satisfies(r -> assertThat(r.route()).isEqualTo("*"));
        }

        @Test
        void libraryRulesShowOverHttp() {
            cf.faults().add(FaultRule.route("GET /Groups").latencyMs(5).build());
            JsonNode rules = arrayIn(admin.get("/faults").json());
            assertThat(values(rules, "route")).containsExactly("GET /Groups");
            assertThat(rules.get(0).path("latencyMs").asLong()).isEqualTo(5);
        }
    }

    @Nested
    class Members {

        @Test
        void seedsAMemberOutsideScim() {
            Resp r = admin.post("/members", obj("userName", "seeded@example.com", "roles", List.of(ADMINISTRATOR)));
            assertThat(r.status()).isEqualTo(201);
            String id = r.json().path("id").asText();
            assertThat(id).isNotBlank();
            assertThat(r.json().path("userName").asText()).isEqualTo("seeded@example.com");

            assertThat(cf.account().member("seeded@example.com")).hasValueSatisfying(m -> {
                assertThat(m.id()).isEqualTo(id);
                assertThat(m.source()).isEqualTo("seeded");
                assertThat(m.roles()).contains(ADMINISTRATOR, MINIMAL);
            });
            assertThat(cf.account().effectiveRoles("seeded@example.com")).containsExactlyInAnyOrder(ADMINISTRATOR, MINIMAL);
            Resp get = scim.get("/Users/" + id);
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.json().path("userName").asText()).isEqualTo("seeded@example.com");
        }

        @Test
        void seedingASuperAdministratorCounts() {
            admin.post("/members", obj("userName", "sa2@example.com", "roles", List.of(SUPER_ADMIN)));
            assertThat(state(ACCOUNT_A).path("superAdministrators").asInt()).isEqualTo(2);
        }

        @Test
        void seedsIntoAnotherAccount() {
            Resp r = admin.post("/members", obj("userName", "b@example.com", "roles", List.of(), "account", ACCOUNT_B));
            assertThat(r.status()).isEqualTo(201);
            assertThat(cf.account(ACCOUNT_B).member("b@example.com")).isPresent();
            assertThat(cf.account(ACCOUNT_A).member("b@example.com")).isEmpty();
            assertThat(cf.account(ACCOUNT_B).effectiveRoles("b@example.com")).containsExactly(MINIMAL);
        }

        @Test
        void librarySeedMemberReturnsTheId() {
            String id = cf.account().seedMember("lib@example.com", "DNS");
            assertThat(byField(state(ACCOUNT_A).path("members"), "userName", "lib@example.com").path("id").asText())
                    .isEqualTo(id);
        }
    }

    @Nested
    class Reset {

        @Test
        void backToTheStateAtStart() {
            String id = scim.createUser("u@example.com");
            scim.addMembers(cf.account().roleGroupId(ADMINISTRATOR), id);
            cf.faults().add(FaultRule.route("GET /Groups").latencyMs(1).build());
            admin.post("/members", obj("userName", "extra@example.com", "roles", List.of()));

            assertThat(admin.post("/reset", null).status()).isBetween(200, 299);

            assertThat(values(state(ACCOUNT_A).path("members"), "userName")).containsExactly(OWNER);
            assertThat(cf.account().groups()).allSatisfy(g -> assertThat(g.memberIds()).doesNotContain(id));
            assertThat(cf.requests().total()).isZero();
            assertThat(cf.faults().rules()).isEmpty();
            assertThat(cf.account().superAdministrators()).isEqualTo(1);
            assertThat(scim.get("/Users").json().path("totalResults").asInt()).isEqualTo(1);
        }

        @Test
        void libraryResetDoesTheSame() {
            scim.createUser("u@example.com");
            cf.reset();
            assertThat(cf.account().member("u@example.com")).isEmpty();
            assertThat(cf.account().member(OWNER)).isPresent();
            assertThat(cf.requests().total()).isZero();
        }
    }
}
