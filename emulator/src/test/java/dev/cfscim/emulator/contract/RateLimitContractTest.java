package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractHttp.assertV4Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-token (or per-user) fixed windows and the block after going over, compressed to 5 requests per 2 s. */
@ExtendWith(PublishedSchemaCheck.class)
@BeyondPublishedSchema(PublishedSchemaCheck.RATE_LIMIT_BODY)
class RateLimitContractTest {

    static final String ACCOUNT_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String ACCOUNT_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final int LIMIT = 5;
    static final Pattern RATELIMIT = Pattern.compile("\"default\";r=(\\d+);t=(\\d+)");

    CloudflareEmulator cf;
    ContractHttp scim;

    @BeforeEach
    void up() {
        cf = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.of(LIMIT, Duration.ofSeconds(2)))
                .account(ACCOUNT_A, "token-a")
                .account(ACCOUNT_B, "token-b")
                .build()
                .start();
        scim = ContractHttp.scim(cf, ACCOUNT_A);
    }

    @AfterEach
    void down() {
        cf.close();
    }

    static int remaining(Resp r) {
        String header = r.header("Ratelimit").orElseThrow(() -> new AssertionError("no Ratelimit header: " + r));
        Matcher m = RATELIMIT.matcher(header);
        assertThat(m.matches()).as("Ratelimit header %s", header).isTrue();
        assertThat(Integer.parseInt(m.group(2))).as("t in %s", header).isBetween(0, 2);
        return Integer.parseInt(m.group(1));
    }

    void exhaust() {
        for (int i = 0; i < LIMIT; i++) {
            assertThat(scim.get("/Users").status()).isEqualTo(200);
        }
    }

    @Test
    void headersOnEveryAnswerWithRemainingCountingDown() {
        for (int i = 1; i <= LIMIT; i++) {
            Resp r = scim.get("/Users");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Ratelimit-Policy")).hasValue("\"default\";q=5;w=2");
            assertThat(remaining(r)).isEqualTo(LIMIT - i);
        }
        Resp over = scim.get("/Users");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.header("Ratelimit-Policy")).hasValue("\"default\";q=5;w=2");
        assertThat(remaining(over)).isZero();
    }

    @Test
    void overTheLimitEveryCallIs429WithRetryAfterAndTheV4Body() {
        exhaust();
        for (String path : new String[] {"/Users", "/Groups", "/ServiceProviderConfig", "/Users/x"}) {
            Resp r = scim.get(path);
            assertV4Error(r, 429, 971);
            assertThat(r.json().path("errors").get(0).path("message").asText())
                    .isEqualTo("Please wait and consider throttling your request speed");
            assertThat(r.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
            assertThat(r.header("Ratelimit")).isPresent();
            assertThat(r.header("Ratelimit-Policy")).isPresent();
        }
        Resp write = scim.post("/Users", ContractBodies.user("late@example.com"));
        assertV4Error(write, 429, 971);
        assertThat(cf.account(ACCOUNT_A).member("late@example.com")).isEmpty();
    }

    @Test
    void theWindowReopens() {
        exhaust();
        assertThat(scim.get("/Users").status()).isEqualTo(429);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> scim.get("/Users").status() == 200);
        // a fresh window: the request that reopened it was its first
        Resp next = scim.get("/Users");
        assertThat(next.status()).isEqualTo(200);
        assertThat(remaining(next)).isEqualTo(LIMIT - 2);
    }

    @Test
    void iamCallsShareTheTokensWindow() {
        exhaust();
        ContractHttp iam = ContractHttp.iam(cf);
        Resp r = iam.get("/iam/permission_groups");
        assertV4Error(r, 429, 971);
        assertThat(r.header("Retry-After")).isPresent();
    }

    @Test
    void perToken() {
        exhaust();
        assertThat(scim.get("/Users").status()).isEqualTo(429);
        Resp other = ContractHttp.scim(cf, ACCOUNT_B).get("/Users");
        assertThat(other.status()).isEqualTo(200);
        assertThat(remaining(other)).isEqualTo(LIMIT - 1);
    }

    @Test
    void adminApiIsNotRateLimitedNorCounted() {
        exhaust();
        assertThat(scim.get("/Users").status()).isEqualTo(429);
        ContractHttp admin = ContractHttp.admin(cf);
        for (int i = 0; i < LIMIT * 2; i++) {
            assertThat(admin.get("/state").status()).isEqualTo(200);
        }
        assertThat(cf.requests().status(429)).isEqualTo(1);
        assertThat(cf.requests().total()).isEqualTo(LIMIT + 1);
    }

    @Test
    void resetReopensTheWindow() {
        exhaust();
        assertThat(scim.get("/Users").status()).isEqualTo(429);
        assertThat(ContractHttp.admin(cf).post("/reset", null).status()).isBetween(200, 299);
        assertThat(scim.get("/Users").status()).isEqualTo(200);
    }

    @Test
    void aUsersTokensShareOneCounterWhileAnAccountOwnedTokenCountsAlone() {
        String accountC = "cccccccccccccccccccccccccccccccc";
        try (CloudflareEmulator users = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.of(LIMIT, Duration.ofSeconds(2)))
                .account(ACCOUNT_A, "alice-token-a")
                .account(ACCOUNT_B, "alice-token-b")
                .account(accountC, "account-owned-c")
                .tokenOfUser("alice-token-a", "alice@example.com")
                .tokenOfUser("alice-token-b", "alice@example.com")
                .build()
                .start()) {
            ContractHttp a = ContractHttp.scim(users, ACCOUNT_A);
            ContractHttp b = ContractHttp.scim(users, ACCOUNT_B);
            for (int i = 1; i <= 3; i++) {
                assertThat(remaining(a.get("/Users"))).isEqualTo(LIMIT - i);
            }
            assertThat(remaining(b.get("/Users"))).as("alice's other token counts on the same counter")
                    .isEqualTo(LIMIT - 4);
            assertThat(b.get("/Users").status()).isEqualTo(200);
            assertV4Error(a.get("/Users"), 429, 971);
            assertV4Error(b.get("/Users"), 429, 971);
            Resp owned = ContractHttp.scim(users, accountC).get("/Users");
            assertThat(owned.status()).isEqualTo(200);
            assertThat(remaining(owned)).isEqualTo(LIMIT - 1);
        }
    }

    @Test
    void goingOverLateInAWindowBlocksForAWholeWindowFromThen() {
        // A window long enough, and a limit small enough, that the requests left after its first
        // half go over well within it on a busy machine (30 in three seconds).
        int requests = 30;
        try (CloudflareEmulator late = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.of(requests, Duration.ofSeconds(6)))
                .account(ACCOUNT_A, "token-a")
                .build()
                .start()) {
            ContractHttp s = ContractHttp.scim(late, ACCOUNT_A);
            // Wait out the window's first half (a few requests), then spend the rest of its requests.
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                    .until(() -> secondsToReset(s.get("/Users")) <= 3);
            while (s.get("/Users").status() == 200) {
                assertThat(late.requests().total()).isLessThanOrEqualTo(requests + 1);
            }
            long overAt = System.nanoTime();
            assertThat(late.requests().status(429)).isEqualTo(1);
            // The window that was open would end within three seconds; the block lasts a whole window.
            Resp blocked = s.get("/Users");
            assertV4Error(blocked, 429, 971);
            assertThat(blocked.header("Retry-After")).hasValue("6");
            assertThat(blocked.header("Ratelimit")).hasValue("\"default\";r=0;t=6");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> s.get("/Users").status() == 200);
            assertThat(Duration.ofNanos(System.nanoTime() - overAt)).isGreaterThanOrEqualTo(Duration.ofMillis(5900));
        }
    }

    /** The {@code t} of a Ratelimit header: whole seconds until its window resets. */
    private static int secondsToReset(Resp r) {
        String header = r.header("Ratelimit").orElseThrow(() -> new AssertionError("no Ratelimit header: " + r));
        Matcher m = RATELIMIT.matcher(header);
        assertThat(m.matches()).as("Ratelimit header %s", header).isTrue();
        return Integer.parseInt(m.group(2));
    }

    @Test
    void offMeansNoLimit() {
        try (CloudflareEmulator off = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.OFF).build().start()) {
            ContractHttp s = ContractHttp.scim(off);
            for (int i = 0; i < 50; i++) {
                assertThat(s.get("/Users").status()).isEqualTo(200);
            }
        }
    }
}
