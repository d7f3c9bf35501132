package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SCIM client against the emulator over HTTP: paging, lookups, PATCH forms, errors, retries, pacing. */
@ExtendWith(PublishedSchemaCheck.class)
class CloudflareScimClientTest {

    @AutoClose
    private CloudflareEmulator cf;

    private CloudflareScimClient client(CloudflareEmulator emulator, String token, TokenBudget.Limit limit,
                                        CloudflareScimClient.Settings settings) {
        TokenBudget budget = new TokenBudget(limit, System::nanoTime, d -> Thread.sleep(Math.max(1, d.toMillis())));
        return new CloudflareScimClient(emulator.scimBaseUrl(), ApiToken.of(token), budget, settings,
                CloudflareScimClient.RequestObserver.NONE);
    }

    private CloudflareScimClient client() {
        return client(cf, cf.token(), TokenBudget.Limit.CLOUDFLARE,
                CloudflareScimClient.Settings.defaults().with(c -> {
                    c.baseBackoff = Duration.ofMillis(5);
                    c.maxBackoff = Duration.ofMillis(20);
                }));
    }

    private CloudflareEmulator start(RateLimit limit) {
        cf = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .onExchange(PublishedSchemaCheck::record)
                .rateLimit(limit).superAdmin("owner@example.com").build().start();
        return cf;
    }

    @Test
    void listsEveryUserPagedAtOneHundred() {
        start(RateLimit.OFF);
        for (int i = 0; i < 249; i++) {
            cf.account().seedMember("user" + i + "@example.com");
        }
        CloudflareScimClient client = client();

        List<RemoteUser> users = client.directory().listUsers();

        assertThat(users).hasSize(250);
        assertThat(users).extracting(RemoteUser::userName).doesNotHaveDuplicates();
        assertThat(cf.requests().route("GET /Users")).isEqualTo(3);
    }

    @Test
    void writesPoliciesOnTheAccountsResourceGroupByItsId() {
        cf = CloudflareEmulator.builder().profile(Profile.USER_GROUPS).onExchange(PublishedSchemaCheck::record)
                .rateLimit(RateLimit.OFF).superAdmin("owner@example.com").build().start();
        CloudflareScimClient client = client();
        String scopeKey = "com.cloudflare.api.account." + cf.accountId();
        String userId = client.directory().createUser(new NewUser("u@example.com", null, null, null)).id();
        RemoteGroup group = client.directory().createGroup("Engineers", "cfscim");
        client.directory().addMembers(group.id(), List.of(userId));

        String resourceGroup = client.iam().accountResourceGroup(scopeKey);
        client.iam().setPolicies(group.id(), resourceGroup, List.of(client.iam().permissionGroups().get("Administrator")));

        assertThat(resourceGroup).isEqualTo(cf.account().accountResourceGroupId());
        assertThat(cf.requests().route("POST /iam/resource_groups")).as("the account's own is listed").isZero();
        assertThat(cf.account().effectiveRoles("u@example.com")).contains("Administrator");
        assertThat(client.iam().listUserGroups(scopeKey)).filteredOn(g -> g.id().equals(group.id()))
                .extracting(RemoteUserGroup::roles).containsExactly(Set.of("Administrator"));
    }

    @Test
    void createsFindsUpdatesAndDeprovisions() {
        start(RateLimit.OFF);
        CloudflareScimClient client = client();

        RemoteUser alice = client.directory().createUser(new NewUser("alice@example.com", "Alice", "Liddell", "ext-1"));
        assertThat(alice.active()).isTrue();
        assertThat(client.directory().findUser("ALICE@example.com")).contains(alice);
        assertThat(client.directory().findUser("nobody@example.com")).isEmpty();

        RemoteUser renamed = client.directory().updateUser(alice, new UserUpdate(null, "Ally", null, null));
        assertThat(renamed.givenName()).isEqualTo("Ally");
        assertThat(renamed.familyName()).isEqualTo("Liddell");

        RemoteUser gone = client.directory().setActive(alice.id(), false);
        assertThat(gone.active()).isFalse();
        assertThat(cf.account().member("alice@example.com")).isEmpty();
    }

