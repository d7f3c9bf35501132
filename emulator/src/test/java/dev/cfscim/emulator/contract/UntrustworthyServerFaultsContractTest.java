package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The faults of a server a client should not trust: a wrong or missing total, an ignored
 * startIndex, a body that drips, an oversized body, a proxy's HTML page.
 */
@BeyondPublishedSchema(UntrustworthyServerFaultsContractTest.UNTRUSTWORTHY)
class UntrustworthyServerFaultsContractTest extends EmulatorContract {

    /** Why these tests leave the schema: breaking it is the point of these faults. */
    static final String UNTRUSTWORTHY = "faults that make the server deviate on purpose (a missing or wrong total, "
            + "an HTML page), so that clients can be tested against them";

    private void seed(int members) {
        for (int i = 0; i < members; i++) {
            account.seedMember("user" + i + "@example.com");
        }
    }

    private static List<String> ids(JsonNode page, String field) {
        List<String> ids = new ArrayList<>();
        page.path(field).forEach(node -> ids.add(node.path("id").asText()));
        return ids;
    }

    @Test
    void totalResultsCanBeLeftOut() {
        seed(5);
        cf.faults().add(FaultRule.route("GET /Users").omitTotalResults().build());

        JsonNode page = scim.get("/Users?startIndex=1&count=2").json();

        assertThat(page.has("totalResults")).isFalse();
        assertThat(page.path("Resources")).hasSize(2);
        assertThat(scim.get("/Groups").json().has("totalResults")).as("another route is untouched").isTrue();
    }

    @Test
    void totalResultsCanBeTooLowOrTooHigh() {
        seed(5);
        cf.faults().add(FaultRule.route("GET /Users").totalResults(1).times(1).build());
        cf.faults().add(FaultRule.route("GET /Users").totalResults(1000).times(1).build());

        JsonNode low = scim.get("/Users?startIndex=1&count=3").json();
        JsonNode high = scim.get("/Users?startIndex=4&count=3").json();

        assertThat(low.path("totalResults").asInt()).isEqualTo(1);
        assertThat(low.path("Resources")).as("the page itself is true").hasSize(3);
        assertThat(high.path("totalResults").asInt()).isEqualTo(1000);
        assertThat(high.path("Resources")).hasSize(2);
        assertThat(scim.get("/Users").json().path("totalResults").asInt()).as("times caps it").isEqualTo(5);
    }

    @Test
    void aV4ListCanLeaveItsTotalsOutOrLie() {
        cf.faults().add(FaultRule.route("GET /members").omitTotalResults().times(1).build());
        cf.faults().add(FaultRule.route("GET /members").totalResults(120).times(1).build());

        JsonNode omitted = iam.get("/members?per_page=50").json().path("result_info");
        JsonNode lying = iam.get("/members?per_page=50").json().path("result_info");

        assertThat(omitted.has("total_count")).isFalse();
        assertThat(omitted.has("total_pages")).isFalse();
        assertThat(lying.path("total_count").asInt()).isEqualTo(120);
        assertThat(lying.path("total_pages").asInt()).isEqualTo(3);
    }

    @Test
    void startIndexAndPageCanBeIgnored() {
        seed(5);
        cf.faults().add(FaultRule.route("GET /Users").ignoreStartIndex().build());
        cf.faults().add(FaultRule.route("GET /members").ignoreStartIndex().build());

        JsonNode first = scim.get("/Users?startIndex=1&count=2").json();
        JsonNode third = scim.get("/Users?startIndex=5&count=2").json();

        assertThat(ids(third, "Resources")).isEqualTo(ids(first, "Resources")).hasSize(2);
        assertThat(ids(iam.get("/members?per_page=2&page=3").json(), "result"))
                .isEqualTo(ids(iam.get("/members?per_page=2&page=1").json(), "result"));
    }

    @Test
    void aBodyCanDripOverTime() throws IOException, InterruptedException {
        seed(3);
        cf.faults().add(FaultRule.route("GET /Users").dripMs(800).build());
        HttpRequest request = HttpRequest.newBuilder(URI.create(cf.scimBaseUrl() + "/Users"))
                .header("Authorization", "Bearer " + cf.token()).timeout(Duration.ofSeconds(30)).build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        long firstByte;
        try (InputStream in = response.body()) {
            int first = in.read();
            firstByte = System.nanoTime();
            byte[] rest = in.readAllBytes();
            body = new byte[rest.length + 1];
            body[0] = (byte) first;
            System.arraycopy(rest, 0, body, 1, rest.length);
        }
        long afterFirstByteMs = (System.nanoTime() - firstByte) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(afterFirstByteMs).as("the rest came slowly, after the first byte").isGreaterThanOrEqualTo(600);
        assertThat(ContractHttp.JSON.readTree(body).path("Resources")).hasSize(3);
    }

    @Test
    void aBodyCanBePaddedPastAnySize() {
        seed(1);
        cf.faults().add(FaultRule.route("GET /Users").padBytes(3 * 1024 * 1024).build());

        Resp r = scim.get("/Users");

        assertThat(r.body().length()).isGreaterThan(3 * 1024 * 1024);
        assertThat(r.json().path("Resources")).as("still valid JSON").hasSize(1);
        assertThat(r.header("Content-Length")).as("streamed, its size unsaid").isEmpty();
    }

    @Test
    void aProxyCanAnswerHtmlInsteadOfTheApi() {
        cf.faults().add(FaultRule.route("POST /Users").htmlStatus(200).build());
        cf.faults().add(FaultRule.route("GET /Users").htmlStatus(502).build());

        Resp created = scim.post("/Users", ContractBodies.user("html@example.com"));
        Resp listed = scim.get("/Users");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(created.body()).startsWith("<!DOCTYPE html>");
        assertThat(account.member("html@example.com")).as("the request never reached the API").isEmpty();
        assertThat(listed.status()).isEqualTo(502);
        assertThat(listed.body()).contains("Bad Gateway");
    }

    @Test
    void aThrottleCanAskForAnyRetryAfter() {
        cf.faults().add(FaultRule.route("GET /Users").throttleRate(1).retryAfterSeconds(86400).times(1).build());

        Resp r = scim.get("/Users");

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).hasValue("86400");
    }

    @Test
    void theNewFaultsAreAddedOverHttpToo() {
        Resp r = ContractHttp.admin(cf).post("/faults", obj("route", "GET /Users", "totalResults", "omit",
                "ignoreStartIndex", true, "dripMs", 5, "padBytes", 10, "htmlStatus", 0, "retryAfterSeconds", 7));

        assertThat(r.status()).isEqualTo(201);
        assertThat(cf.faults().rules()).singleElement().satisfies(rule -> {
            assertThat(rule.totalResults()).isEqualTo(FaultRule.OMIT);
            assertThat(rule.ignoreStartIndex()).isTrue();
            assertThat(rule.dripMs()).isEqualTo(5);
            assertThat(rule.padBytes()).isEqualTo(10);
            assertThat(rule.retryAfterSeconds()).isEqualTo(7);
        });
        assertThat(scim.get("/Users").json().has("totalResults")).isFalse();
        assertThat(ContractHttp.admin(cf).post("/faults", obj("totalResults", "many")).status()).isEqualTo(400);
    }
}
