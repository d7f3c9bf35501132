package dev.cfscim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.GroupView;
import dev.cfscim.emulator.MemberView;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Migrating the examples from virtual groups to user groups on an account where both live (the
 * emulator's transition profile): after every applied change, no member holds fewer roles than
 * before, even when the migration stops half-way and a new process resumes it.
 */
@ExtendWith(PublishedSchemaCheck.class)
class MigrationTest {

    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

    private CloudflareEmulator cf;
    private Map<String, Set<String>> before;
    private final List<String> violations = new ArrayList<>();
    private int checks;

    @BeforeEach
    void seedTheVirtualModel() {
        cf = CloudflareEmulator.builder().onExchange(PublishedSchemaCheck::record)
                .profile(Profile.TRANSITION).account(ACCOUNT, "m-token")
                .rateLimit(RateLimit.OFF).superAdmin("owner@example.com").build().start();
        Engine engine = engine();
        DesiredState virtual = declared(GroupMode.VirtualGroups);
        RemoteState remote = engine.scan(ACCOUNT);
        Applier.Result seeded = engine.apply(engine.plan(virtual, remote, PlanPolicy.defaults(), null), remote,
                Applier.Listener.NONE);
        assertThat(seeded.complete()).isTrue();
        before = roles();
        assertThat(before.get("marcus.okafor@acme.example.com")).contains("Administrator", "DNS");
    }

    @AfterEach
    void stop() {
        cf.close();
    }

    private Engine engine() {
        CloudflareScimClient client = new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of("m-token"),
                new TokenBudget(TokenBudget.Limit.CLOUDFLARE, System::nanoTime, d -> Thread.sleep(d.toMillis())),
                CloudflareScimClient.Settings.defaults().with(c -> {
                    c.baseBackoff = Duration.ofMillis(5);
                    c.maxBackoff = Duration.ofMillis(20);
                }),
                CloudflareScimClient.RequestObserver.NONE);
        return new Engine(client.directory(), client.iam());
    }

    private static DesiredState declared(GroupMode mode) {
        LoadResult loaded = new ResourceLoader().load(Path.of("../examples/virtual-groups"));
        ScimApp app = loaded.resources().apps().get(0);
        app.getSpec().setGroupMode(mode);
        return PlanInputs.desiredState(loaded.resources(), app);
    }

    private Map<String, Set<String>> roles() {
        Map<String, Set<String>> roles = new TreeMap<>();
        for (MemberView member : cf.account().members()) {
            roles.put(member.userName(), new TreeSet<>(member.roles()));
        }
        return roles;
    }

    /** Per pushed group, the kinds of its changes in the order they landed, across runs. */
    private final Map<String, List<Change.Action>> orderByGroup = new TreeMap<>();

    /**
     * After each change lands: every member still holds at least what it held in the virtual model;
     * and the order of each pushed group's changes is recorded.
     */
    private final Applier.Listener recorder = new Applier.Listener() {
        @Override
        public void applied(Change change) {
            if (change.pushedGroup() != null) {
                orderByGroup.computeIfAbsent(change.pushedGroup(), g -> new ArrayList<>()).add(change.action());
            }
            checks++;
            Map<String, Set<String>> now = roles();
            before.forEach((userName, roles) -> {
                if (!now.getOrDefault(userName, Set.of()).containsAll(roles)) {
                    violations.add("after " + change.summary() + ": " + userName + " holds " + now.get(userName));
                }
            });
        }
    };

    @Test
    void everyMemberKeepsItsRolesAfterEveryChangeAndEndsInUserGroupsOnly() {
        Engine engine = engine();
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);
        DesiredState target = declared(GroupMode.UserGroups);
        Plan plan = engine.plan(target, remote, PlanPolicy.defaults(), null);

        Applier.Result result = engine.apply(plan, remote, recorder);

        assertThat(result.complete()).isTrue();
        assertThat(checks).isEqualTo(plan.changes().size());
        assertThat(violations).isEmpty();
        assertThat(roles()).isEqualTo(before);
        assertVirtualGroupsEmptied();
        assertEveryNewGroupGrantsBeforeAnyoneJoins();
        assertThat(engine.plan(target, engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS), PlanPolicy.defaults(),
                null).isEmpty()).isTrue();
    }

    @Test
    void aMigrationStoppedHalfWayResumesInANewProcessWithNoRoleLost() {
        DesiredState target = declared(GroupMode.UserGroups);
        Engine first = engine();
        RemoteState remote = first.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);
        Plan plan = first.plan(target, remote, PlanPolicy.defaults(), null);
        class Crash extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        try {
            first.apply(plan, remote, new Applier.Listener() {
                @Override
                public void applied(Change change) {
                    recorder.applied(change);
                    if (checks == 4) {
                        throw new Crash();
                    }
                }
            });
        } catch (Crash expected) {
            // The process died after four changes: one group created, given its policy and its
            // members, and the next one created, still empty.
        }
        assertThat(checks).isEqualTo(4);

        Engine second = engine();
        RemoteState rescanned = second.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);
        Applier.Result resumed = second.apply(second.plan(target, rescanned, PlanPolicy.defaults(), null), rescanned,
                recorder);

        assertThat(resumed.complete()).isTrue();
        assertThat(violations).isEmpty();
        assertThat(roles()).isEqualTo(before);
        assertVirtualGroupsEmptied();
        assertThat(cf.account().groups()).filteredOn(g -> g.kind().equals("custom")).extracting(GroupView::displayName)
                .containsExactlyInAnyOrder("Platform Admins", "Auditors", "DNS Editors");
        assertEveryNewGroupGrantsBeforeAnyoneJoins();
    }

    @Test
    void aGrantThatFailsKeepsTheVirtualMembershipsItWouldReplace() {
        cf.faults().add(dev.cfscim.emulator.FaultRule.route("PUT /iam/user_groups/{id}").errorRate(1).times(100).build());
        Engine engine = engine();
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);

        Applier.Result result = engine.apply(engine.plan(declared(GroupMode.UserGroups), remote, PlanPolicy.defaults(),
                null), remote, recorder);

        assertThat(result.aborted()).as("an outage stops the run before any removal").isNotNull();
        assertThat(result.applied()).extracting(c -> c.action().label()).doesNotContain("removeMembers");
        assertThat(violations).isEmpty();
        assertThat(roles()).isEqualTo(before);
        assertThat(cf.account().groups()).as("no virtual membership removed")
                .filteredOn(g -> g.kind().equals("role") && !g.memberIds().isEmpty())
                .extracting(GroupView::role).containsExactlyInAnyOrder("Administrator", "Administrator Read Only", "DNS");
    }

    @Test
    void aGrantThatFailsForGoodStopsEveryRemovalAfterIt() {
        Engine engine = engine();
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);
        String dns = cf.account().roleGroupId("DNS");
        // A grant that cannot land (the user is no member), then the removal it was to make safe.
        Plan plan = new Plan(ACCOUNT, List.of(
                new Change.AddMembers("DNS", dns, List.of("ghost@example.com"), "test"),
                new Change.RemoveMembers("DNS", dns, List.of("jonas.berg@acme.example.com"), "test")),
                List.of(), List.of());

        Applier.Result result = engine.apply(plan, remote, Applier.Listener.NONE);

        assertThat(result.failed()).extracting(f -> f.change().action().label()).containsExactly("addMembers", "removeMembers");
        assertThat(result.failed().get(1).message()).contains("a grant before it failed");
        assertThat(roles().get("jonas.berg@acme.example.com")).contains("DNS");
    }

    @Test
    void aRoleNoUserGroupCanGrantStaysInItsVirtualGroup() {
        Engine engine = engine();
        RemoteState remote = engine.scan(ACCOUNT, DesiredState.Model.USER_GROUPS);
        remote.setPermissionGroups(Map.of("Administrator", remote.permissionGroupId("Administrator").orElseThrow(),
                "Administrator Read Only", remote.permissionGroupId("Administrator Read Only").orElseThrow()));

        Plan plan = engine.plan(declared(GroupMode.UserGroups), remote, PlanPolicy.defaults(), null);
        engine.apply(plan, remote, recorder);

        assertThat(plan.held()).singleElement().satisfies(h -> {
            assertThat(h.reason()).isEqualTo(Reason.ROLE_NOT_YET_GRANTED);
            assertThat(h.change().summary()).contains("\"DNS\"");
        });
        assertThat(violations).isEmpty();
        assertThat(roles()).isEqualTo(before);
    }

    /**
     * Cloudflare warns that a user group with no roles can block its members' logins: every group
     * the migration created got its policy before its first member, in this run or the one resumed.
     */
    private void assertEveryNewGroupGrantsBeforeAnyoneJoins() {
        assertThat(orderByGroup).as("the example's three groups were pushed")
                .containsOnlyKeys("Platform Admins", "Auditors", "DNS Editors");
        orderByGroup.forEach((group, order) -> {
            assertThat(order).as(group).first().isEqualTo(Change.Action.CREATE_GROUP);
            assertThat(order).as(group).contains(Change.Action.SET_GROUP_ROLES, Change.Action.ADD_GROUP_MEMBERS);
            assertThat(order.indexOf(Change.Action.SET_GROUP_ROLES)).as("%s: policy before any member: %s", group, order)
                    .isLessThan(order.indexOf(Change.Action.ADD_GROUP_MEMBERS));
        });
    }

    private void assertVirtualGroupsEmptied() {
        assertThat(cf.account().groups()).filteredOn(g -> g.kind().equals("role"))
                .allSatisfy(g -> assertThat(g.memberIds()).as(g.displayName()).isEmpty());
    }
}
