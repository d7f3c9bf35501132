package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.assertV4Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bearer token per account: 401 when missing or wrong, 403 for another account's token. */
@ExtendWith(PublishedSchemaCheck.class)
class AuthContractTest {

    static final String ACCOUNT_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String TOKEN_A = "token-of-account-a";
    static final String ACCOUNT_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String TOKEN_B = "token-of-account-b";

    CloudflareEmulator cf;

    void start(Profile profile) {
        cf = CloudflareEmulator.builder()
                .profile(profile)
                .rateLimit(RateLimit.OFF)
                .account(ACCOUNT_A, TOKEN_A)
                .account(ACCOUNT_B, TOKEN_B)
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        if (cf != null) {
            cf.close();
        }
    }

    @Nested
    class Scim {

        @BeforeEach
        void up() {
            start(Profile.VIRTUAL_GROUPS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/Users", "/Groups", "/ServiceProviderConfig", "/Schemas", "/ResourceTypes",
                "/Users/00000000000000000000000000000000"})
        void missingTokenIs401WithScimError(String path) {
            assertScimError(ContractHttp.scim(cf, ACCOUNT_A).withoutToken().get(path), 401, null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Bearer not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", "token-of-account-a"})
        void wrongTokenIs401WithScimError(String authorization) {
            assertScimError(ContractHttp.scim(cf, ACCOUNT_A).withAuthorization(authorization).get("/Users"), 401, null);
        }

        @Test
        void missingTokenOnWriteIs401AndWritesNothing() {
            Resp r = ContractHttp.scim(cf, ACCOUNT_A).withoutToken().post("/Users", ContractBodies.user("x@example.com"));
            assertScimError(r, 401, null);
            assertThat(cf.account(ACCOUNT_A).member("x@example.com")).isEmpty();
        }

        @Test
        void rightTokenIsAccepted() {
            assertThat(ContractHttp.scim(cf, ACCOUNT_A).get("/Users").status()).isEqualTo(200);
            assertThat(ContractHttp.scim(cf, ACCOUNT_B).get("/Users").status()).isEqualTo(200);
        }

        @Test
        void tokenOfAnotherAccountIs403() {
            assertScimError(ContractHttp.scim(cf, ACCOUNT_A).withToken(TOKEN_B).get("/Users"), 403, null);
            assertScimError(ContractHttp.scim(cf, ACCOUNT_B).withToken(TOKEN_A).get("/Users"), 403, null);
        }

        @Test
        void tokenOfAnotherAccountCannotWrite() {
            Resp r = ContractHttp.scim(cf, ACCOUNT_A).withToken(TOKEN_B).post("/Users", ContractBodies.user("y@example.com"));
            assertScimError(r, 403, null);
            assertThat(cf.account(ACCOUNT_A).member("y@example.com")).isEmpty();
            assertThat(cf.account(ACCOUNT_B).member("y@example.com")).isEmpty();
        }

        @Test
        void accessorsNameTheFirstAccount() {
            assertThat(cf.accountId()).isEqualTo(ACCOUNT_A);
            assertThat(cf.token()).isEqualTo(TOKEN_A);
            assertThat(cf.scimBaseUrl()).isEqualTo(cf.baseUrl() + "/client/v4/accounts/" + ACCOUNT_A + "/scim/v2");
            assertThat(cf.scimBaseUrl(ACCOUNT_B)).isEqualTo(cf.baseUrl() + "/client/v4/accounts/" + ACCOUNT_B + "/scim/v2");
            assertThat(cf.baseUrl()).isEqualTo("http://127.0.0.1:" + cf.port());
            assertThat(cf.account(ACCOUNT_B).token()).isEqualTo(TOKEN_B);
        }
    }

    @Nested
    class Iam {

        @BeforeEach
        void up() {
            start(Profile.USER_GROUPS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/iam/user_groups", "/iam/permission_groups"})
        void missingTokenIs401WithV4Envelope(String path) {
            Resp r = ContractHttp.iam(cf).withoutToken().get(path);
            assertV4Error(r, 401, 10000);
            assertThat(r.json().path("errors").get(0).path("message").asText()).isEqualTo("Authentication error");
        }

        @Test
        void wrongTokenIs401WithV4Envelope() {
            Resp r = ContractHttp.iam(cf).withToken("nope").get("/iam/user_groups");
            assertV4Error(r, 401, 10000);
            assertThat(r.json().path("errors").get(0).path("message").asText()).isEqualTo("Authentication error");
        }

        @Test
        void tokenOfAnotherAccountIs403() {
            Resp r = ContractHttp.iam(cf).withToken(TOKEN_B).get("/iam/user_groups");
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().path("success").asBoolean(true)).as(r.body()).isFalse();
        }

        @Test
        void rightTokenIsAccepted() {
            Resp r = ContractHttp.iam(cf).get("/iam/permission_groups");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("success").asBoolean()).isTrue();
        }
    }

    @Nested
    class AccountIsolation {

        @BeforeEach
        void up() {
            start(Profile.VIRTUAL_GROUPS);
        }

        @Test
        void sameUserNameInTwoAccountsAreTwoMembers() {
            String a = ContractHttp.scim(cf, ACCOUNT_A).createUser("both@example.com");
            String b = ContractHttp.scim(cf, ACCOUNT_B).createUser("both@example.com");
            assertThat(cf.account(ACCOUNT_A).members()).hasSize(1);
            assertThat(cf.account(ACCOUNT_B).members()).hasSize(1);
            assertThat(ContractHttp.scim(cf, ACCOUNT_A).get("/Users/" + a).status()).isEqualTo(200);
            assertThat(ContractHttp.scim(cf, ACCOUNT_B).get("/Users/" + b).status()).isEqualTo(200);
        }

        @Test
        void aUserOfOneAccountIsUnknownInTheOther() {
            String a = ContractHttp.scim(cf, ACCOUNT_A).createUser("only-a@example.com");
            assertScimError(ContractHttp.scim(cf, ACCOUNT_B).get("/Users/" + a), 404, null);
            assertThat(ContractHttp.scim(cf, ACCOUNT_B).get("/Users").json().path("totalResults").asInt()).isZero();
            Resp add = ContractHttp.scim(cf, ACCOUNT_B).patch("/Groups/" + cf.account(ACCOUNT_B).roleGroupId("Administrator"),
                    ContractBodies.patchOps(ContractBodies.op("add", "members", ContractBodies.memberList(a))));
            assertScimError(add, 400, null);
        }

        @Test
        void roleGroupsAreNamedAfterTheirAccount() {
            String b = ContractHttp.scim(cf, ACCOUNT_B).groupId("CF-" + ACCOUNT_B + " - Administrator");
            assertThat(b).isEqualTo(cf.account(ACCOUNT_B).roleGroupId("Administrator"));
            assertThat(ContractHttp.scim(cf, ACCOUNT_B).get("/Groups?"
                    + ContractHttp.filter("displayName eq \"CF-" + ACCOUNT_A + " - Administrator\"")).json()
                    .path("totalResults").asInt()).isZero();
        }
    }
}
