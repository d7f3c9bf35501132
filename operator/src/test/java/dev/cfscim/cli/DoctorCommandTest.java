package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.RequestCounts;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.AccountProbe;
import dev.cfscim.scim.ApiToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfscim doctor} over real HTTP against the emulator in each profile, with a bad token, a
 * small page size and the rate limit on and off: the lines, the exit code, at most six requests,
 * and never a write.
 */
@ExtendWith(PublishedSchemaCheck.class)
class DoctorCommandTest {

    private static final String ID = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String TOKEN = "doctor-token";

    @TempDir
    Path dir;

    private final List<CloudflareEmulator> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(CloudflareEmulator::close);
    }

    private CloudflareEmulator emulator(Profile profile, RateLimit limit, int maxPageSize) {
        CloudflareEmulator cf = CloudflareEmulator.builder().onExchange(PublishedSchemaCheck::record)
                .profile(profile).account(ID, TOKEN).rateLimit(limit)
                .maxPageSize(maxPageSize).superAdmin("owner@example.com").build().start();
        started.add(cf);
        return cf;
    }

    private CloudflareEmulator emulator(Profile profile) {
        return emulator(profile, RateLimit.OFF, 100);
    }

    private Path tokenFile(String token) throws IOException {
        return Files.writeString(dir.resolve(token + ".token"), token + "\n");
    }

    /** Applies a declaration, so that the account has members in groups; then counts from zero. */
    private void populate(CloudflareEmulator cf, String declaration) throws IOException {
        CfscimRun.of("apply", "-f", declaration, "--endpoint", cf.scimBaseUrl(),
                "--token-file", tokenFile(TOKEN).toString(), "--auto-approve").assertExit(0);
        cf.resetRequests();
    }

    /** An account in {@code profile} with {@code declaration} applied, its requests counted from zero. */
    private CloudflareEmulator populated(Profile profile, String declaration) throws IOException {
        CloudflareEmulator cf = emulator(profile);
        populate(cf, declaration);
        return cf;
    }

    private CfscimRun doctor(CloudflareEmulator cf, String... more) throws IOException {
        return doctorAt(cf.scimBaseUrl(), tokenFile(TOKEN), more);
    }

    private static CfscimRun doctorAt(String endpoint, Path tokenFile, String... more) {
        List<String> args = new ArrayList<>(List.of("doctor", "--endpoint", endpoint,
                "--token-file", tokenFile.toString()));
        args.addAll(List.of(more));
        return CfscimRun.of(args.toArray(String[]::new));
    }

    /** At most six requests, every one a GET. */
    private static void assertReadOnly(CloudflareEmulator cf, int atMost) {
        RequestCounts counts = cf.requests();
        assertThat(counts.total()).as(counts.routes().toString()).isLessThanOrEqualTo(atMost);
        assertThat(counts.method("GET")).isEqualTo(counts.total());
    }

    @Test
    void virtualGroupsAccountIsReadAndItsEraIsAWarning() throws IOException {
        CloudflareEmulator cf = populated(Profile.VIRTUAL_GROUPS, "../examples/virtual-groups");

        doctor(cf).assertExit(0).contains(
                "ok    endpoint: answered GET /Users",
                "ok    token: accepted",
                "ok    users: 6 (totalResults), 6 on the first page",
                "ok    users' groups: ",
                "ok    group kinds: 70 virtual CF- groups, 0 system groups (cloudflare-v1-...), 0 custom groups",
                "ok    users' group ids: every group a user on the first page is in is a listed group",
                "ok    group model: virtual groups (CF-" + ID + " - <Role Name>)",
                "warn  virtual groups: 70 present: Cloudflare ended",
                "ok    group members: 'CF-" + ID + " - ",
                "ok    memberships agree: ",
                "ok    permission groups: 70",
                "ok    account members: 6 readable",
                "warn  rate limit: no Ratelimit headers")
                .containsPattern("Doctor: \\d+ ok, 2 warn, 0 fail; 6 requests, nothing written\\.");
        assertReadOnly(cf, 6);
        assertThat(cf.requests().total()).isEqualTo(6);
    }

    @Test
    void userGroupsAccountWithItsFilesFitsTheDeclaredMode() throws IOException {
        CloudflareEmulator cf = populated(Profile.USER_GROUPS, "../examples");

        doctor(cf, "-f", "../examples").assertExit(0).contains(
                "(ScimApp ",
                "groupMode UserGroups)",
                "ok    group kinds: 0 virtual CF- groups, 70 system groups (cloudflare-v1-...), 3 custom groups",
                "ok    user groups: 3 (IAM), 3 of the first 3 with an allow policy",
                "ok    group model: user groups (system groups and custom groups with IAM policies); "
                        + "the ScimApp's groupMode is UserGroups",
                "ok    virtual groups: absent, as on today's Cloudflare",
                "(custom): ",
                "ok    memberships agree: ")
                .doesNotContain("fail  ");
        assertReadOnly(cf, 6);
    }

    @Test
    void aVirtualGroupsDeclarationOnAUserGroupsAccountFails() throws IOException {
        CloudflareEmulator cf = emulator(Profile.USER_GROUPS);

        doctor(cf, "-f", "../examples/virtual-groups").assertExit(1)
                .contains("fail  virtual groups: absent: Cloudflare ended the CF-<accountID> - <Role Name> "
                        + "groups on 2 December 2025; groupMode VirtualGroups stops with VirtualGroupsUnavailable here");
        assertReadOnly(cf, 6);
    }

    @Test
    void transitionAccountShowsBothModels() throws IOException {
        CloudflareEmulator cf = populated(Profile.TRANSITION, "../examples");

        doctor(cf).assertExit(0).contains(
                "ok    group model: both: virtual CF- groups and user groups (the 2025 transition)",
                "warn  virtual groups: 50 present in the first 100: Cloudflare ended",
                "ok    user groups: 3 (IAM)",
                "(custom): ",
                "ok    memberships agree: ");
        assertReadOnly(cf, 6);
    }

    @Test
    void aWrongTokenFailsWithWhatToFixAfterOneRequest() throws IOException {
        CloudflareEmulator cf = emulator(Profile.USER_GROUPS);

        doctorAt(cf.scimBaseUrl(), tokenFile("not-the-token")).assertExit(1).contains(
                "ok    endpoint: answered GET /Users with 401",
                "fail  token: refused (401): the token is wrong, expired or revoked",
                "Doctor: 1 ok, 0 warn, 1 fail; 1 requests, nothing written.");
        assertThat(cf.requests().total()).isEqualTo(1);
    }

    @Test
    void aTokenOfAnotherAccountFailsAs403() throws IOException {
        String other = "0123456789abcdef0123456789abcdef";
        CloudflareEmulator cf = CloudflareEmulator.builder().onExchange(PublishedSchemaCheck::record)
                .profile(Profile.USER_GROUPS).account(ID, TOKEN)
                .account(other, "other-token").rateLimit(RateLimit.OFF).build().start();
        started.add(cf);

        doctorAt(cf.scimBaseUrl(other), tokenFile(TOKEN)).assertExit(1)
                .contains("fail  token: refused (403): the token has no access to account " + other);
        assertThat(cf.requests().total()).isEqualTo(1);
    }

    @Test
    void aSmallPageSizeIsReportedWithWhatAFullReadCosts() throws IOException {
        CloudflareEmulator cf = emulator(Profile.VIRTUAL_GROUPS, RateLimit.OFF, 2);
        populate(cf, "../examples/virtual-groups");

        doctor(cf).assertExit(0).contains(
                "ok    users: 6 (totalResults), 2 on the first page",
                "ok    users page size: at most 2 a page (100 asked): the engine pages on; a full read takes 3 requests",
                "ok    groups page size: at most 2 a page (100 asked): the engine pages on; a full read takes 35 requests",
                "in the first 2");
        assertReadOnly(cf, 6);
    }

    @Test
    void rateLimitHeadersGiveTheRemainingBudget() throws IOException {
        CloudflareEmulator cf = emulator(Profile.USER_GROUPS, RateLimit.CLOUDFLARE, 100);

        doctor(cf).assertExit(0)
                .containsPattern("ok    rate limit: 119\\d of 1200 requests left per 300s, resets in \\d+s");
        assertReadOnly(cf, 6);
    }

    @Test
    void aNearlySpentBudgetAndAnotherPolicyAreWarnings() throws IOException {
        CloudflareEmulator cf = emulator(Profile.USER_GROUPS, RateLimit.of(20, Duration.ofMinutes(5)), 100);
        AccountProbe other = new AccountProbe(cf.scimBaseUrl(), ApiToken.of(TOKEN));
        for (int i = 0; i < 14; i++) {
            other.users(1);
        }
        cf.resetRequests();

        CfscimRun run = doctor(cf);

        assertThat(run.out()).contains("warn  rate limit: 1 of 20 requests left per 300s")
                .contains("under 10% left");
        assertReadOnly(cf, 6);

        CloudflareEmulator roomy = emulator(Profile.USER_GROUPS, RateLimit.of(600, Duration.ofMinutes(1)), 100);
        assertThat(doctor(roomy).out()).contains("warn  rate limit: 595 of 600 requests left per 60s")
                .contains("the engine paces at 1200 per 5 minutes");
    }

    @Test
    void aSpentBudgetStopsTheProbeWithoutWaitingOrEarningA429() throws IOException {
        CloudflareEmulator cf = emulator(Profile.USER_GROUPS, RateLimit.of(3, Duration.ofMinutes(5)), 100);

        doctor(cf).assertExit(1).containsPattern("fail  rate limit: not sent, the Ratelimit header said no request is "
                + "left: this token's budget is spent; try again in \\d+s");
        assertThat(cf.requests().total()).isEqualTo(3);
        assertThat(cf.requests().status(429)).isZero();
        assertReadOnly(cf, 6);
    }

    @Test
    @BeyondPublishedSchema(PublishedSchemaCheck.RATE_LIMIT_BODY)
    void a429StopsTheProbeWithoutARetry() throws IOException {
        CloudflareEmulator cf = emulator(Profile.USER_GROUPS);
        cf.faults().add(FaultRule.route("GET /Groups").throttleRate(1.0).build());

        doctor(cf).assertExit(1).contains("fail  rate limit: Cloudflare answered 429: this token's budget is spent; "
                + "try again in 1s");
        assertThat(cf.requests().total()).isEqualTo(2);
        assertReadOnly(cf, 6);
    }

    @Test
    void aServerErrorIsThatCheckFailingOnceWhileTheOthersStillRun() throws IOException {
        CloudflareEmulator cf = populated(Profile.USER_GROUPS, "../examples");
        cf.faults().add(FaultRule.route("GET /members").errorRate(1.0).errorStatus(503).build());

        doctor(cf).assertExit(1).contains(
                "fail  account members: GET /members: 503",
                "ok    memberships agree: ",
                "Doctor: ",
                " 1 fail; 6 requests, nothing written.");
        assertThat(cf.requests().route("GET /members")).isEqualTo(1);
        assertReadOnly(cf, 6);
    }

    @Test
    void jsonCarriesAFormatVersionEachCheckAndTheExitCode() throws IOException {
        CloudflareEmulator cf = populated(Profile.USER_GROUPS, "../examples");

        CfscimRun run = doctor(cf, "--json");

        assertThat(run.exit()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.path("format_version").asInt()).isEqualTo(DoctorCommand.FORMAT_VERSION);
        assertThat(root.path("endpoint").asText()).isEqualTo(cf.scimBaseUrl());
        assertThat(root.path("exit_code").asInt()).isZero();
        assertThat(root.path("requests").asInt()).isEqualTo(6);
        assertThat(root.path("summary").path("fail").asInt()).isZero();
        List<String> names = new ArrayList<>();
        root.path("checks").forEach(c -> names.add(c.path("check").asText()));
        assertThat(names).contains("token", "users' groups", "group model", "group members", "rate limit");
        assertThat(root.path("checks").get(1).path("status").asText()).isEqualTo("ok");
        assertReadOnly(cf, 6);
    }

    @Test
    void anEndpointThatDoesNotAnswerFailsWithoutATokenVerdict() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        CfscimRun run = doctorAt("http://127.0.0.1:" + port + "/client/v4/accounts/" + ID + "/scim/v2", tokenFile(TOKEN));

        run.assertExit(1).contains("fail  endpoint: GET /Users: no answer from 127.0.0.1:" + port + ": connection refused")
                .doesNotContain("token:")
                .contains("Doctor: 0 ok, 0 warn, 1 fail; 1 requests, nothing written.");
    }

    @Test
    void anUrlThatIsNoScimBaseFailsAsTheEndpoint() throws IOException {
        CloudflareEmulator cf = emulator(Profile.USER_GROUPS);

        doctorAt(cf.baseUrl() + "/client/v4/accounts/" + ID + "/scim/v3", tokenFile(TOKEN)).assertExit(1)
                .contains("fail  endpoint: GET /Users is a 404, so this is no SCIM base URL")
                .doesNotContain("token:");
        assertThat(cf.requests().total()).isLessThanOrEqualTo(1);
    }

    @Test
    void withoutAnythingToProbeItSaysWhatToGive() {
        CfscimRun run = CfscimRun.of("doctor");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("nothing to probe: give -f FILES, --endpoint URL or --account-id ID");
    }

    @Test
    void plainHttpToAnotherMachineIsRefusedBeforeAnyRequest() throws IOException {
        CfscimRun run = doctorAt("http://example.com/client/v4/accounts/" + ID + "/scim/v2", tokenFile(TOKEN));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("refusing plain http to example.com");
    }
}
