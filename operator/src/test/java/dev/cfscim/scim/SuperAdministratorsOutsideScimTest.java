package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who holds Super Administrator outside SCIM, read over HTTP from the emulator's v4 members: roles and policies. */
@ExtendWith(PublishedSchemaCheck.class)
class SuperAdministratorsOutsideScimTest {

    static final String SUPER = MemberPolicies.SUPER_ADMINISTRATOR;

    @AutoClose
    private CloudflareEmulator cf;

    private CloudflareScimClient client() {
        TokenBudget budget = new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime,
                d -> Thread.sleep(Math.max(1, d.toMillis())));
        return new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()), budget,
                CloudflareScimClient.Settings.defaults().with(c -> {
                    c.baseBackoff = Duration.ofMillis(5);
                    c.maxBackoff = Duration.ofMillis(20);
                }),
                CloudflareScimClient.RequestObserver.NONE);
    }

    private String accountScopeKey() {
        return "com.cloudflare.api.account." + cf.accountId();
    }

    @Test
    void aRoleOrAPolicyOnTheAccountMakesOneAndARoleThroughAGroupDoesNot() {
        cf = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .onExchange(PublishedSchemaCheck::record)
                .rateLimit(RateLimit.OFF).superAdmin("owner@example.com")
                .superAdminByPolicy("Delegate@Example.com").build().start();
        cf.account().seedMemberByPolicy("dns@example.com", "DNS");
        String alice = cf.account().seedMember("alice@example.com");
        CloudflareScimClient client = client();
        client.directory().addMembers(cf.account().roleGroupId(SUPER), List.of(alice));

        assertThat(client.iam().superAdministratorsOutsideScim(accountScopeKey()))
                .containsExactlyInAnyOrder("owner@example.com", "delegate@example.com");
        assertThat(cf.requests().route("GET /members")).isEqualTo(1);
    }

    @Test
    void everyPageOfMembersIsRead() {
        cf = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .onExchange(PublishedSchemaCheck::record).rateLimit(RateLimit.OFF).build().start();
        for (int i = 0; i < 120; i++) {
            cf.account().seedMember("user" + i + "@example.com");
        }
        cf.account().seedMemberByPolicy("last@example.com", SUPER);

        assertThat(client().iam().superAdministratorsOutsideScim(accountScopeKey())).containsExactly("last@example.com");
        assertThat(cf.requests().route("GET /members")).isEqualTo(3);
    }
}
