package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.obj;
import static dev.cfscim.emulator.contract.ContractBodies.op;
import static dev.cfscim.emulator.contract.ContractBodies.patchOps;
import static dev.cfscim.emulator.contract.ContractBodies.user;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.filter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fault injection per route: 500/503, 429, latency, dropped connections, phase after, times. */
class FaultsContractTest extends EmulatorContract {

    @Override
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator.seed(7);
    }

    long usersNamed(String userName) {
        return scim.get("/Users?" + filter("userName eq \"" + userName + "\"")).json().path("totalResults").asLong();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503})
    void errorRateOneFailsEveryMatchingRequestWithTheStatus(int status) {
        cf.faults().add(FaultRule.route("GET /Users").errorRate(1.0).errorStatus(status).build());
        assertThat(scim.get("/Users").status()).isEqualTo(status);
        assertThat(scim.get("/Users").status()).isEqualTo(status);
        // another route is untouched
        assertThat(scim.get("/ServiceProviderConfig").status()).isEqualTo(200);
        assertThat(scim.get("/Groups").status()).isEqualTo(200);
    }

    @Test
    void phaseBeforeFailsWithoutWriting() {
        cf.faults().add(FaultRule.route("POST /Users").errorRate(1.0).errorStatus(503).times(1).build());
        assertThat(scim.post("/Users", user("a@example.com")).status()).isEqualTo(503);
        assertThat(usersNamed("a@example.com")).isZero();
        assertThat(cf.account().member("a@example.com")).isEmpty();
    }

    @Test
    void a403RefusesTheRouteAsToATokenWithoutThePermission() {
        cf.faults().add(FaultRule.route("GET /Users").errorRate(1.0).errorStatus(403).times(1).build());
        assertScimError(scim.get("/Users"), 403, null);
        assertThat(scim.get("/Users").status()).as("the next request goes through").isEqualTo(200);
    }

    @Test
    void phaseAfterWritesThenFails() {
        cf.faults().add(FaultRule.route("POST /Users").errorRate(1.0).errorStatus(500)
                .phase(FaultRule.Phase.AFTER).times(1).build());
        assertThat(scim.post("/Users", user("a@example.com")).status()).isEqualTo(500);
        assertThat(usersNamed("a@example.com")).isEqualTo(1);
        assertThat(cf.account().member("a@example.com")).isPresent();
        // a naive retry meets the write it did not see
        assertScimError(scim.post("/Users", user("a@example.com")), 409, "uniqueness");
    }

    @Test
    void phaseAfterOnAPatchAppliesIt() {
        String id = scim.createUser("p@example.com");
        cf.faults().add(FaultRule.route("PATCH /Users/{id}").errorRate(1.0).errorStatus(503)
                .phase(FaultRule.Phase.AFTER).times(1).build());
        Resp r = scim.patch("/Users/" + id, patchOps(op("replace", "name.givenName", "Applied")));
        assertThat(r.status()).isEqualTo(503);
        assertThat(scim.get("/Users/" + id).json().path("name").path("givenName").asText()).isEqualTo("Applied");
    }

    @Test
    void phaseAfterOnADeleteDeletes() {
        String id = scim.createUser("gone@example.com");
        cf.faults().add(FaultRule.route("DELETE /Users/{id}").errorRate(1.0).errorStatus(500)
                .phase(FaultRule.Phase.AFTER).times(1).build());
        assertThat(scim.delete("/Users/" + id).status()).isEqualTo(500);
        assertScimError(scim.get("/Users/" + id), 404, null);
    }

    @Test

    @BeyondPublishedSchema(PublishedSchemaCheck.RATE_LIMIT_BODY)
    void throttleAndLatencyTogether() {
        cf.faults().add(FaultRule.route("GET /Groups").throttleRate(1.0).latencyMs(300).times(1).build());
        long start = System.nanoTime();
        Resp r = scim.get("/Groups");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(r.status()).isEqualTo(429);
    }

    @Test
    void timesCapsTheInjections() {
        cf.faults().add(FaultRule.route("GET /Users").errorRate(1.0).errorStatus(503).times(2).build());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(scim.get("/Users").status());
        }
        assertThat(statuses).containsExactly(503, 503, 200, 200, 200);
    }

    @Test

    @BeyondPublishedSchema(PublishedSchemaCheck.RATE_LIMIT_BODY)
    void throttleRateAnswers429WithRetryAfterOne() {
        cf.faults().add(FaultRule.route("GET /Users").throttleRate(1.0).times(1).build());
        Resp r = scim.get("/Users");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).hasValue("1");
        assertThat(scim.get("/Users").status()).isEqualTo(200);
    }

    @Test
    void latencyDelaysTheAnswer() {
        cf.faults().add(FaultRule.route("GET /Users").latencyMs(400).build());
        long start = System.nanoTime();
        Resp r = scim.get("/Users");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void droppedConnectionBeforeTheWrite() {
        cf.faults().add(FaultRule.route("POST /Users").dropRate(1.0).times(1).build());
        assertThatThrownBy(() -> scim.post("/Users", user("d@example.com"))).isInstanceOf(UncheckedIOException.class);
        assertThat(cf.account().member("d@example.com")).isEmpty();
        assertThat(scim.post("/Users", user("d@example.com")).status()).isEqualTo(201);
    }

    @Test
    void droppedConnectionAfterTheWrite() {
        cf.faults().add(FaultRule.route("POST /Users").dropRate(1.0).phase(FaultRule.Phase.AFTER).times(1).build());
        assertThatThrownBy(() -> scim.post("/Users", user("d@example.com"))).isInstanceOf(UncheckedIOException.class);
        assertThat(cf.account().member("d@example.com")).isPresent();
        assertScimError(scim.post("/Users", user("d@example.com")), 409, "uniqueness");
    }

    @Test
    void wildcardRouteMatchesEverything() {
        cf.faults().add(FaultRule.route("*").errorRate(1.0).errorStatus(500).build());
        assertThat(scim.get("/Users").status()).isEqualTo(500);
        assertThat(scim.get("/Groups").status()).isEqualTo(500);
        assertThat(scim.post("/Users", user("w@example.com")).status()).isEqualTo(500);
        // the admin API is not subject to faults
        assertThat(ContractHttp.admin(cf).get("/state").status()).isEqualTo(200);
    }

    @Test
    void routeTemplatesMatchConcreteIds() {
        String id = scim.createUser("t@example.com");
        cf.faults().add(FaultRule.route("GET /Users/{id}").errorRate(1.0).errorStatus(503).build());
        assertThat(scim.get("/Users/" + id).status()).isEqualTo(503);
        assertThat(scim.get("/Users").status()).isEqualTo(200);
    }

    @Test
    void clearRemovesEveryRule() {
        cf.faults().add(FaultRule.route("GET /Users").errorRate(1.0).errorStatus(503).build());
        assertThat(cf.faults().rules()).hasSize(1);
        cf.faults().clear();
        assertThat(cf.faults().rules()).isEmpty();
        assertThat(scim.get("/Users").status()).isEqualTo(200);
    }

    @Test
    void ruleAddedOverHttpActsToo() {
        Resp r = ContractHttp.admin(cf).post("/faults",
                obj("route", "GET /Groups", "errorRate", 1.0, "errorStatus", 503, "times", 1));
        assertThat(r.status()).isEqualTo(201);
        assertThat(cf.faults().rules()).singleElement().satisfies(rule -> {
            assertThat(rule.route()).isEqualTo("GET /Groups");
            assertThat(rule.errorStatus()).isEqualTo(503);
            assertThat(rule.times()).isEqualTo(1);
        });
        assertThat(scim.get("/Groups").status()).isEqualTo(503);
        assertThat(scim.get("/Groups").status()).isEqualTo(200);
    }

    @Test
    void sameSeedSameFaults() {
        List<Integer> first = statusesUnderHalfErrors(42);
        List<Integer> second = statusesUnderHalfErrors(42);
        assertThat(first).isEqualTo(second);
        long errors = first.stream().filter(s -> s == 500).count();
        assertThat(errors).as("errors among %s", first).isBetween(20L, 80L);
        assertThat(first).containsOnly(200, 500);
    }

    private static List<Integer> statusesUnderHalfErrors(long seed) {
        try (CloudflareEmulator e = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.OFF).seed(seed).build().start()) {
            e.faults().add(FaultRule.route("GET /Users").errorRate(0.5).errorStatus(500).build());
            ContractHttp s = ContractHttp.scim(e);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                statuses.add(s.get("/Users").status());
            }
            return statuses;
        }
    }
}
