package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.cli.EmbeddedCluster;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.Owner;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.scim.ApiToken;
import dev.cfscim.scim.InMemoryCloudflareAccount;
import dev.cfscim.scim.InMemoryCloudflareAccount.Operation;
import dev.cfscim.scim.ScimException;
import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The operator's second lock on the token: a failure whose message still carries it (a client that
 * did not scrub what Cloudflare said) has it scrubbed before the log line, the status message and
 * the events that AppSync and ChangeEvents make of it.
 */
class AppSyncRedactionTest {

    private static final String SECRET = "second-lock-token";

    @Test
    void aFailureThatCarriesTheTokenIsScrubbedBeforeLogStatusAndEvents() {
        ApiToken token = ApiToken.of(SECRET);
        ResourceSet resources = new ResourceLoader().load(Path.of("../examples/virtual-groups")).resources();
        ScimApp app = resources.apps().get(0);
        DesiredState desired = PlanInputs.desiredState(resources, app);
        AbsenceChecks checks = AbsenceChecks.of(app, java.util.List.of(), java.util.List.of());
        InMemoryCloudflareAccount account = new InMemoryCloudflareAccount(desired.accountId());
        // Unscrubbed on purpose, as no client of ours says it: the first scan, then the first create.
        account.failOn(Operation.LIST_USERS, 1, ScimException.Kind.TRANSIENT, "GET /Users: upstream said token=" + SECRET);
        account.failOn(Operation.CREATE_USER, 1, ScimException.Kind.PERMANENT,
                "POST /Users: header Authorization: Bearer " + SECRET + " refused");
        AppSession session = new AppSession(new AppSession.Connection("https://example.com", token.fingerprint(),
                1200, 300_000, 0.1), token, new Engine(account, account, Owner.of(app)));
        Logger log = (Logger) LoggerFactory.getLogger(AppSync.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
            AppSync sync = new AppSync(OperatorHarness.fastSettings(), new ChangeEvents(new OperatorMetrics(
                    new SimpleMeterRegistry())), new RemovalLedgers(cluster.client(), "cfscim-system"));
            KubeEvents events = new KubeEvents(cluster.client());

            Outcome scanFailed = sync.run(app, desired, checks, session, events, Instant.now(), () -> { });
            Outcome createFailed = sync.run(app, desired, checks, session, events, Instant.now(), () -> { });

            assertThat(scanFailed).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
                assertThat(failed.reason()).isEqualTo(Reason.UNREACHABLE);
                assertThat(failed.message()).contains("upstream said token=[redacted]").doesNotContain(SECRET);
            });
            assertThat(createFailed).isInstanceOfSatisfying(Outcome.Applied.class,
                    applied -> assertThat(applied.result().failed()).isNotEmpty());
            List<String> recorded = cluster.client().v1().events().inAnyNamespace().list().getItems().stream()
                    .filter(e -> Reason.CHANGE_FAILED.toString().equals(e.getReason())).map(Event::getMessage).toList();
            assertThat(recorded).anySatisfy(m -> assertThat(m).contains("Authorization: Bearer [redacted] refused"))
                    .noneMatch(m -> m.contains(SECRET));
        } finally {
            log.detachAppender(lines);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("upstream said token=[redacted]"))
                .noneMatch(m -> m.contains(SECRET));
    }
}
