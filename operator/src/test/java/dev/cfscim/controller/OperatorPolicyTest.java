package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.DriftPolicy;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.GroupRoleBindingSpec;
import dev.cfscim.api.ManagementPolicy;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Drift, policies, bad declarations, bad tokens, the deprovision limit, restarts, and idleness. */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorPolicyTest {

    @AutoClose
    private OperatorHarness h;

    private void editUser(String name, java.util.function.Consumer<ScimUser> edit) {
        h.edit(ScimUser.class, name, u -> {
            edit.accept(u);
            return u;
        });
    }

    private void editApp(java.util.function.Consumer<ScimApp> edit) {
        h.edit(ScimApp.class, "acme-prod", a -> {
            edit.accept(a);
            return a;
        });
    }

    @Test
    void driftIsCorrectedOnTheNextScan() throws Exception {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setResyncInterval("1s"));
        h.awaitExamplesConverged();

        h.removeFromRoleByHand("priya.raman@acme.example.com", "Administrator");
        assertThat(h.roles("priya.raman@acme.example.com")).doesNotContain("Administrator");

        eventually().until(() -> h.roles("priya.raman@acme.example.com").contains("Administrator"));
    }

    @Test
    void driftIsOnlyReportedUnderDriftPolicyReport() throws Exception {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> {
            app.getSpec().setResyncInterval("1s");
            app.getSpec().setDriftPolicy(DriftPolicy.Report);
        });
        h.awaitExamplesConverged();

        h.removeFromRoleByHand("priya.raman@acme.example.com", "Administrator");

        eventually().until(() -> is(h.app(), "Drifted", "True"));
        assertThat(condition(h.app(), "Drifted").orElseThrow().message()).contains("1 change(s) outstanding");
        assertThat(h.roles("priya.raman@acme.example.com")).doesNotContain("Administrator");
        eventually().until(() -> is(h.binding("platform-admins-administrator"), "Drifted", "True"));
    }

    @Test
    void aNewAppUnderDriftPolicyReportProvisionsWhatItDeclaresEvenWhenItsFirstReconcileSeesEverything() {
        // The order a busy machine (or an Argo CD sync) produces: every resource is there before the
        // operator's first look. Nothing was ever applied, so nothing in the account is drift yet.
        h = new OperatorHarness();
        h.applyExamples(app -> {
            app.getSpec().setResyncInterval("1s");
            app.getSpec().setDriftPolicy(DriftPolicy.Report);
        });
        h.startOperator();

        h.awaitExamplesConverged();
        assertThat(h.roles("priya.raman@acme.example.com")).contains("Administrator");
    }

    @Test
    void afterARestartUnderDriftPolicyReportAHandEditIsReportedNotUndone() throws Exception {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setDriftPolicy(DriftPolicy.Report));
        h.awaitExamplesConverged();
        h.stopOperator();

        // While no operator runs, someone takes a role away in the dashboard.
        h.removeFromRoleByHand("priya.raman@acme.example.com", "Administrator");
        h.startOperator();

        eventually().until(() -> is(h.app(), "Drifted", "True"));
        assertThat(condition(h.app(), "Drifted").orElseThrow().message()).contains("1 change(s) outstanding");
        assertThat(h.roles("priya.raman@acme.example.com")).doesNotContain("Administrator");
    }

    @Test
    void observeNeverWrites() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setManagementPolicy(ManagementPolicy.Observe));

        eventually().until(() -> condition(h.app(), "Synced").map(c -> c.reason().equals("ReconcilePaused")).orElse(false)
                && is(h.app(), "Drifted", "True") && h.app().getStatus().getAssigned() == 5);
        assertThat(condition(h.app(), "Drifted").orElseThrow().message())
                .contains("Plan: 0 to add, 0 to change, 0 to remove, 8 held.");
        assertThat(h.cf.requests().method("POST") + h.cf.requests().method("PATCH")).isZero();
        assertThat(h.cf.account().members()).hasSize(1);
    }

    @Test
    void unknownAndDomainScopedRolesAndUnassignedMembersAreReportedOnTheBinding() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        ScimUser visitor = new ScimUser();
        visitor.getMetadata().setName("visitor");
        visitor.getMetadata().setNamespace(NAMESPACE);
        visitor.setSpec(new ScimUserSpec("visitor@acme.example.com", null, null, true));
        h.kube.resource(visitor).create();
        ScimGroup guests = new ScimGroup();
        guests.getMetadata().setName("guests");
        guests.getMetadata().setNamespace(NAMESPACE);
        ScimGroupSpec spec = new ScimGroupSpec();
        spec.setDisplayName("Guests");
        spec.setMembers(new ArrayList<>(List.of("visitor")));
        guests.setSpec(spec);
        h.kube.resource(guests).create();
        bind("guests-analytics", "guests", "Analytics");
        bind("auditors-typo", "auditors", "Administrator Read Onyl");
        bind("auditors-domain", "auditors", "Domain DNS");

        eventually().until(() -> reason(h.binding("guests-analytics")).equals("MembersNotAssigned")
                && reason(h.binding("auditors-typo")).equals("UnknownRole")
                && reason(h.binding("auditors-domain")).equals("DomainScopedRole"));
        assertThat(condition(h.binding("auditors-typo"), "Ready").orElseThrow().message())
                .contains("Administrator Read Only");
        assertThat(condition(h.binding("auditors-domain"), "Ready").orElseThrow().message()).contains("DNS");
        assertThat(h.isMember("visitor@acme.example.com")).as("not assigned, so not provisioned").isFalse();
    }

    private static String reason(GroupRoleBinding binding) {
        return condition(binding, "Ready").map(c -> c.reason()).orElse("");
    }

    private void bind(String name, String group, String role) {
        GroupRoleBinding binding = new GroupRoleBinding();
        binding.getMetadata().setName(name);
        binding.getMetadata().setNamespace(NAMESPACE);
        binding.setSpec(new GroupRoleBindingSpec("acme-prod", group, role));
        h.kube.resource(binding).create();
    }

    @Test
    void anInvalidTokenTouchesNothingAndARotatedOneResumes() {
        h = new OperatorHarness().startOperator();
        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token")
                .edit(s -> {
                    s.setStringData(Map.of("token", "revoked-token"));
                    return s;
                });
        h.applyExamples();

        eventually().until(() -> condition(h.app(), "Synced").map(c -> c.reason().equals("InvalidCredentials"))
                .orElse(false));
        assertThat(is(h.app(), "Ready", "False")).isTrue();
        assertThat(h.cf.requests().status(401)).isPositive();
        assertThat(h.cf.requests().method("POST") + h.cf.requests().method("PATCH")).isZero();

        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token")
                .edit(s -> {
                    s.setStringData(Map.of("token", h.token));
                    return s;
                });
        h.awaitExamplesConverged();
    }

    @Test
    void moreDeprovisionsThanTheLimitAreHeldUntilAllowedOnce() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setDeprovisionLimit(1));
        h.awaitExamplesConverged();

        // The classic mistake: the label selector goes, and four people would leave at once.
        editApp(a -> a.getSpec().getAssignments().setUserSelector(null));

        eventually().until(() -> condition(h.app(), "DeprovisionBlocked")
                .map(c -> c.isTrue() && c.reason().equals("DeprovisionLimitExceeded")).orElse(false));
        assertThat(condition(h.app(), "DeprovisionBlocked").orElseThrow().message())
                .contains("4 deprovisions exceed deprovisionLimit 1");
        assertThat(h.cf.account().members()).hasSize(6);

        editApp(a -> a.getMetadata().setAnnotations(Map.of(ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, "4")));

        eventually().until(() -> h.cf.account().members().size() == 2 && h.isMember("jonas.berg@acme.example.com"));
        eventually().until(() -> is(h.app(), "DeprovisionBlocked", "False"));
    }

    @Test
    void anOperatorRestartedHalfWayConvergesWithNoDuplicateUser() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        eventually().until(() -> h.cf.account().members().size() >= 3);
        h.stopOperator();

        h.startOperator();
        h.awaitExamplesConverged();

        assertThat(h.cf.account().members()).hasSize(6);
        assertThat(h.cf.account().members()).extracting(m -> m.userName()).doesNotHaveDuplicates();
        assertThat(h.cf.requests().status(409)).isLessThanOrEqualTo(1);
    }

    @Test
    void onceConvergedNothingIsSentUntilTheNextScan() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        eventually().until(() -> is(h.binding("dns-editors-dns"), "Ready", "True"));
        h.cf.resetRequests();

        // A change that is not a declaration (an annotation) and the passing of time send nothing.
        editUser("priya-raman", u -> u.getMetadata().setAnnotations(Map.of("note", "on leave in May")));
        // Nothing for two seconds in a row; the bound is generous, as a busy machine may be slow to poll.
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> h.cf.requests().total() == 0);

        // A real change costs only its own writes: one PATCH for one role.
        h.edit(ScimGroup.class, "auditors", g -> {
            g.getSpec().getMembers().add("hannah-schmidt");
            return g;
        });
        eventually().until(() -> h.roles("hannah.schmidt@acme.example.com").contains("Administrator Read Only"));
        assertThat(h.cf.requests().total()).isEqualTo(1);
        assertThat(h.cf.requests().route("PATCH /Groups/{id}")).isEqualTo(1);
    }

    @Test
    @BeyondPublishedSchema(PublishedSchemaCheck.RATE_LIMIT_BODY)
    void rateLimitedIsReportedAndTheOperatorResumes() {
        h = new OperatorHarness().startOperator();
        h.cf.faults().add(dev.cfscim.emulator.FaultRule.route("GET /Users").throttleRate(1).build());
        h.applyExamples();

        eventually().until(() -> condition(h.app(), "Synced").map(c -> c.reason().equals("RateLimited")).orElse(false));
        assertThat(h.cf.requests().method("POST")).isZero();

        h.cf.faults().clear();
        h.awaitExamplesConverged();
    }

    @Test
    void aSpentRequestBudgetIsReportedAndTheReconcileComesBackWhenARequestFits() {
        h = new OperatorHarness().startOperator();
        // Room for the scan and a few writes, then a window far longer than any reconcile may wait.
        h.applyExamples(app -> {
            dev.cfscim.api.RequestBudget budget = new dev.cfscim.api.RequestBudget();
            budget.setRequests(4);
            budget.setPer("1h");
            budget.setHeadroom(1.0);
            app.getSpec().setRequestBudget(budget);
        });

        eventually().until(() -> condition(h.app(), "Synced")
                .map(c -> c.reason().equals("RequestBudgetExhausted")).orElse(false));
        assertThat(condition(h.app(), "Synced").orElseThrow().message())
                .contains("request budget is spent (4 of 4 requests per 1h)")
                .contains("the next request can go in");
        assertThat(is(h.app(), "Ready", "False")).isTrue();
        // Nothing is sent past the budget: the operator waits for the window, not for Cloudflare's 429.
        assertThat(h.cf.requests().total()).isEqualTo(4);
        assertThat(h.operator().registry().scrape())
                .containsPattern("cfscim_request_budget_waits_total\\{token=\"[^\"]+\"} [1-9]");
    }

    @Test
    void deletingAnAppOrphansItsMembersByDefault() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();

        h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName("acme-prod").delete();

        eventually().until(() -> h.app() == null);
        assertThat(h.cf.account().members()).hasSize(6);
        // No app is left to deprovision users: their finalizers go, and deleting one does not hang.
        eventually().until(() -> h.user("priya-raman").getMetadata().getFinalizers().isEmpty());
        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName("priya-raman").delete();
        eventually().until(() -> h.user("priya-raman") == null);
        assertThat(h.isMember("priya.raman@acme.example.com")).isTrue();
    }

    @Test
    void deletingAnAppWithDeletionPolicyDeprovisionTakesItsMembersOut() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setDeletionPolicy(dev.cfscim.api.DeletionPolicy.Deprovision));
        h.awaitExamplesConverged();

        h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName("acme-prod").delete();

        eventually().until(() -> h.app() == null);
        assertThat(h.cf.account().members()).extracting(m -> m.userName()).containsExactly(OperatorHarness.OWNER);
    }

    @Test
    void secretsAreReadFromTheCacheAndNeverWrittenToStatus() {
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        String everything = h.kube.getKubernetesSerialization().asJson(h.app())
                + h.kube.getKubernetesSerialization().asJson(h.kube.v1().events().inNamespace(NAMESPACE).list());
        assertThat(everything).doesNotContain(h.token);
        Secret secret = h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").get();
        assertThat(secret).isNotNull();
    }
}
