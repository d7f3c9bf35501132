package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.NewUser;
import dev.cfscim.scim.RemoteGroup;
import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.TokenBudget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The round trip: for random accounts in each group model (members with and without names and
 * externalIds, memberships, deprovisioned members, Super Administrators outside SCIM, colliding
 * names), {@code cfscim export} sends only GETs and {@code cfscim plan} on what it wrote says
 * {@code No changes.}; the export is the same byte for byte when run again; and a user group made
 * outside cfscim plans its adoption and nothing else.
 */
@ExtendWith(PublishedSchemaCheck.class)
class ExportRoundTripPropertyTest {

    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String TOKEN = "export-round-trip-token";
    private static final String SUPER = "Super Administrator - All Privileges";
    private static final int SEEDS = 30;
    /** Same local parts and slugs on purpose: names must come out distinct and stable. */
    private static final List<String> POOL = List.of("ann@example.com", "ann@other.example.com", "ben.lee@example.com",
            "ben-lee@example.com", "cat@example.com", "dan@example.com", "eve@example.com");
    private static final List<String> ROLES = List.of("Administrator", "Administrator Read Only", "DNS");
    private static final List<String> GROUPS = List.of("Admins", "Readers", "On Call", "on-call");

    @TempDir
    Path dir;

    private CloudflareEmulator cf;
    private Path tokenFile;

    @AfterEach
    void stop() throws IOException {
        if (cf != null) {
            cf.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"VIRTUAL_GROUPS", "USER_GROUPS"})
    void exportThenPlanChangesNoAccessAndOneApplyOfItsClaimsLeavesNothing(Profile profile) throws IOException {
        start(profile);
        for (long seed = 0; seed < SEEDS; seed++) {
            cf.reset();
            Random random = new Random(seed);
            seedAccount(random, profile);
            cf.resetRequests();
            Path out = dir.resolve(profile.label() + "-" + seed);

            CfscimRun export = CfscimRun.of(exportArgs("--out", out.toString()));

            assertThat(export.exit()).as("seed %d: %s", seed, export.err()).isZero();
            assertThat(cf.requests().total()).as("seed %d: export reads", seed).isPositive()
                    .isEqualTo(cf.requests().method("GET"));
            String written = readAll(out);
            assertThat(written + export.out() + export.err()).as("seed %d: the token", seed).doesNotContain(TOKEN);

            CfscimRun plan = CfscimRun.of("plan", "-f", out.toString(), "--endpoint", cf.scimBaseUrl(),
                    "--token-file", tokenFile.toString());
            assertThat(plan.exit()).as("seed %d:\n%s\n%s\n%s", seed, plan.out(), plan.err(), written).isZero();
            // The app takes over what it declares: its tag on each member and user group, nothing else.
            assertThat(plan.out().lines().filter(l -> l.startsWith("  ")).toList()).as("seed %d:\n%s", seed, plan.out())
                    .allMatch(l -> l.matches("  ! (update user \\S+|adopt group \".+\")  \\(held, ManagementPolicyObserve.*"));

            if (seed % 4 == 0) {
                // Managed, one apply makes the claims (PUT of a member, a group's externalId) and then nothing is left.
                Files.writeString(out.resolve("app.yaml"), Files.readString(out.resolve("app.yaml"))
                        .replace("managementPolicy: Observe", "managementPolicy: Manage"));
                cf.resetRequests();
                CfscimRun apply = CfscimRun.of("apply", "-f", out.toString(), "--endpoint", cf.scimBaseUrl(),
                        "--token-file", tokenFile.toString(), "--auto-approve");
                assertThat(apply.exit()).as("seed %d:\n%s\n%s", seed, apply.out(), apply.err()).isZero();
                assertThat(cf.requests().routes().keySet()).as("seed %d", seed).allMatch(route -> route.startsWith("GET ")
                        || route.equals("PUT /Users/{id}") || route.equals("POST /Groups")
                        || route.equals("PATCH /Groups/{id}"));
                assertThat(CfscimRun.of("plan", "-f", out.toString(), "--endpoint", cf.scimBaseUrl(), "--token-file",
                        tokenFile.toString()).out()).as("seed %d", seed).contains("No changes.");
                continue;
            }

            if (seed % 8 == 0) {
                CfscimRun again = CfscimRun.of(exportArgs("--out", out.toString()));
                assertThat(again.exit()).isZero();
                assertThat(readAll(out)).as("seed %d: a second export", seed).isEqualTo(written);
                CfscimRun streamed = CfscimRun.of(exportArgs());
                assertThat(streamed.out()).as("seed %d: stdout, twice", seed)
                        .isEqualTo(CfscimRun.of(exportArgs()).out());
            }
        }
    }

