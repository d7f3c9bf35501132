package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Condition;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.RemovalLedger;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.Exchange;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deprovision and role-removal rates on the operator: counted across reconciles and restarts in
 * the ScimApp's status, whatever makes the plans small.
 */
@ExtendWith(PublishedSchemaCheck.class)
class OperatorRemovalRateTest {

    /** The examples' five assigned ScimUsers and their userNames, in the order the tests delete them. */
    private static final List<String> USERS = List.of("priya-raman", "marcus-okafor", "elena-petrova", "hannah-schmidt",
            "jonas-berg");

    @AutoClose
    private OperatorHarness h;

    /** Generous: these tests run beside others on a busy 2-core machine. */
    private static ConditionFactory patiently() {
        return Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200));
    }

    private static String userName(String name) {
        return name.replace('-', '.') + "@acme.example.com";
    }

    private void converge() {
        patiently().until(h::examplesConverged);
    }

    /** The examples applied with {@code deprovisionLimit} on the app, and converged on a running operator. */
    private void convergeWithDeprovisionLimit(int limit) {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setDeprovisionLimit(limit));
        converge();
    }

    private void delete(String name) {
        h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).withName(name).delete();
    }

    /** Deletes the ScimUser and waits until the operator has deprovisioned it and let the resource go. */
    private void deleteAndSeeItDeprovisioned(String name) {
        delete(name);
        patiently().until(() -> !h.isMember(userName(name)) && h.user(name) == null);
    }

    /** Waits until the app says a safety rail holds a change, for {@code reason}. */
    private void awaitHeldBy(String reason) {
        patiently().until(() -> condition(h.app(), "DeprovisionBlocked")
                .map(c -> c.isTrue() && c.reason().equals(reason)).orElse(false));
    }

    private int deprovisionsInWindow() {
        RemovalLedger ledger = h.app().getStatus().getDeprovisions();
        return ledger == null || ledger.inWindow() == null ? 0 : ledger.inWindow();
    }

    /** The roles the bindings give the five users (every member also has Minimal Account Access). */
    private List<String> boundRoles() {
        return USERS.stream().flatMap(n -> h.roles(userName(n)).stream().map(r -> n + ": " + r))
                .filter(r -> !r.endsWith("Minimal Account Access")).sorted().toList();
    }

    @Test
    void scimUsersDeletedOneByOnePastTheRateAreHeldAndTheStatusCountsThem() {
        convergeWithDeprovisionLimit(3);

        // A kubectl loop: each deletion is its own small plan, well under the limit on its own.
        for (String name : USERS.subList(0, 3)) {
            deleteAndSeeItDeprovisioned(name);
        }
        patiently().until(() -> deprovisionsInWindow() == 3);
        Instant beforeHold = Instant.now();

        delete("hannah-schmidt");
        awaitHeldBy("DeprovisionLimitExceeded");
        delete("jonas-berg");
        patiently().until(() -> is(h.user("jonas-berg"), "DeprovisionBlocked", "True")
                && is(h.user("hannah-schmidt"), "DeprovisionBlocked", "True"));

        Condition blocked = condition(h.app(), "DeprovisionBlocked").orElseThrow();
        assertThat(blocked.message()).contains("deprovisionLimit 3 per 1h: 3 deprovisions in the window, "
                + "0 more allowed now").contains("the next fits at ");
        Instant nextFits = Instant.parse(blocked.message().replaceAll(".*the next fits at (\\S+).*", "$1"));
        assertThat(nextFits).isAfter(beforeHold.plus(Duration.ofMinutes(55)))
                .isBefore(Instant.now().plus(Duration.ofMinutes(62)));
        assertThat(h.isMember(userName("hannah-schmidt"))).isTrue();
        assertThat(h.isMember(userName("jonas-berg"))).isTrue();
        assertThat(h.cf.account().members().stream().filter(m -> m.active()).count())
                .as("the owner and the two held").isEqualTo(3);
        assertThat(h.user("hannah-schmidt")).as("its finalizer stays while held").isNotNull();
        assertThat(deprovisionsInWindow()).isEqualTo(3);
    }

    @Test
    void aHeldDeprovisionGoesOnceTheWindowMovesOn() {
        // A window is at least a minute: the operator's clock is moved past it rather than waited out.
        MovableClock clock = new MovableClock(Instant.now());
        h = new OperatorHarness().startOperator(OperatorHarness.options().with(o -> o.clock = clock));
        h.applyExamples(app -> {
            app.getSpec().setDeprovisionLimit(1);
            app.getSpec().setDeprovisionWindow("1m");
        });
        converge();

        deleteAndSeeItDeprovisioned("priya-raman");
        delete("marcus-okafor");
        awaitHeldBy("DeprovisionLimitExceeded");
        assertThat(condition(h.app(), "DeprovisionBlocked").orElseThrow().message())
                .contains("deprovisionLimit 1 per 1m: 1 deprovisions in the window, 0 more allowed now");
        assertThat(h.isMember(userName("marcus-okafor"))).as("held while the first is in the window").isTrue();

        // Nothing else changes: the window moving on alone releases it.
        clock.advance(Duration.ofMinutes(2));
        patiently().until(() -> !h.isMember(userName("marcus-okafor")) && h.user("marcus-okafor") == null);
    }

    @Test
    void anAllowanceLeftOnTheAppIsSpentOnceAndANewValueGivesMore() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> {
            app.getSpec().setDeprovisionLimit(1);
            app.getMetadata().setAnnotations(Map.of(ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, "1"));
        });
        converge();

        // The limit and the allowance: two go, one by one.
        deleteAndSeeItDeprovisioned("priya-raman");
        deleteAndSeeItDeprovisioned("marcus-okafor");
        patiently().until(() -> allowanceUsed().equals(new RemovalLedger.Allowance(1, 1)));

        // Nobody took the annotation back: the next is held all the same, and the app says why.
        delete("elena-petrova");
        awaitHeldBy("DeprovisionLimitExceeded");
        assertThat(condition(h.app(), "DeprovisionBlocked").orElseThrow().message())
                .contains("the one-off allowance of 1 is used up");
        assertThat(h.isMember(userName("elena-petrova"))).isTrue();

        h.edit(ScimApp.class, "acme-prod", a -> {
            a.getMetadata().setAnnotations(Map.of(ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, "2"));
            return a;
        });
        patiently().until(() -> !h.isMember(userName("elena-petrova")) && h.user("elena-petrova") == null);
        patiently().until(() -> allowanceUsed().equals(new RemovalLedger.Allowance(2, 1)));
        assertThat(deprovisionsInWindow()).as("the window counts only what it had room for").isEqualTo(1);
    }

    private RemovalLedger.Allowance allowanceUsed() {
        RemovalLedger ledger = h.app().getStatus().getDeprovisions();
        return ledger == null || ledger.allowance() == null ? new RemovalLedger.Allowance(0, 0) : ledger.allowance();
    }

    @Test
    void theCountSurvivesAnOperatorRestart() {
        convergeWithDeprovisionLimit(2);
        deleteAndSeeItDeprovisioned("priya-raman");
        deleteAndSeeItDeprovisioned("marcus-okafor");
        patiently().until(() -> deprovisionsInWindow() == 2);

        h.stopOperator();
        h.startOperator();
        delete("elena-petrova");

        awaitHeldBy("DeprovisionLimitExceeded");
        assertThat(h.isMember(userName("elena-petrova"))).isTrue();
        assertThat(deprovisionsInWindow()).isEqualTo(2);
    }

    /** A deprovision as the emulator receives it: PATCH /Users/{id} setting active to false. */
    private static boolean deprovisioning(Exchange exchange) {
        return exchange.method().equals("PATCH") && exchange.path().contains("/Users/") && exchange.requestBody() != null
                && exchange.requestBody().replace(" ", "").contains("\"path\":\"active\",\"value\":false");
    }

    private boolean heldBy(String reason) {
        return condition(h.app(), "DeprovisionBlocked").map(c -> c.isTrue() && c.reason().equals(reason)).orElse(false);
    }

    @Test
    void aCrashLoopRightAfterEachDeprovisionLetsNoMoreThanTheLimitThrough() {
        convergeWithDeprovisionLimit(2);
        h.stopOperator();

        // Three times in a row: a ScimUser is deleted, and the operator dies the instant Cloudflare
        // has deprovisioned it, before the answer is back and before the reconcile writes anything more.
        for (String name : USERS.subList(0, 3)) {
            AtomicBoolean crashed = new AtomicBoolean();
            h.onExchange(exchange -> {
                if (deprovisioning(exchange) && crashed.compareAndSet(false, true)) {
                    h.crash();
                }
            });
            h.startCrashableOperator();
            delete(name);
            patiently().until(() -> crashed.get() || heldBy("DeprovisionLimitExceeded"));
            h.stopOperator();
        }
        h.onExchange(exchange -> { });

        assertThat(USERS.subList(0, 3).stream().filter(n -> !h.isMember(userName(n))).toList())
                .as("deprovisionLimit 2 per hour, whatever the crashes").containsExactly("priya-raman", "marcus-okafor");
        h.startOperator();
        awaitHeldBy("DeprovisionLimitExceeded");
        assertThat(h.isMember(userName("elena-petrova"))).isTrue();
        assertThat(deprovisionsInWindow()).as("the status mirrors the ledger").isEqualTo(2);
    }

    @Test
    void aScimAppDeletedAndAppliedAgainKeepsTheCount() {
        convergeWithDeprovisionLimit(2);
        deleteAndSeeItDeprovisioned("priya-raman");
        deleteAndSeeItDeprovisioned("marcus-okafor");

        // deletionPolicy Orphan (the default): the app goes, the account stays as it is.
        ScimApp again = h.app();
        h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).withName("acme-prod").delete();
        patiently().until(() -> h.app() == null);
        // Applied again from Git: the same spec, and no status.
        again.setMetadata(new ObjectMetaBuilder().withName("acme-prod").withNamespace(NAMESPACE).build());
        again.setStatus(null);
        h.kube.resource(again).create();
        patiently().until(() -> is(h.app(), "Ready", "True"));

        delete("elena-petrova");
        patiently().until(() -> heldBy("DeprovisionLimitExceeded") || !h.isMember(userName("elena-petrova")));
        assertThat(h.isMember(userName("elena-petrova"))).as("2 deprovisions in the hour across both lives").isTrue();
        assertThat(deprovisionsInWindow()).isEqualTo(2);
    }

    @Test
    void aLedgerThatCannotBeWrittenHoldsTheRemovalsAndSendsNone() {
        h = new OperatorHarness();
        // As when the chart's Role for the ledger is missing: the API server refuses to create it.
        h.cluster.refuse("POST", "/api/v1/namespaces/" + OperatorHarness.OPERATOR_NAMESPACE + "/configmaps");
        List<Exchange> deprovisions = new CopyOnWriteArrayList<>();
        h.onExchange(exchange -> {
            if (deprovisioning(exchange)) {
                deprovisions.add(exchange);
            }
        });
        h.startOperator();
        h.applyExamples();
        converge();

        delete("priya-raman");
        patiently().until(() -> heldBy("LedgerUnavailable") || !h.isMember(userName("priya-raman")));
        assertThat(deprovisions).as("no deprovision sent").isEmpty();
        assertThat(h.isMember(userName("priya-raman"))).isTrue();
        assertThat(condition(h.app(), "DeprovisionBlocked").orElseThrow().message())
                .contains("ConfigMap " + OperatorHarness.OPERATOR_NAMESPACE + "/cfscim-ledger-" + OperatorHarness.ACCOUNT)
                .contains("HTTP 403").contains("none is sent until it can be");
        patiently().until(() -> is(h.user("priya-raman"), "DeprovisionBlocked", "True"));
        assertThat(condition(h.user("priya-raman"), "DeprovisionBlocked").orElseThrow().reason())
                .isEqualTo("LedgerUnavailable");
        assertThat(h.user("priya-raman")).as("its finalizer stays while held").isNotNull();
    }

    @Test
    void anEmptiedBindingsFileIsHeldByTheRoleRemovalLimit() {
        h = new OperatorHarness().startOperator();
        h.applyExamples(app -> app.getSpec().setRoleRemovalLimit(2));
        converge();
        patiently().until(() -> is(h.binding("dns-editors-dns"), "Ready", "True"));
        List<String> rolesBefore = boundRoles();
        assertThat(rolesBefore).hasSizeGreaterThan(2);

        // A bad merge empties bindings.yaml, and one sync prunes every binding at once.
        h.stopOperator();
        h.kube.resources(GroupRoleBinding.class).inNamespace(NAMESPACE).delete();
        patiently().until(() -> h.kube.resources(GroupRoleBinding.class).inNamespace(NAMESPACE).list().getItems().isEmpty());
        h.startOperator();

        awaitHeldBy("RoleRemovalLimitExceeded");
        assertThat(condition(h.app(), "DeprovisionBlocked").orElseThrow().message())
                .startsWith(rolesBefore.size() + " role removals exceed roleRemovalLimit 2 per 1h");
        assertThat(boundRoles()).as("nothing removed").isEqualTo(rolesBefore);
        assertThat(h.app().getStatus().getRoleRemovals()).isNull();
    }
}
