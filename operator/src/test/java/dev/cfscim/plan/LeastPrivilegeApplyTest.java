package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Exchange;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Never more than Git gives, at any step: an observer reads the account between every request of an
 * apply (the emulator calls it after a request has changed the account, before it answers), and no
 * declared member may ever hold a role the declaration does not give them and they did not hold
 * before.
 */
@ExtendWith(PublishedSchemaCheck.class)
class LeastPrivilegeApplyTest {

    private static final String MINIMAL = "Minimal Account Access";

    @AutoClose
    private CloudflareEmulator cf;
    /** userName to the roles it may hold at any step; the observer records every step that broke it. */
    private final Map<String, Set<String>> allowed = new ConcurrentHashMap<>();
    private final List<String> excess = java.util.Collections.synchronizedList(new ArrayList<>());

    private void start() {
        cf = CloudflareEmulator.builder().profile(Profile.USER_GROUPS).onExchange(PublishedSchemaCheck::record)
                .onExchange(this::observe).account(Fixture.ACCOUNT, "test-token").rateLimit(RateLimit.OFF)
                .superAdmin("owner@example.com").build().start();
    }

    private void observe(Exchange exchange) {
        allowed.forEach((userName, roles) -> {
            List<String> held = new ArrayList<>(cf.account().effectiveRoles(userName));
            held.remove(MINIMAL);
            if (!roles.containsAll(held)) {
                excess.add("after " + exchange.describe() + ": " + userName + " held " + held);
            }
        });
    }

    private Engine engine() {
        CloudflareScimClient client = new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()),
                new TokenBudget(TokenBudget.Limit.CLOUDFLARE), CloudflareScimClient.Settings.defaults()
                .with(c -> {
                    c.baseBackoff = Duration.ofMillis(5);
                    c.maxBackoff = Duration.ofMillis(50);
                }), CloudflareScimClient.RequestObserver.NONE);
        return new Engine(client.directory(), client.iam(),
                new Owner("cfscim:team/acme"));
    }

    private Applier.Result planAndApply(Engine engine, DesiredState desired) {
        RemoteState remote = engine.scan(Fixture.ACCOUNT, DesiredState.Model.USER_GROUPS);
        Plan plan = engine.plan(desired, remote, PlanPolicy.defaults().withRoleRemovalLimit(1000), null);
        return engine.apply(plan, remote, Applier.Listener.NONE);
    }

    /**
     * The reviewer's scenario: a user group of the declared name exists, made by hand, whose policy
     * grants Analytics, which no binding gives; the plan adds 57 new members to it.
     */
    @Test
    void adoptingAGroupWhosePolicyGrantsMoreBringsItDownBeforeAnyoneJoins() {
        start();
        cf.account().seedUserGroup("Platform", "Analytics", "DNS");
        List<String> people = IntStream.range(0, 57).mapToObj(i -> "person" + i + "@example.com").toList();
        Fixture.Desired declared = Fixture.desired();
        people.forEach(declared::user);
        people.forEach(p -> allowed.put(p, Set.of("DNS")));

        Applier.Result result = planAndApply(engine(), declared.group("Platform", people, "DNS").buildUserGroups());

        assertThat(result.complete()).as(result.failed().toString()).isTrue();
        assertThat(excess).as("nobody ever held Analytics").isEmpty();
        assertThat(people).allMatch(p -> cf.account().effectiveRoles(p).contains("DNS")
                && !cf.account().effectiveRoles(p).contains("Analytics"));
    }

    /**
     * A pushed group's policy widens while one member leaves it (the ScimGroup) and another leaves
     * the account (active: false): neither ever holds the new role.
     */
    @Test
    void aPolicyWidensOnlyOnceThoseWhoMustNotGetItHaveLeft() {
        start();
        Engine engine = engine();
        List<String> team = List.of("alice@example.com", "bob@example.com", "dan@example.com");
        Applier.Result first = planAndApply(engine, Fixture.desired().user("alice@example.com").user("bob@example.com")
                .user("dan@example.com").group("SRE", team, "DNS").buildUserGroups());
        assertThat(first.complete()).isTrue();

        allowed.put("alice@example.com", Set.of("DNS", "Administrator Read Only"));
        allowed.put("carol@example.com", Set.of("DNS", "Administrator Read Only"));
        allowed.put("bob@example.com", Set.of("DNS"));
        allowed.put("dan@example.com", Set.of("DNS"));
        Applier.Result second = planAndApply(engine, Fixture.desired().user("alice@example.com")
                .user("bob@example.com").user("carol@example.com").inactive("dan@example.com")
                .group("SRE", List.of("alice@example.com", "carol@example.com"), "DNS", "Administrator Read Only")
                .buildUserGroups());

        assertThat(second.complete()).as(second.failed().toString()).isTrue();
        assertThat(excess).as("bob and dan never held Administrator Read Only").isEmpty();
        assertThat(cf.account().effectiveRoles("alice@example.com")).contains("DNS", "Administrator Read Only");
        assertThat(cf.account().effectiveRoles("bob@example.com")).containsExactly(MINIMAL);
        assertThat(cf.account().member("dan@example.com").filter(m -> m.active())).isEmpty();
    }
}