    @Test
    void aUserGroupMadeByHandPlansItsAdoptionAndNothingElse() throws Exception {
        start(Profile.USER_GROUPS);
        CloudflareScimClient client = client();
        RemoteUser ann = client.directory().createUser(new NewUser("ann@example.com", "Ann", null, null));
        String body = "{\"name\":\"Contractors\",\"policies\":[{\"access\":\"allow\",\"permission_groups\":[{\"id\":\""
                + cf.account().permissionGroupId("DNS") + "\"}],\"resource_groups\":[{\"id\":\""
                + cf.account().accountResourceGroupId() + "\"}]}]}";
        HttpResponse<String> made = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cf.iamBaseUrl() + "/iam/user_groups"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        String handMade = cf.account().groups().stream().filter(g -> g.displayName().equals("Contractors"))
                .findFirst().orElseThrow().id();
        client.directory().addMembers(handMade, List.of(ann.id()));
        Path out = dir.resolve("hand-made");

        CfscimRun export = CfscimRun.of(exportArgs("--out", out.toString()));
        CfscimRun plan = CfscimRun.of("plan", "-f", out.toString(), "--endpoint", cf.scimBaseUrl(),
                "--token-file", tokenFile.toString());

        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(Files.readString(out.resolve("groups.yaml"))).contains("made outside cfscim: the first apply adopts it");
        // 2 (changes pending) here; the plan's lines are what this pins, whatever exit code plan uses.
        assertThat(plan.exit()).as(plan.err()).isIn(0, 2);
        // The only differences: cfscim marks the group and the member as its own before it manages them.
        assertThat(plan.out().lines().filter(l -> l.startsWith("  ")).toList()).as(plan.out()).satisfiesExactly(
                line -> assertThat(line).startsWith("  ! update user ann@example.com  (held, ManagementPolicyObserve"),
                line -> assertThat(line).startsWith("  ! adopt group \"Contractors\"  (held, ManagementPolicyObserve"));
        assertThat(plan.out()).contains("Plan: 0 to add, 0 to change, 0 to remove, 2 held.");
    }

    private void start(Profile profile) throws IOException {
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        cf = CloudflareEmulator.builder().profile(profile).account(ACCOUNT, TOKEN).rateLimit(RateLimit.OFF)
                .onExchange(PublishedSchemaCheck::record).superAdmin("owner@example.com").build().start();
    }

    private String[] exportArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("export", "--endpoint", cf.scimBaseUrl(), "--token-file",
                tokenFile.toString(), "--app", "acme", "--namespace", "cfscim"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * A random account, built through SCIM and IAM as an identity provider or a person would:
     * members, their role groups (virtual model) or user groups with policies and system groups
     * (user-groups model), some deprovisioned, and Super Administrators outside SCIM.
     */
    private void seedAccount(Random random, Profile profile) {
        CloudflareScimClient client = client();
        if (random.nextBoolean()) {
            cf.account().seedMemberByPolicy("policy-admin@example.com", SUPER);
        }
        if (random.nextInt(3) == 0) {
            cf.account().seedMember("outside@example.com", "Administrator");
        }
        List<RemoteUser> users = new ArrayList<>();
        for (String userName : POOL) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            users.add(client.directory().createUser(new NewUser(userName,
                    random.nextBoolean() ? "Given" + random.nextInt(9) : null,
                    random.nextBoolean() ? "Family" + random.nextInt(9) : null,
                    random.nextBoolean() ? "ext-" + random.nextInt(1000) : null)));
        }
        if (profile == Profile.VIRTUAL_GROUPS) {
            for (String role : ROLES) {
                addSome(client, random, cf.account().roleGroupId(role), users, true);
            }
        } else {
            String scope = "com.cloudflare.api.account." + ACCOUNT;
            String resourceGroup = client.iam().accountResourceGroup(scope);
            for (String name : GROUPS) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                RemoteGroup group = client.directory().createGroup(name, "cfscim");
                List<String> grants = ROLES.stream().filter(r -> random.nextInt(3) == 0)
                        .map(r -> cf.account().permissionGroupId(r)).toList();
                if (!grants.isEmpty()) {
                    client.iam().setPolicies(group.id(), resourceGroup, grants);
                }
                addSome(client, random, group.id(), users, true);
            }
            if (random.nextInt(3) == 0) {
                addSome(client, random, cf.account().roleGroupId("DNS"), users, false);
            }
        }
        for (RemoteUser user : users) {
            if (random.nextInt(5) == 0) {
                client.directory().setActive(user.id(), false);
            }
        }
    }

    /** A client of the account's own, as an identity provider or a person would use to build it. */
    private CloudflareScimClient client() {
        return new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(TOKEN),
                new TokenBudget(new TokenBudget.Limit(100_000, Duration.ofMinutes(5), 1.0)),
                CloudflareScimClient.Settings.defaults(), CloudflareScimClient.RequestObserver.NONE);
    }

    private static void addSome(CloudflareScimClient client, Random random, String groupId, List<RemoteUser> users,
                                boolean withOwner) {
        List<String> ids = new ArrayList<>();
        users.stream().filter(u -> random.nextInt(3) == 0).forEach(u -> ids.add(u.id()));
        if (withOwner && random.nextInt(4) == 0) {
            client.directory().findUser("owner@example.com").ifPresent(o -> ids.add(o.id()));
        }
        if (!ids.isEmpty()) {
            client.directory().addMembers(groupId, ids);
        }
    }

    /** Every file of a folder, name then content, in name order. */
    private static String readAll(Path folder) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                all.append(file.getFileName()).append('\n').append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
