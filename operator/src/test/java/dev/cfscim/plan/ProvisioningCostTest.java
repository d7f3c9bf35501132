package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.RequestCounts;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The requests {@code apply} spends to provision 1,000 users in 10 role groups from an empty
 * account, beside the floor: the creates, one member PATCH per group and batch of 100, and one full
 * scan. Counts, not timings: the same every run. It prints the figures the README reports.
 */
@ExtendWith(PublishedSchemaCheck.class)
class ProvisioningCostTest {

    static final int USERS = 1000;
    static final List<String> ROLES = List.of("Administrator", "Administrator Read Only", "Analytics", "Audit Logs Viewer",
            "Billing", "Cache Purge", "Cloudflare Access", "DNS", "Firewall", "Load Balancer");

    @Test
    void provisioningAThousandUsersCostsTheFloor() {
        try (CloudflareEmulator cf = CloudflareEmulator.builder().onExchange(PublishedSchemaCheck::record)
                .profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.OFF)
                .superAdmin("owner@example.com").build().start()) {
            Fixture.Desired declared = Fixture.desired();
            for (int i = 0; i < USERS; i++) {
                declared.user(String.format("user%04d@example.com", i), ROLES.get(i % ROLES.size()));
            }
            DesiredState desired = declared.build();
            Engine engine = new Engine(new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()),
                    new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime, d -> Thread.sleep(d.toMillis())),
                    CloudflareScimClient.Settings.defaults(), CloudflareScimClient.RequestObserver.NONE));

            RemoteState remote = engine.scan(cf.accountId());
            Plan plan = engine.plan(desired, remote, PlanPolicy.defaults(), null);
            Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

            RequestCounts counts = cf.requests();
            long creates = USERS;
            long memberPatches = ROLES.size() * (long) Math.ceil(USERS / (double) ROLES.size() / 100);
            long scan = 1 + 1; // one page of users (the account holds only its owner), one of groups
            long floor = creates + memberPatches + scan;
            System.out.printf("Provisioning %d users in %d role groups from empty: %d requests "
                            + "(%d POST /Users, %d PATCH /Groups, %d GET); floor %d (creates %d + member PATCHes %d "
                            + "+ scan %d); ratio %.3f%n", USERS, ROLES.size(), counts.total(), counts.route("POST /Users"),
                    counts.route("PATCH /Groups/{id}"), counts.method("GET"), floor, creates, memberPatches, scan,
                    counts.total() / (double) floor);

            assertThat(result.complete()).isTrue();
            assertThat(cf.account().members()).hasSize(USERS + 1);
            assertThat(counts.total()).isLessThanOrEqualTo(Math.round(floor * 1.05));
        }
    }
}
