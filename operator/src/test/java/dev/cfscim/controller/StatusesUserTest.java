package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.Conditions.Type;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.ScimUserStatus;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.DesiredUser;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteUser;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A ScimUser's status built from an outcome: each blocked user gives the reason of the hold that concerns it. */
class StatusesUserTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void eachBlockedUserGivesTheReasonOfItsOwnHold() {
        Map<String, DesiredUser> users = new LinkedHashMap<>();
        users.put("owner@example.com", new DesiredUser("owner@example.com", null, null, null, false, true, "owner"));
        users.put("ann@example.com", new DesiredUser("ann@example.com", null, null, null, false, true, "ann"));
        DesiredState desired = new DesiredState("acct", users, Map.of(), List.of());
        RemoteState remote = RemoteState.fromScan("acct", List.of(
                new RemoteUser("u1", "owner@example.com", null, null, null, true, List.of()),
                new RemoteUser("u2", "ann@example.com", null, null, null, true, List.of())), List.of());
        // The first hold of the plan is the limit's; the owner's own hold comes second.
        Plan plan = new Plan("acct", List.of(), List.of(
                new HeldChange(new Change.DeactivateUser("u2", "ann@example.com", "declared inactive"),
                        Reason.DEPROVISION_LIMIT_EXCEEDED, "over the limit"),
                new HeldChange(new Change.DeactivateUser("u1", "Owner@Example.com", "declared inactive"),
                        Reason.LAST_SUPER_ADMINISTRATOR, "the only Super Administrator")), List.of());
        Outcome outcome = Outcome.of(desired, remote, plan, null);

        ScimUserStatus owner = Statuses.user(user("owner", "owner@example.com"), app(), outcome, NOW);
        ScimUserStatus ann = Statuses.user(user("ann", "ann@example.com"), app(), outcome, NOW);

        assertThat(condition(owner, Type.READY).reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR.toString());
        assertThat(condition(owner, Type.DEPROVISION_BLOCKED).reason()).isEqualTo(Reason.LAST_SUPER_ADMINISTRATOR.toString());
        assertThat(condition(ann, Type.READY).reason()).isEqualTo(Reason.DEPROVISION_LIMIT_EXCEEDED.toString());
        assertThat(condition(ann, Type.DEPROVISION_BLOCKED).reason()).isEqualTo(Reason.DEPROVISION_LIMIT_EXCEEDED.toString());
    }

    @Test
    void aUserWhoseHoldChangesReasonIsWrittenAgain() {
        Map<String, DesiredUser> users = Map.of("ann@example.com",
                new DesiredUser("ann@example.com", null, null, null, false, true, "ann"));
        DesiredState desired = new DesiredState("acct", users, Map.of(), List.of());
        RemoteState remote = RemoteState.fromScan("acct", List.of(
                new RemoteUser("u2", "ann@example.com", null, null, null, true, List.of())), List.of());
        Change deprovision = new Change.DeactivateUser("u2", "ann@example.com", "declared inactive");
        Outcome limited = Outcome.of(desired, remote, new Plan("acct", List.of(), List.of(
                new HeldChange(deprovision, Reason.DEPROVISION_LIMIT_EXCEEDED, "over the limit")), List.of()), null);
        Outcome last = Outcome.of(desired, remote, new Plan("acct", List.of(), List.of(
                new HeldChange(deprovision, Reason.LAST_SUPER_ADMINISTRATOR, "the only one")), List.of()), null);
        ScimUser ann = user("ann", "ann@example.com");
        ann.setStatus(Statuses.user(ann, app(), limited, NOW));

        assertThat(Statuses.userUnchanged(ann, app(), limited)).isTrue();
        assertThat(Statuses.userUnchanged(ann, app(), last)).isFalse();
    }

    @Test
    void aUserWhoseUserNameIsNoEmailAddressIsRefusedSayingWhatToFixAndWrittenAgainWhenItIsFixed() {
        DesiredState desired = new DesiredState("acct", Map.of(), Map.of(), List.of());
        Outcome outcome = Outcome.of(desired, RemoteState.fromScan("acct", List.of(), List.of()),
                new Plan("acct", List.of(), List.of(), List.of()), null);
        ScimUser bell = user("bell", "bell\u0007@example.com");
        ScimUser nameless = user("nameless", null);

        ScimUserStatus status = Statuses.user(bell, app(), outcome, NOW);
        assertThat(condition(status, Type.READY).reason()).isEqualTo(Reason.INVALID_USER_NAME.toString());
        assertThat(condition(status, Type.READY).message()).isEqualTo("'bell\\u0007@example.com' has a control "
                + "character (U+0007) at position 5: an email address cannot hold one");
        assertThat(condition(status, Type.READY).observedGeneration()).isEqualTo(1L);
        assertThat(condition(Statuses.user(nameless, app(), outcome, NOW), Type.READY).message())
                .isEqualTo("the email address is required");

        bell.setStatus(status);
        assertThat(Statuses.userUnchanged(bell, app(), outcome)).isTrue();
        bell.getSpec().setUserName("p\u0430ul@example.com");
        assertThat(Statuses.userUnchanged(bell, app(), outcome)).as("now refused for another reason").isFalse();
        bell.getSpec().setUserName("bell@example.com");
        assertThat(Statuses.userUnchanged(bell, app(), outcome)).as("no longer refused").isFalse();
    }

    private static Condition condition(ScimUserStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    private static ScimUser user(String name, String userName) {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team").withGeneration(1L).build());
        user.setSpec(new ScimUserSpec(userName, null, null, false));
        return user;
    }

    private static ScimApp app() {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("cloudflare").withNamespace("team").build());
        return app;
    }
}
