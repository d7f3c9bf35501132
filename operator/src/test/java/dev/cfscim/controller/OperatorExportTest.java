package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ManagementPolicy;
import dev.cfscim.cli.Cfscim;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.NewUser;
import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.TokenBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An account adopted by {@code cfscim export}: its files applied with {@code managementPolicy:
 * Manage}, the operator finds nothing to change, sends Cloudflare only GETs, and is Ready.
 */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorExportTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"VIRTUAL_GROUPS", "USER_GROUPS"})
    void theExportUnderManageWritesNothingButItsClaims(Profile profile) throws IOException {
        try (OperatorHarness h = new OperatorHarness(CloudflareEmulator.builder().profile(profile))) {
            seed(h, profile);
            Path token = Files.writeString(dir.resolve("token"), h.token);
            Path out = dir.resolve("export");
            StringWriter err = new StringWriter();
            var cli = Cfscim.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute("export", "--endpoint", h.cf.scimBaseUrl(), "--token-file", token.toString(),
                    "--app", "acme-prod", "--namespace", OperatorHarness.NAMESPACE, "--out", out.toString());
            assertThat(exit).as(err.toString()).isZero();
            h.cf.resetRequests();

            h.applyExamples(out, app -> app.getSpec().setManagementPolicy(ManagementPolicy.Manage));
            h.startOperator();

            eventually().until(() -> is(h.app(), "Ready", "True"));
            assertThat(h.cf.requests().total()).as("the operator read the account").isPositive();
            // The app takes over what it declares, and changes no access: its tag on the two members
            // (a PUT each) and, in the user-groups model, on the group pushed before groups carried an app's tag.
            assertThat(h.cf.requests().routes().keySet()).as("%s", h.cf.requests().routes())
                    .allMatch(route -> route.startsWith("GET ") || route.equals("PUT /Users/{id}")
                            || route.equals("POST /Groups") || route.equals("PATCH /Groups/{id}"));
            assertThat(h.cf.requests().route("PUT /Users/{id}")).isEqualTo(2);
            assertThat(h.cf.account().member("ann@example.com").orElseThrow().externalId())
                    .isEqualTo("cfscim:" + OperatorHarness.NAMESPACE + "/acme-prod#okta-1");
            assertThat(h.roles("ann@example.com")).contains("Administrator");
            assertThat(h.roles("ben@example.com")).contains("Administrator");
            assertThat(h.isMember("cat@example.com")).isFalse();
        }
    }

    /** Three members, one deprovisioned, two holding Administrator: through its role group or a user group. */
    private static void seed(OperatorHarness h, Profile profile) {
        CloudflareScimClient client = new CloudflareScimClient(h.cf.scimBaseUrl(), ApiToken.of(h.token),
                new TokenBudget(TokenBudget.Limit.CLOUDFLARE), CloudflareScimClient.Settings.defaults(),
                CloudflareScimClient.RequestObserver.NONE);
        RemoteUser ann = client.directory().createUser(new NewUser("ann@example.com", "Ann", "Lee", "okta-1"));
        RemoteUser ben = client.directory().createUser(new NewUser("ben@example.com", null, null, null));
        RemoteUser cat = client.directory().createUser(new NewUser("cat@example.com", "Cat", null, null));
        String group;
        if (profile == Profile.VIRTUAL_GROUPS) {
            group = h.cf.account().roleGroupId("Administrator");
        } else {
            group = client.directory().createGroup("Platform", "cfscim").id();
            client.iam().setPolicies(group, client.iam().accountResourceGroup("com.cloudflare.api.account." + OperatorHarness.ACCOUNT),
                    List.of(h.cf.account().permissionGroupId("Administrator")));
        }
        client.directory().addMembers(group, List.of(ann.id(), ben.id()));
        client.directory().setActive(cat.id(), false);
    }
}
