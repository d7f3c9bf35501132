package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.ExistingUserGroups;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.LastSuperAdminMode;
import dev.cfscim.emulator.MemberView;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scan, plan and apply against the emulator over HTTP, with and without faults. */
@ExtendWith(PublishedSchemaCheck.class)
class EngineTest {

    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String OWNER = "owner@example.com";
    static final String SUPER = RemoteState.SUPER_ADMINISTRATOR;

    @AutoClose
    private CloudflareEmulator cf;

    private CloudflareEmulator start(LastSuperAdminMode mode) {
        cf = CloudflareEmulator.builder().onExchange(PublishedSchemaCheck::record)
                .profile(Profile.VIRTUAL_GROUPS)
                .account(ACCOUNT, "test-token").rateLimit(RateLimit.OFF)
                .lastSuperAdmin(mode).superAdmin(OWNER).seed(42).build().start();
        return cf;
    }

    private Engine engine() {
        TokenBudget budget = new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime,
                d -> Thread.sleep(Math.max(1, d.toMillis())));
        CloudflareScimClient client = new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()), budget,
                CloudflareScimClient.Settings.defaults().with(c -> {
                    c.baseBackoff = Duration.ofMillis(5);
                    c.maxBackoff = Duration.ofMillis(50);
                }),
                CloudflareScimClient.RequestObserver.NONE);
        return new Engine(client.directory(), client.iam());
    }

    private static Declared examples() {
        LoadResult loaded = new ResourceLoader().load(Path.of("../examples/virtual-groups"));
        assertThat(loaded.problems().hasErrors()).as(loaded.problems().toString()).isFalse();
        ScimApp app = loaded.resources().apps().get(0);
        return new Declared(PlanInputs.desiredState(loaded.resources(), app), PlanInputs.policy(app));
    }

    record Declared(DesiredState desired, PlanPolicy policy) {
    }

    /** Applies until a plan is empty, as successive reconciles would; returns the number of runs. */
    private int converge(Engine engine, DesiredState desired, PlanPolicy policy) {
        for (int run = 1; run <= 10; run++) {
            RemoteState remote = engine.scan(ACCOUNT);
            Plan plan = engine.plan(desired, remote, policy, null);
            if (plan.changes().isEmpty()) {
                return run;
            }
            engine.apply(plan, remote, Applier.Listener.NONE);
        }
        throw new AssertionError("did not converge in 10 runs");
    }

    /** The account's roles per member, as the emulator holds them. */
    private Map<String, Set<String>> rolesInCloudflare() {
        Map<String, Set<String>> roles = new TreeMap<>();
        for (MemberView member : cf.account().members()) {
            if (member.active()) {
                roles.put(member.userName(), new TreeSet<>(member.roles()));
            }
        }
        return roles;
    }

    private static Map<String, Set<String>> expectedRoles(DesiredState desired) {
        Map<String, Set<String>> roles = new TreeMap<>();
        roles.put(OWNER, new TreeSet<>(List.of("Minimal Account Access", SUPER)));
        desired.users().values().stream().filter(DesiredUser::shouldBeMember).forEach(u -> {
            Set<String> held = new TreeSet<>(desired.rolesOf(u.key()));
            held.add("Minimal Account Access");
            roles.put(u.userName(), held);
        });
        return roles;
    }

    @Test
    void appliesTheExamplesFromEmptyAndTheNextPlanIsEmpty() {
        start(LastSuperAdminMode.SILENT);
        Declared examples = examples();
        Engine engine = engine();
        RemoteState remote = engine.scan(ACCOUNT);
        Plan plan = engine.plan(examples.desired(), remote, examples.policy(), null);

        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(result.complete()).isTrue();
        assertThat(result.applied()).hasSize(plan.changes().size());
        assertThat(rolesInCloudflare()).isEqualTo(expectedRoles(examples.desired()));
        assertThat(Planner.plan(examples.desired(), remote, examples.policy()).isEmpty())
                .as("the state the applier kept current needs no more changes").isTrue();
        assertThat(engine.plan(examples.desired(), engine.scan(ACCOUNT), examples.policy(), null).isEmpty())
                .as("a fresh scan agrees").isTrue();
    }

    @Test
    @BeyondPublishedSchema(PublishedSchemaCheck.RATE_LIMIT_BODY)
    void convergesThroughServerErrorsAndRateLimitsWithNoDuplicateAndNoUnintendedDeprovision() {
        start(LastSuperAdminMode.SILENT);
        cf.faults().add(FaultRule.route("*").errorRate(0.10).errorStatus(503).throttleRate(0.05).build());
        Fixture.Desired declared = Fixture.desired();
        for (int i = 0; i < 60; i++) {
            declared.user("user" + i + "@example.com", i % 3 == 0 ? "Administrator" : "DNS");
        }
        DesiredState desired = declared.build();

        converge(engine(), desired, PlanPolicy.defaults());

        assertThat(cf.account().members()).extracting(m -> m.userName().toLowerCase()).doesNotHaveDuplicates();
        assertThat(rolesInCloudflare()).isEqualTo(expectedRoles(desired));
        assertThat(cf.requests().status(503)).isPositive();
        assertThat(cf.requests().status(429)).isPositive();
    }

    @Test
    void aCreateWhoseAnswerIsLostIsAdoptedNotDuplicated() {
        start(LastSuperAdminMode.SILENT);
        cf.faults().add(FaultRule.route("POST /Users").errorRate(0.3).phase(FaultRule.Phase.AFTER).build());
        cf.faults().add(FaultRule.route("POST /Users").dropRate(0.2).phase(FaultRule.Phase.AFTER).build());
        Fixture.Desired declared = Fixture.desired();
        for (int i = 0; i < 40; i++) {
            declared.user("user" + i + "@example.com", "Administrator Read Only");
        }
        DesiredState desired = declared.build();

        converge(engine(), desired, PlanPolicy.defaults());

        assertThat(cf.account().members()).hasSize(41);
        assertThat(rolesInCloudflare()).isEqualTo(expectedRoles(desired));
        assertThat(cf.requests().status(409)).as("retried creates met the user already there").isPositive();
    }

    @Test
    void anApplyStoppedHalfWayResumesInANewProcessWithoutDuplicates() {
        start(LastSuperAdminMode.SILENT);
        Fixture.Desired declared = Fixture.desired();
        for (int i = 0; i < 30; i++) {
            declared.user("user" + i + "@example.com", "DNS");
        }
        DesiredState desired = declared.build();
        Engine first = engine();
        RemoteState remote = first.scan(ACCOUNT);
        Plan plan = first.plan(desired, remote, PlanPolicy.defaults(), null);
        // After 12 creates Cloudflare fails every attempt of the next one: the apply stops half-way,
        // as if the process had died there.
        Applier.Listener outageAfter12 = new Applier.Listener() {
            int applied;

            @Override
            public void applied(Change change) {
                if (++applied == 12) {
                    cf.faults().add(FaultRule.route("POST /Users").errorRate(1).times(5).build());
                }
            }
        };
        Applier.Result stopped = first.apply(plan, remote, outageAfter12);
        assertThat(stopped.aborted()).isNotNull();
        assertThat(stopped.applied()).hasSize(12);

        converge(engine(), desired, PlanPolicy.defaults());

        assertThat(cf.account().members()).hasSize(31);
        assertThat(rolesInCloudflare()).isEqualTo(expectedRoles(desired));
    }

    @Test
    void theOnlySuperAdministratorDeclaredInactiveIsHeldAndNeverSent() {
        start(LastSuperAdminMode.SILENT);
        DesiredState desired = Fixture.desired().inactive(OWNER).user("alice@example.com").build();
        Engine engine = engine();
        RemoteState remote = engine.scan(ACCOUNT);

        Plan plan = engine.plan(desired, remote, PlanPolicy.defaults(), null);
        engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(plan.held()).singleElement().satisfies(h -> {
            assertThat(h.reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR);
            assertThat(h.change()).isInstanceOf(Change.DeactivateUser.class);
        });
        assertThat(cf.requests().route("PATCH /Users/{id}")).isZero();
        assertThat(cf.requests().route("GET /members")).as("learned who holds it outside SCIM").isEqualTo(1);
        assertThat(cf.account().member(OWNER).orElseThrow().active()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(LastSuperAdminMode.class)
    void cloudflaresRefusalToDeprovisionIsReportedAsHeldInBothForms(LastSuperAdminMode mode) {
        start(mode);
        Engine engine = engine();
        RemoteState remote = engine.scan(ACCOUNT);
        String ownerId = remote.user(OWNER).orElseThrow().id();
        // What a planner blind to roles outside SCIM would send.
        Plan blind = new Plan(ACCOUNT, List.of(new Change.DeactivateUser(ownerId, OWNER, "active: false")), List.of(),
                List.of());

        Applier.Result result = engine.apply(blind, remote, Applier.Listener.NONE);

        assertThat(result.applied()).isEmpty();
        assertThat(result.held()).singleElement().satisfies(h ->
                assertThat(h.reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR));
        assertThat(remote.user(OWNER).orElseThrow().active()).isTrue();
        assertThat(cf.account().member(OWNER).orElseThrow().active()).isTrue();
    }

    /**
     * Alice, provisioned through SCIM, holds Super Administrator through its role group, and the
     * plan would deprovision her; {@code holder} is another member holding it only through its own
     * policy on the account (no role), or null for an account without one.
     */
    private Plan deprovisionTheLastScimSuperAdministrator(String holder) {
        CloudflareEmulator.Builder account = CloudflareEmulator.builder().onExchange(PublishedSchemaCheck::record)
                .profile(Profile.VIRTUAL_GROUPS)
                .account(ACCOUNT, "test-token")
                .rateLimit(RateLimit.OFF).seed(42);
        if (holder != null) {
            account.superAdminByPolicy(holder);
        }
        cf = account.build().start();
        Engine engine = engine();
        converge(engine, Fixture.desired().user("alice@example.com", SUPER).build(), PlanPolicy.defaults());
        assertThat(cf.account().member("alice@example.com").orElseThrow().hasRole(SUPER)).isTrue();
        RemoteState remote = engine.scan(ACCOUNT);
        long membersReadBefore = cf.requests().route("GET /members");

        Plan plan = engine.plan(Fixture.desired().inactive("alice@example.com").build(), remote,
                PlanPolicy.defaults(), null);
        engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(cf.requests().route("GET /members") - membersReadBefore)
                .as("learned who holds it outside SCIM").isEqualTo(1);
        return plan;
    }

    @Test
    void theLastScimSuperAdministratorGoesWhenAnotherMemberHoldsItThroughAPolicyAlone() {
        Plan plan = deprovisionTheLastScimSuperAdministrator(OWNER);

        assertThat(plan.held()).isEmpty();
        assertThat(plan.changes()).anySatisfy(c -> assertThat(c).isInstanceOf(Change.DeactivateUser.class));
        assertThat(cf.account().member("alice@example.com")).isEmpty();
        assertThat(cf.account().member(OWNER).orElseThrow().hasRole(SUPER))
                .as("the account keeps a Super Administrator").isTrue();
    }

    @Test
    void theLastScimSuperAdministratorIsHeldWhenNoOtherMemberHoldsIt() {
        Plan plan = deprovisionTheLastScimSuperAdministrator(null);

        assertThat(plan.held()).singleElement().satisfies(h -> {
            assertThat(h.reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR);
            assertThat(h.change()).isInstanceOf(Change.DeactivateUser.class);
        });
        assertThat(plan.changes()).noneMatch(Change::deprovisions);
        assertThat(cf.account().member("alice@example.com").orElseThrow().active()).isTrue();
        assertThat(cf.account().superAdministrators()).isEqualTo(1);
    }

    /**
     * A user group made in the dashboard under a declared name: the plan adopts it, and applying
     * leaves one group, the same one, granting what the declaration says; whether Cloudflare adopts
     * on the push (its documented behaviour) or answers 409 (then the group is looked up).
     */
    @ParameterizedTest
    @EnumSource(ExistingUserGroups.class)
    void aUserGroupMadeByHandIsAdoptedNeverDuplicated(ExistingUserGroups mode) throws Exception {
        cf = CloudflareEmulator.builder().onExchange(PublishedSchemaCheck::record)
                .account(ACCOUNT, "test-token").rateLimit(RateLimit.OFF)
                .profile(Profile.USER_GROUPS).existingUserGroups(mode).superAdmin(OWNER).build().start();
        String handMade = userGroupMadeByHand("Platform Admins", "Billing");
        Engine engine = engine();
        DesiredState desired = Fixture.desired().user("alice@example.com")
                .group("Platform Admins", List.of("alice@example.com"), "Administrator").buildUserGroups();
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);

        Plan plan = engine.plan(desired, remote, PlanPolicy.defaults(), null);
        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(plan.changes()).extracting(c -> c.effect().symbol() + " " + c.summary())
                .contains("~ adopt group \"Platform Admins\"").noneMatch(line -> line.contains("create group"));
        assertThat(result.complete()).as(result.failed().toString()).isTrue();
        assertThat(cf.account().groups()).filteredOn(g -> g.kind().equals("custom")).singleElement()
                .satisfies(g -> assertThat(g.id()).isEqualTo(handMade));
        assertThat(cf.account().effectiveRoles("alice@example.com")).contains("Administrator")
                .doesNotContain("Billing");
        assertThat(cf.requests().route("POST /Groups")).isEqualTo(1);
        assertThat(cf.requests().status(409)).isEqualTo(mode == ExistingUserGroups.CONFLICT ? 1 : 0);
        assertThat(engine.plan(desired, engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS), PlanPolicy.defaults(),
                null).isEmpty()).as("adopted once, then ours").isTrue();
    }

    /** Creates a user group through the IAM API, as the dashboard does, granting {@code role}; answers its id. */
    private String userGroupMadeByHand(String name, String role) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"policies\":[{\"access\":\"allow\",\"permission_groups\":[{\"id\":\""
                + cf.account().permissionGroupId(role) + "\"}],\"resource_groups\":[{\"id\":\""
                + cf.account().accountResourceGroupId() + "\"}]}]}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cf.iamBaseUrl() + "/iam/user_groups"))
                .header("Authorization", "Bearer " + cf.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return cf.account().groups().stream().filter(g -> g.displayName().equals(name)).findFirst().orElseThrow().id();
    }
}
