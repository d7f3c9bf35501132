package dev.cfscim.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each kind's Argo CD health check (as argocd/argocd-cm.yaml ships it) with LuaJ against a sample object
 * for every state the operator can leave it in, and checks the health and message Argo CD shows.
 */
class HealthCheckTest {

    private static final Set<String> ARGO_STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended");

    record Case(String kind, String state, JsonNode obj, String health, String messagePart) {
        @Override
        public String toString() {
            return kind + ": " + state + " -> " + health;
        }
    }

    /** The checks as argocd/argocd-cm.yaml ships them, read once for every case. */
    private static final java.util.Map<String, String> SHIPPED = shipped();

    private static java.util.Map<String, String> shipped() {
        try {
            return ArgoCdConfigMapTest.scripts();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the check that ships: the one argocd/argocd-cm.yaml holds for {@code kind}. */
    static LuaHealth.Result check(String kind, JsonNode obj) {
        String key = HealthScripts.key(kind);
        return LuaHealth.run(SHIPPED.get(key), key, obj);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void healthOfEachState(Case c) {
        LuaHealth.Result result = check(c.kind(), c.obj());
        assertThat(result.status()).as("health").isEqualTo(c.health());
        assertThat(result.message()).as("message").isNotBlank().contains(c.messagePart());
    }

    /** Partial or malformed objects never make a script fail (a failing script shows as Unknown). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ScimApp", "ScimUser", "ScimGroup", "GroupRoleBinding"})
    void malformedObjectsNeverBreakTheScript(String kind) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> objects = List.of(
                f.objectNode(),
                f.objectNode().put("kind", kind),
                Sample.of(kind).statusField("conditions", f.objectNode()).build(),
                Sample.of(kind).statusField("conditions", f.textNode("Ready")).build(),
                Sample.of(kind).statusField("observedGeneration", f.numberNode(2))
                        .statusField("conditions", f.arrayNode().add("Ready").add(f.objectNode())).build(),
                Sample.of(kind).status(2).condition("Synced", "True", "ReconcileSuccess", "ok").build(),
                Sample.of(kind).status(2).condition("Ready", "Unknown", "Reconciling", "first visit").build(),
                Sample.of(kind).deleting().statusField("conditions", f.textNode("x")).build());
        for (JsonNode obj : objects) {
            assertThatCode(() -> {
                LuaHealth.Result result = check(kind, obj);
                assertThat(result.status()).isIn(ARGO_STATUSES);
                assertThat(result.status()).isNotEqualTo("Healthy");
                assertThat(result.message()).isNotBlank();
            }).as(obj.toString()).doesNotThrowAnyException();
        }
    }

    // ---- the table ----------------------------------------------------------------------------------

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        all.addAll(common("ScimApp"));
        all.addAll(scimApp());
        all.addAll(common("ScimUser"));
        all.addAll(scimUser());
        all.addAll(common("ScimGroup"));
        all.addAll(scimGroup());
        all.addAll(common("GroupRoleBinding"));
        all.addAll(groupRoleBinding());
        return all.stream();
    }

    /** What every kind shares: waiting for the controller, and deletion. */
    private static List<Case> common(String kind) {
        return List.of(
                new Case(kind, "no status", Sample.of(kind).build(), "Progressing", "waiting for the controller"),
                new Case(kind, "status with no condition", Sample.of(kind).status(2).build(), "Progressing",
                        "no status yet"),
                new Case(kind, "status.observedGeneration older than the generation", Sample.of(kind).status(1)
                        .condition("Ready", "True", "ReconcileSuccess", "fine", 1).build(), "Progressing",
                        "observe generation 2"),
                new Case(kind, "status.observedGeneration missing", Sample.of(kind)
                        .statusField("conditions", JsonNodeFactory.instance.arrayNode())
                        .condition("Ready", "True", "ReconcileSuccess", "fine").build(), "Progressing",
                        "waiting for the controller"),
                new Case(kind, "a condition older than the generation", Sample.of(kind).status(2)
                        .condition("Synced", "True", "ReconcileSuccess", "fine")
                        .condition("Ready", "True", "ReconcileSuccess", "fine", 1).build(), "Progressing",
                        "observe generation 2"),
                new Case(kind, "being deleted, Ready", ready(Sample.of(kind)).deleting().build(), "Progressing",
                        "being deleted"),
                new Case(kind, "being deleted, no status", Sample.of(kind).deleting().build(), "Progressing",
                        "being deleted"),
                new Case(kind, "no Ready condition", Sample.of(kind).status(2)
                        .condition("Drifted", "Unknown", "Reconciling", "Cloudflare has not been read yet").build(),
                        "Progressing", "Ready"));
    }

    private static Sample ready(Sample s) {
        return s.condition("Ready", "True", "ReconcileSuccess", "every assigned member holds the declared roles")
                .condition("Synced", "True", "ReconcileSuccess", "Cloudflare matches the plan")
                .condition("Drifted", "False", "NoDrift", "Cloudflare matches the declaration")
                .condition("DeprovisionBlocked", "False", "NotBlocked", "no deprovision is held");
    }

    private static Sample app() {
        return Sample.of("ScimApp");
    }

    /** A ScimApp after a reconcile that ended on {@code reason}, as Statuses.app writes it. */
    private static Sample appFailed(String reason, String message) {
        return app().condition("Synced", "False", reason, message)
                .condition("Drifted", "Unknown", "Reconciling", "Cloudflare has not been read yet")
                .condition("DeprovisionBlocked", "False", "NotBlocked", "no deprovision is held")
                .condition("Ready", "False", reason, message);
    }

    private static Sample appBlocked(String reason, String message) {
        return app().condition("Synced", "True", "ReconcileSuccess", "Cloudflare matches the plan")
                .condition("Drifted", "True", "DriftDetected", "1 change(s) outstanding; last plan: Plan: 0 to add, "
                        + "0 to change, 0 to remove, 1 held.")
                .condition("DeprovisionBlocked", "True", reason, message)
                .condition("Ready", "False", reason, "1 change(s) outstanding");
    }

    /** A ScimApp under managementPolicy Observe after a pass: planned, nothing written. */
    private static Sample observing() {
        return app().spec("managementPolicy", "Observe")
                .condition("Synced", "True", "ReconcilePaused", "managementPolicy is Observe: planned, nothing written");
    }

    private static List<Case> scimApp() {
        String k = "ScimApp";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(k, "Ready", ready(app()).build(), "Healthy", "every assigned member holds"));
        for (String reason : List.of("InvalidCredentials", "SecretNotFound", "InvalidSpec", "ReconcileError",
                "VirtualGroupsUnavailable")) {
            cases.add(new Case(k, "Synced=False " + reason, appFailed(reason, "what went wrong").build(), "Degraded",
                    reason + ": what went wrong"));
        }
        for (String reason : List.of("RateLimited", "RequestBudgetExhausted", "Unreachable")) {
            cases.add(new Case(k, "Synced=False " + reason, appFailed(reason, "retry in 30s").build(), "Progressing",
                    "retrying: " + reason));
        }
        cases.add(new Case(k, "DeprovisionBlocked LastSuperAdministrator", appBlocked("LastSuperAdministrator",
                "deactivate owner@example.com: the last Super Administrator").build(), "Degraded",
                "LastSuperAdministrator: deactivate owner@example.com"));
        cases.add(new Case(k, "DeprovisionBlocked DeprovisionLimitExceeded", appBlocked("DeprovisionLimitExceeded",
                "12 deprovisions > deprovisionLimit 10").build(), "Degraded", "held until someone acts"));
        cases.add(new Case(k, "Observe, drifted", observing()
                .condition("Drifted", "True", "DriftDetected", "3 change(s) outstanding; last plan: Plan: 3 to add")
                .condition("DeprovisionBlocked", "False", "NotBlocked", "no deprovision is held")
                .condition("Ready", "False", "DriftDetected", "3 change(s) outstanding").build(),
                "Suspended", "managementPolicy is Observe: nothing is written; 3 change(s) outstanding"));
        cases.add(new Case(k, "Observe, no drift", observing()
                .condition("Drifted", "False", "NoDrift", "Cloudflare matches the declaration")
                .condition("DeprovisionBlocked", "False", "NotBlocked", "no deprovision is held")
                .condition("Ready", "True", "ReconcileSuccess", "every assigned member holds the declared roles")
                .build(), "Suspended", "Cloudflare matches the declaration"));
        cases.add(new Case(k, "Observe, a rail would hold a deprovision", observing()
                .condition("Drifted", "True", "DriftDetected", "1 change(s) outstanding")
                .condition("DeprovisionBlocked", "True", "LastSuperAdministrator", "the last Super Administrator")
                .condition("Ready", "False", "LastSuperAdministrator", "1 change(s) outstanding").build(),
                "Degraded", "LastSuperAdministrator"));
        cases.add(new Case(k, "driftPolicy Report, drifted", app().spec("driftPolicy", "Report")
                .condition("Synced", "True", "ReconcileSuccess", "Cloudflare matches the plan")
                .condition("Drifted", "True", "DriftDetected", "1 change(s) outstanding; last plan: Plan: 0 to add")
                .condition("DeprovisionBlocked", "False", "NotBlocked", "no deprovision is held")
                .condition("Ready", "False", "DriftDetected", "1 change(s) outstanding").build(),
                "Suspended", "changes held by policy (driftPolicy Report"));
        cases.add(new Case(k, "first visit, Cloudflare not read yet", app()
                .condition("Synced", "True", "ReconcileSuccess", "Cloudflare matches the plan")
                .condition("Drifted", "Unknown", "Reconciling", "Cloudflare has not been read yet")
                .condition("Ready", "False", "Reconciling", "Cloudflare has not been read yet").build(),
                "Progressing", "Reconciling"));
        cases.add(new Case(k, "being deleted, deletionPolicy Deprovision held by a rail", appBlocked(
                "LastSuperAdministrator", "the last Super Administrator").spec("deletionPolicy", "Deprovision")
                .deleting().build(), "Progressing", "being deleted; its members' deprovision is held by a safety rail: "
                + "LastSuperAdministrator"));
        cases.add(new Case(k, "being deleted while Degraded", appFailed("InvalidCredentials", "401").deleting().build(),
                "Progressing", "being deleted (deletionPolicy Orphan)"));
        cases.add(new Case(k, "stale Synced=False", app().status(2)
                .condition("Synced", "False", "InvalidCredentials", "401", 1)
                .condition("Ready", "False", "InvalidCredentials", "401", 1).build(), "Progressing",
                "waiting for the controller"));
        return cases;
    }

    private static Sample user() {
        return Sample.of("ScimUser");
    }

    private static Sample userReady(String reason, String message) {
        return user().condition("DeprovisionBlocked", "False", "NotBlocked", "nothing is held")
                .condition("Ready", "True", reason, message);
    }

    private static Sample userBlocked(String reason) {
        return user().condition("DeprovisionBlocked", "True", reason,
                        "a safety rail holds this user's deprovision or role removal; see the ScimApp's status")
                .condition("Ready", "False", reason, "not yet as declared in ScimApp acme-prod");
    }

    private static List<Case> scimUser() {
        String k = "ScimUser";
        return List.of(
                new Case(k, "Provisioned", userReady("Provisioned", "as declared in every ScimApp that assigns it")
                        .build(), "Healthy", "Provisioned"),
                new Case(k, "Deprovisioned", userReady("Deprovisioned", "not a member, as declared (active: false)")
                        .build(), "Healthy", "Deprovisioned"),
                new Case(k, "NotAssigned", userReady("NotAssigned", "no ScimApp assigns this user").build(), "Healthy",
                        "NotAssigned"),
                new Case(k, "Pending", user().condition("DeprovisionBlocked", "False", "NotBlocked", "nothing is held")
                        .condition("Ready", "False", "Pending", "not yet as declared in ScimApp acme-prod").build(),
                        "Progressing", "Pending: not yet as declared in ScimApp acme-prod"),
                new Case(k, "DeprovisionBlocked LastSuperAdministrator", userBlocked("LastSuperAdministrator").build(),
                        "Degraded", "LastSuperAdministrator: a safety rail holds"),
                new Case(k, "DeprovisionBlocked DeprovisionLimitExceeded", userBlocked("DeprovisionLimitExceeded")
                        .build(), "Degraded", "held until someone acts"),
                new Case(k, "DuplicateUserName", user().condition("DeprovisionBlocked", "False", "NotBlocked", "nothing is held")
                        .condition("Ready", "False", "DuplicateUserName", "ScimUser hannah-2 declares the same userName")
                        .build(), "Degraded", "DuplicateUserName: ScimUser hannah-2 declares the same userName"),
                new Case(k, "ConfusableUserName", user().condition("DeprovisionBlocked", "False", "NotBlocked", "nothing is held")
                        .condition("Ready", "False", "ConfusableUserName", "U+0430 CYRILLIC SMALL LETTER A at position 2")
                        .build(), "Degraded", "ConfusableUserName: U+0430"),
                new Case(k, "InvalidUserName", user().condition("DeprovisionBlocked", "False", "NotBlocked", "nothing is held")
                        .condition("Ready", "False", "InvalidUserName", "is 317 characters long: an email address has at most 254")
                        .build(), "Degraded", "InvalidUserName: is 317 characters long"),
                new Case(k, "being deleted, deprovision in progress", userReady("Provisioned", "as declared").deleting()
                        .build(), "Progressing", "waiting for its deprovision"),
                new Case(k, "being deleted, deprovision held by a rail", userBlocked("LastSuperAdministrator")
                        .deleting().build(), "Progressing",
                        "being deleted; its deprovision is held by a safety rail: LastSuperAdministrator"));
    }

    private static List<Case> scimGroup() {
        String k = "ScimGroup";
        return List.of(
                new Case(k, "Ready", Sample.of(k).condition("Ready", "True", "ReconcileSuccess", "3 member(s)").build(),
                        "Healthy", "3 member(s)"),
                new Case(k, "UnknownMembers", Sample.of(k).condition("Ready", "False", "UnknownMembers",
                        "1 member(s) name no ScimUser: bob").build(), "Degraded", "UnknownMembers: 1 member(s)"),
                new Case(k, "Ready Unknown", Sample.of(k).condition("Ready", "Unknown", "Reconciling", "not yet")
                        .build(), "Progressing", "Reconciling"));
    }

    private static Sample binding() {
        return Sample.of("GroupRoleBinding");
    }

    private static Sample bindingFailed(String reason) {
        return binding().condition("Ready", "False", reason, "what went wrong")
                .condition("Synced", "False", reason, "what went wrong")
                .condition("Drifted", "False", "NoDrift", "members hold the role as declared");
    }

    private static List<Case> groupRoleBinding() {
        String k = "GroupRoleBinding";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(k, "Ready", binding()
                .condition("Ready", "True", "ReconcileSuccess", "the group's assigned members hold 'Administrator'")
                .condition("Synced", "True", "ReconcileSuccess", "applied")
                .condition("Drifted", "False", "NoDrift", "members hold the role as declared").build(),
                "Healthy", "hold 'Administrator'"));
        cases.add(new Case(k, "Ready, drifted (a removal held)", binding()
                .condition("Ready", "True", "ReconcileSuccess", "the group's assigned members hold 'Super Administrator'")
                .condition("Synced", "True", "ReconcileSuccess", "applied")
                .condition("Drifted", "True", "DriftDetected", "members of the role differ from the declaration")
                .build(), "Healthy", "DriftDetected: members of the role differ from the declaration (see the ScimApp)"));
        cases.add(new Case(k, "UnknownRole", binding()
                .condition("Ready", "False", "UnknownRole", "account has no role group for 'Admin'; nearest roles: "
                        + "Administrator")
                .condition("Synced", "True", "ReconcileSuccess", "applied").build(), "Degraded",
                "UnknownRole: account has no role group"));
        cases.add(new Case(k, "DomainScopedRole", binding()
                .condition("Ready", "False", "DomainScopedRole", "'Domain DNS' is domain-scoped; nearest: DNS")
                .condition("Synced", "True", "ReconcileSuccess", "applied").build(), "Degraded", "DomainScopedRole"));
        cases.add(new Case(k, "MembersNotAssigned", binding()
                .condition("Ready", "False", "MembersNotAssigned", "2 member(s) of ScimGroup sre are not assigned")
                .condition("Synced", "True", "ReconcileSuccess", "applied").build(), "Degraded",
                "MembersNotAssigned"));
        for (String reason : List.of("InvalidCredentials", "SecretNotFound", "InvalidSpec", "ReconcileError")) {
            cases.add(new Case(k, "app failed " + reason, bindingFailed(reason).build(), "Degraded", reason));
        }
        for (String reason : List.of("RateLimited", "RequestBudgetExhausted", "Unreachable")) {
            cases.add(new Case(k, "app failed " + reason, bindingFailed(reason).build(), "Progressing",
                    "retrying: " + reason));
        }
        cases.add(new Case(k, "Ready, some changes failed", binding()
                .condition("Ready", "True", "ReconcileSuccess", "the group's assigned members hold 'Administrator'")
                .condition("Synced", "False", "ReconcileError", "some changes failed; see the ScimApp").build(),
                "Degraded", "ReconcileError: some changes failed"));
        return cases;
    }
}