    @Test
    void addsAndRemovesRoleGroupMembersInBatches() {
        start(RateLimit.OFF);
        CloudflareScimClient client = new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()),
                new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime, d -> Thread.sleep(d.toMillis())),
                new CloudflareScimClient.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), 3, Duration.ofMillis(5),
                        Duration.ofMillis(20), Duration.ofSeconds(5), 100, 2),
                CloudflareScimClient.RequestObserver.NONE);
        List<String> ids = List.of(
                client.directory().createUser(new NewUser("a@example.com", null, null, null)).id(),
                client.directory().createUser(new NewUser("b@example.com", null, null, null)).id(),
                client.directory().createUser(new NewUser("c@example.com", null, null, null)).id());
        RemoteGroup admins = client.directory().findGroup("CF-" + cf.accountId() + " - Administrator").orElseThrow();
        assertThat(admins.membersKnown()).isFalse();

        client.directory().addMembers(admins.id(), ids);
        assertThat(membersOf(cf, admins.id())).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(cf.requests().route("PATCH /Groups/{id}")).isEqualTo(2);
        assertThat(cf.account().effectiveRoles("b@example.com")).contains("Administrator");

        client.directory().removeMembers(admins.id(), ids.subList(0, 2));
        assertThat(membersOf(cf, admins.id())).containsExactly(ids.get(2));
        assertThat(client.directory().findUser("c@example.com").orElseThrow().groupIds()).containsExactly(admins.id());
    }

    /** A group's members as Cloudflare holds them (its lists never carry them). */
    private static List<String> membersOf(CloudflareEmulator emulator, String groupId) {
        return emulator.account().groups().stream().filter(g -> g.id().equals(groupId)).findFirst().orElseThrow()
                .memberIds();
    }

    @Test
    void errorsAreTyped() {
        start(RateLimit.OFF);
        CloudflareScimClient client = client();
        client.directory().createUser(new NewUser("alice@example.com", null, null, null));

        assertThatThrownBy(() -> client.directory().createUser(new NewUser("Alice@example.com", null, null, null)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ScimException.Kind.UNIQUENESS);
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).startsWith("POST /Users: 409 uniqueness:");
                });
        assertThatThrownBy(() -> client.directory().setActive("0123456789abcdef0123456789abcdef", true))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.kind()).isEqualTo(ScimException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> client.directory().createUser(new NewUser("not-an-email", null, null, null)))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.kind()).isEqualTo(ScimException.Kind.PERMANENT));
    }

    @Test
    void aWrongTokenIsInvalidCredentialsAndNeverShown() {
        start(RateLimit.OFF);
        String secret = "wrong-token-value-12345";
        CloudflareScimClient client = client(cf, secret, TokenBudget.Limit.CLOUDFLARE,
                CloudflareScimClient.Settings.defaults());

        assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ScimException.Kind.INVALID_CREDENTIALS);
            assertThat(e.getMessage()).doesNotContain(secret);
        });
        assertThat(ApiToken.of(secret).toString()).doesNotContain(secret);
        assertThat(cf.requests().total()).isEqualTo(1);
    }

    @Test
    void serverErrorsAndDroppedConnectionsAreRetried() {
        start(RateLimit.OFF);
        cf.faults().add(FaultRule.route("GET /Users").errorRate(1).errorStatus(503).times(2).build());
        cf.faults().add(FaultRule.route("POST /Users").dropRate(1).times(1).build());
        CloudflareScimClient client = client();

        assertThat(client.directory().listUsers()).hasSize(1);
        assertThat(client.directory().createUser(new NewUser("alice@example.com", null, null, null)).active()).isTrue();

        assertThat(cf.requests().route("GET /Users")).isEqualTo(3);
        assertThat(cf.requests().route("POST /Users")).isEqualTo(2);
    }

    @Test
    void retriesGiveUpAsTransient() {
        start(RateLimit.OFF);
        cf.faults().add(FaultRule.route("*").errorRate(1).build());
        CloudflareScimClient client = client();

        assertThatThrownBy(client.directory()::listUsers).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.kind()).isEqualTo(ScimException.Kind.TRANSIENT));
        assertThat(cf.requests().total()).isEqualTo(5);
    }

    @Test

    @BeyondPublishedSchema(PublishedSchemaCheck.RATE_LIMIT_BODY)
    void aRateLimitAnswerIsWaitedOutWhenShortAndReportedWhenLong() {
        start(RateLimit.OFF);
        cf.faults().add(FaultRule.route("GET /Users").throttleRate(1).times(1).build());
        CloudflareScimClient patient = client();
        assertThat(patient.directory().listUsers()).hasSize(1);
        assertThat(cf.requests().status(429)).isEqualTo(1);

        cf.faults().add(FaultRule.route("GET /Users").throttleRate(1).times(1).build());
        CloudflareScimClient impatient = client(cf, cf.token(), TokenBudget.Limit.CLOUDFLARE,
                CloudflareScimClient.Settings.defaults().with(c -> c.maxRateLimitWait = Duration.ZERO));
        assertThatThrownBy(impatient.directory()::listUsers).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ScimException.Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void theBudgetKeepsUnderCloudflaresLimitSoNo429Arrives() {
        // 20 requests per 2 s, paced at 90%: 50 requests take three windows and meet no 429.
        start(RateLimit.of(20, Duration.ofSeconds(2)));
        CloudflareScimClient client = client(cf, cf.token(), new TokenBudget.Limit(20, Duration.ofSeconds(2), 0.9),
                CloudflareScimClient.Settings.defaults());
        for (int i = 0; i < 50; i++) {
            client.directory().findUser("user" + i + "@example.com");
        }
        assertThat(cf.requests().total()).isEqualTo(50);
        assertThat(cf.requests().status(429)).isZero();
    }

    @Test
    void cloudflaresHeadersLetTheBudgetUseTheWholeLimitWithNo429() {
        // 50 requests per 2 s and a budget of 90%: the headers let all 50 of a window through. Two
        // seconds, so that the 80 after them must wait even on a machine too busy to send 25 a second.
        start(RateLimit.of(50, Duration.ofSeconds(2)));
        TokenBudget budget = new TokenBudget(new TokenBudget.Limit(50, Duration.ofSeconds(2), 0.9), System::nanoTime,
                d -> Thread.sleep(Math.max(1, d.toMillis())));
        CloudflareScimClient client = new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()), budget,
                CloudflareScimClient.Settings.defaults(), CloudflareScimClient.RequestObserver.NONE);
        for (int i = 0; i < 50; i++) {
            client.directory().findUser("user" + i + "@example.com");
        }
        assertThat(budget.waits()).as("the first window spent whole, no headroom held back").isZero();
        long started = System.nanoTime();
        for (int i = 50; i < 130; i++) {
            client.directory().findUser("user" + i + "@example.com");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(cf.requests().total()).isEqualTo(130);
        assertThat(cf.requests().status(429)).isZero();
        // 80 requests in under 3 s are faster than the limit's 25 a second: only pacing kept them from
        // a 429. On a machine too busy to send them that fast the limit never binds, and nothing waits.
        if (took.compareTo(Duration.ofSeconds(3)) < 0) {
            assertThat(budget.waits()).as("80 requests in %s", took).isPositive();
        }
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADateAnd300SecondsWhenAbsent() {
        assertThat(FailedAnswers.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(FailedAnswers.retryAfter(null)).isEqualTo(Duration.ofSeconds(300));
        assertThat(FailedAnswers.retryAfter("soon")).isEqualTo(Duration.ofSeconds(300));
        assertThat(FailedAnswers.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void filterValuesAreQuoted() {
        assertThat(HttpScimDirectory.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
