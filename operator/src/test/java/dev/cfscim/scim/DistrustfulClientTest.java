package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The client against an emulator that lies: a missing or wrong total, an ignored startIndex, a
 * body that drips, an oversized body, a proxy's HTML page, a day-long Retry-After. A scan either
 * reads the whole list or fails; no call waits or reads without a bound.
 */
@ExtendWith(PublishedSchemaCheck.class)
@BeyondPublishedSchema(DistrustfulClientTest.UNTRUSTWORTHY)
class DistrustfulClientTest {

    /** Why these tests leave the schema: the emulator's faults break it on purpose. */
    static final String UNTRUSTWORTHY = "faults that make the emulator deviate on purpose (a missing or wrong total, "
            + "an HTML page, a 429 in the v4 envelope), to test a client that distrusts its server";

    /** The owner and 249 more: pages of 100, 100 and 50. */
    private static final int USERS = 250;

    private CloudflareEmulator cf;

    @BeforeEach
    void start() {
        cf = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS).onExchange(PublishedSchemaCheck::record)
                .rateLimit(RateLimit.OFF).superAdmin("owner@example.com").build().start();
        for (int i = 1; i < USERS; i++) {
            cf.account().seedMember("user" + i + "@example.com");
        }
    }

    @AfterEach
    void stop() {
        cf.close();
    }

    private CloudflareScimClient client(CloudflareScimClient.Settings settings) {
        TokenBudget budget = new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime,
                d -> Thread.sleep(Math.max(1, d.toMillis())));
        return new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()), budget, settings,
                CloudflareScimClient.RequestObserver.NONE);
    }

    private static CloudflareScimClient.Settings fast() {
        return CloudflareScimClient.Settings.defaults().with(c -> {
            c.baseBackoff = Duration.ofMillis(5);
            c.maxBackoff = Duration.ofMillis(20);
        });
    }

    private CloudflareScimClient client() {
        return client(fast());
    }

    // ---- paging -----------------------------------------------------------------------------------

    @Test
    void aListWithoutTotalResultsIsReadToItsLastPage() {
        cf.faults().add(FaultRule.route("GET /Users").omitTotalResults().build());

        List<RemoteUser> users = client().directory().listUsers();

        assertThat(users).hasSize(USERS);
        assertThat(users).extracting(RemoteUser::id).doesNotHaveDuplicates();
        assertThat(cf.requests().route("GET /Users")).as("the short third page ends it").isEqualTo(3);
    }

    @Test
    void aListWithoutTotalResultsThatAnswersFewerThanAskedIsReadToItsLastPageToo() {
        // 300 asked, 100 answered (the emulator's largest page): a page short of the count is not the last.
        cf.faults().add(FaultRule.route("GET /Users").omitTotalResults().build());
        CloudflareScimClient client = client(fast().with(c -> c.pageSize = 300));

        assertThat(client.directory().listUsers()).hasSize(USERS);
        assertThat(cf.requests().route("GET /Users")).as("100, 100, then 50: shorter than the pages before")
                .isEqualTo(3);
    }

    @Test
    void aTotalTooLowDoesNotShortenTheScan() {
        cf.faults().add(FaultRule.route("GET /Users").totalResults(10).build());

        assertThat(client().directory().listUsers()).hasSize(USERS).extracting(RemoteUser::id).doesNotHaveDuplicates();
    }

    @Test
    void aTotalTooHighFailsTheScanRatherThanReturnPartOfIt() {
        cf.faults().add(FaultRule.route("GET /Users").totalResults(1000).build());

        assertThatThrownBy(client().directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ScimException.Kind.TRANSIENT);
            assertThat(e.getMessage()).startsWith("GET /Users: the server said 1000 in all")
                    .contains("after " + USERS).contains("part of the list may be missing");
        });
    }

    @Test
    void aServerThatIgnoresStartIndexFailsTheScan() {
        cf.faults().add(FaultRule.route("GET /Users").ignoreStartIndex().build());

        assertThatThrownBy(client().directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ScimException.Kind.PERMANENT);
            assertThat(e.getMessage()).startsWith("GET /Users: the page at startIndex 101 starts with the same item")
                    .contains("the server ignores the position asked");
        });
        assertThat(cf.requests().route("GET /Users")).isEqualTo(2);
    }

    @Test
    void aServerThatIgnoresStartIndexAndOmitsTheTotalFailsTheScanToo() {
        cf.faults().add(FaultRule.route("GET /Users").ignoreStartIndex().omitTotalResults().build());

        assertThatThrownBy(client().directory()::listUsers).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.getMessage()).contains("the server ignores the position asked"));
    }

    @Test
    void aScanStopsAtThePageLimit() {
        CloudflareScimClient client = client(fast().with(c -> c.maxPages = 2));

        assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ScimException.Kind.PERMANENT);
            assertThat(e.getMessage()).startsWith("GET /Users: still more after 2 pages").contains("maxPages");
        });
        assertThat(cf.requests().route("GET /Users")).isEqualTo(2);
    }

    @Test
    void aV4ListThatIgnoresItsPageFailsTheScan() {
        // 250 members at 50 a page: the v4 list would repeat its first page five times.
        cf.faults().add(FaultRule.route("GET /members").ignoreStartIndex().build());
        CloudflareScimClient client = client();

        assertThatThrownBy(() -> client.iam().superAdministratorsOutsideScim("com.cloudflare.api.account." + cf.accountId()))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getMessage())
                        .startsWith("GET /members: the page at page 2 starts with the same item"));
    }

    @Test
    void aV4ListWhoseTotalIsTooHighFailsAndOneWithoutATotalIsReadWhole() {
        String scopeKey = "com.cloudflare.api.account." + cf.accountId();
        cf.faults().add(FaultRule.route("GET /members").totalResults(400).times(6).build());
        assertThatThrownBy(() -> client().iam().superAdministratorsOutsideScim(scopeKey))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getMessage())
                        .startsWith("GET /members: the server said 400 in all"));

        cf.faults().clear();
        cf.faults().add(FaultRule.route("GET /members").omitTotalResults().build());
        assertThat(client().iam().superAdministratorsOutsideScim(scopeKey)).containsExactly("owner@example.com");
        assertThat(cf.requests().route("GET /members")).as("each: five full pages of 50, then an empty one")
                .isEqualTo(6 + 6);
    }

    // ---- one call's bounds ------------------------------------------------------------------------

    @Test
    void aDrippingAnswerFailsAtTheCallDeadline() {
        // A 1 s deadline against a 30 s drip: no race, whatever the machine's load.
        cf.faults().add(FaultRule.route("GET /Users").dripMs(30_000).build());
        CloudflareScimClient client = client(fast().with(c -> {
            c.callTimeout = Duration.ofSeconds(1);
            c.maxAttempts = 2;
        }));
        long started = System.nanoTime();

        assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ScimException.Kind.TRANSIENT);
            assertThat(e.getMessage()).startsWith("GET /Users: no whole answer within the call deadline of 1000 ms")
                    .contains("callTimeout");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two attempts of 1 s, not 30 s")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(cf.requests().route("GET /Users")).isEqualTo(2);
    }

    @Test
    void anAnswerOverTheSizeCapIsRefusedUnread() {
        cf.faults().add(FaultRule.route("GET /Users").padBytes(4L * 1024 * 1024).build());
        CloudflareScimClient client = client(fast().with(c -> c.maxResponseBytes = 256 * 1024));

        assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ScimException.Kind.PERMANENT);
            assertThat(e.getMessage()).isEqualTo("GET /Users: the answer is larger than the response size cap of "
                    + 256 * 1024 + " bytes (maxResponseBytes); it was not read");
        });
        assertThat(cf.requests().route("GET /Users")).as("not retried").isEqualTo(1);
        assertThat(CloudflareScimClient.Settings.defaults().maxResponseBytes()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void anHtmlPageInsteadOfJsonSaysSoAndIsNotRetried() {
        cf.faults().add(FaultRule.route("GET /Users").htmlStatus(200).build());

        assertThatThrownBy(client().directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ScimException.Kind.PERMANENT);
            assertThat(e.getMessage()).startsWith("GET /Users: 200: the server answered HTML, not SCIM JSON: "
                    + "is the endpoint right?");
        });
        assertThat(cf.requests().route("GET /Users")).isEqualTo(1);
    }

    @Test
    void aProxysHtmlErrorPageSaysWhatItIs() {
        cf.faults().add(FaultRule.route("POST /Users").htmlStatus(502).build());
        CloudflareScimClient client = client(fast().with(c -> c.maxAttempts = 2));

        assertThatThrownBy(() -> client.directory().createUser(new NewUser("a@example.com", null, null, null)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ScimException.Kind.TRANSIENT);
                    assertThat(e.getMessage()).startsWith("POST /Users: 502: the server answered HTML, not SCIM JSON");
                });
    }

    // ---- Retry-After ------------------------------------------------------------------------------

    @Test
    void aDayLongRetryAfterIsCutToOneWindowAndSaidOnceInTheLog() {
        cf.faults().add(FaultRule.route("GET /Users").throttleRate(1).retryAfterSeconds(86_400).times(1).build());
        CloudflareScimClient client = client(fast().with(c -> c.maxRateLimitWait = Duration.ZERO));
        Logger scimLog = (Logger) LoggerFactory.getLogger("dev.cfscim.scim");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        scimLog.addAppender(log);
        try {
            assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
                assertThat(e.kind()).isEqualTo(ScimException.Kind.RATE_LIMITED);
                assertThat(e.retryAfter()).isEqualTo(TokenBudget.Limit.CLOUDFLARE.per());
            });
        } finally {
            scimLog.detachAppender(log);
        }

        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("86400s").contains(TokenBudget.Limit.CLOUDFLARE.per().toSeconds() + "s");
    }
}
