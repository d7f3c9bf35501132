package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import dev.cfscim.scim.CraftedScimServer;
import dev.cfscim.scim.CraftedScimServer.Answer;
import io.fabric8.kubernetes.api.model.Event;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A ScimApp cannot have the operator send its token to a host not allowed (nor where an allowed one
 * redirects), nor read a Secret not labelled; and what a server echoes of the token reaches no
 * status, event or log line.
 */
@ExtendWith(PublishedSchemaCheck.class)
class TokenContainmentTest {

    @AutoClose
    private OperatorHarness h;
    @AutoClose
    private CloudflareEmulator elsewhere;
    @AutoClose
    private CraftedScimServer crafted;

    private static boolean failedWith(ScimApp app, String reason) {
        return condition(app, "Synced").map(c -> !c.isTrue() && c.reason().equals(reason)).orElse(false)
                && condition(app, "Ready").map(c -> !c.isTrue() && c.reason().equals(reason)).orElse(false);
    }

    @Test
    void anEndpointOnAHostNotAllowedIsSentNothing() {
        h = new OperatorHarness();
        // Another server on the same machine, on a port the operator was not told about: to the
        // operator, another host. It knows the token, so anything sent there would be accepted.
        elsewhere = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS).account(OperatorHarness.ACCOUNT, h.token)
                .rateLimit(RateLimit.OFF).superAdmin(OperatorHarness.OWNER).onExchange(PublishedSchemaCheck::record)
                .build().start();
        int allowedPort = URI.create(h.cf.scimBaseUrl()).getPort();
        h.startOperator(OperatorHarness.options().with(o -> o.settings = OperatorHarness.fastSettings()
                .with(s -> s.allowedEndpoints = new EndpointAllowList(List.of("127.0.0.1:" + allowedPort)))));
        h.applyExamples(app -> app.getSpec().setEndpoint(elsewhere.scimBaseUrl()));

        eventually().until(() -> failedWith(h.app(), "EndpointNotAllowed"));
        Condition synced = condition(h.app(), "Synced").orElseThrow();
        assertThat(synced.message()).contains("127.0.0.1:" + URI.create(elsewhere.scimBaseUrl()).getPort())
                .contains("--allowed-endpoint-hosts").doesNotContain(h.token);
        assertThat(elsewhere.requests().total()).as("requests the host not allowed received").isZero();
        assertThat(h.cf.requests().total()).isZero();

        // Pointed at the allowed host, the same app syncs: only the host was in the way.
        h.edit(ScimApp.class, "acme-prod", app -> {
            app.getSpec().setEndpoint(h.cf.scimBaseUrl());
            return app;
        });
        eventually().until(() -> is(h.app(), "Ready", "True"));
        assertThat(elsewhere.requests().total()).isZero();
    }

    @Test
    void anUnlabelledSecretIsNeverReadUntilItIsLabelled() {
        h = new OperatorHarness();
        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").delete();
        h.kube.secrets().inNamespace(NAMESPACE).resource(OperatorHarness.tokenSecret("cloudflare-scim-token", h.token,
                false)).create();
        h.startOperator();
        h.applyExamples();

        eventually().until(() -> failedWith(h.app(), "SecretNotFound"));
        assertThat(condition(h.app(), "Synced").orElseThrow().message())
                .contains("Secret cloudflare-scim-token not found in namespace cfscim or lacks label "
                        + "scim.cfscim.dev/token=true")
                .contains("kubectl label secret cloudflare-scim-token -n cfscim scim.cfscim.dev/token=true");
        assertThat(h.cf.requests().total()).as("requests sent with the unlabelled Secret's token").isZero();

        h.kube.secrets().inNamespace(NAMESPACE).withName("cloudflare-scim-token").edit(secret -> {
            secret.getMetadata().getLabels().put(TokenSecretRef.LABEL, TokenSecretRef.LABEL_VALUE);
            return secret;
        });
        h.awaitExamplesConverged();
    }

    @Test
    void anAllowedEndpointThatRedirectsElsewhereSendsTheTokenNowhereElse() throws Exception {
        h = new OperatorHarness();
        // Another host that knows the token: a client that followed the redirect would sync against it.
        elsewhere = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS).account(OperatorHarness.ACCOUNT, h.token)
                .rateLimit(RateLimit.OFF).superAdmin(OperatorHarness.OWNER).onExchange(PublishedSchemaCheck::record)
                .build().start();
        crafted = CraftedScimServer.answering(new Answer(307,
                Map.of("Location", elsewhere.scimBaseUrl() + "/Users?startIndex=1&count=100"), a -> ""));
        h.startOperator(OperatorHarness.options().with(o -> o.settings = OperatorHarness.fastSettings()
                .with(s -> s.allowedEndpoints = new EndpointAllowList(List.of("127.0.0.1:" + crafted.port())))));
        h.applyExamples(app -> app.getSpec().setEndpoint(crafted.scimBaseUrl()));

        eventually().until(() -> failedWith(h.app(), Reason.RECONCILE_ERROR.toString()));
        int elsewherePort = URI.create(elsewhere.scimBaseUrl()).getPort();
        assertThat(condition(h.app(), "Synced").orElseThrow().message())
                .contains("Cloudflare answered 307, a redirect to 127.0.0.1:" + elsewherePort + ", which is not followed");
        assertThat(elsewhere.requests().total()).as("requests the redirect's host received").isZero();
    }

    /** A Cloudflare that echoes what it was sent: two forms of the same mistake. */
    static Stream<Arguments> echoes() {
        return Stream.of(
                Arguments.of("a SCIM error repeating the token", (UnaryOperator<String>) auth -> "{\"schemas\":"
                        + "[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"401\",\"detail\":\"token "
                        + auth.substring("Bearer ".length()) + " is not valid\"}"),
                Arguments.of("a v4 error repeating the Authorization header", (UnaryOperator<String>) auth ->
                        "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error: "
                                + "Authorization: " + auth + "\"}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoes")
    void aServerThatEchoesTheTokenGetsItIntoNoStatusEventOrLog(String name, UnaryOperator<String> body)
            throws Exception {
        h = new OperatorHarness();
        String account = OperatorHarness.ACCOUNT;
        // The account reads as one with its role groups and no member: the plan creates the examples' users,
        // and the first write is refused with a body that repeats the token.
        String groups = Stream.of("Administrator", "Administrator Read Only", "DNS")
                .map(role -> "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"id\":\""
                        + Integer.toHexString(role.hashCode()) + "\",\"displayName\":\"CF-" + account + " - " + role + "\"}")
                .reduce((a, b) -> a + "," + b).map(all -> "[" + all + "]").orElseThrow();
        crafted = new CraftedScimServer("[]", groups).otherwise(new Answer(401,
                Map.of("Content-Type", "application/json"), body::apply));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            h.startOperator();
            h.applyExamples(app -> app.getSpec().setEndpoint(crafted.scimBaseUrl()));

            eventually().until(() -> failedWith(h.app(), Reason.INVALID_CREDENTIALS.toString())
                    && !events(Reason.CHANGE_FAILED.toString()).isEmpty()
                    && lines(log).stream().anyMatch(l -> l.startsWith("WARN ScimApp cfscim/acme-prod: ")));
        } finally {
            root.detachAppender(log);
        }

        String secret = h.token;
        assertThat(condition(h.app(), "Synced").orElseThrow().message()).as("the echo reached the status, scrubbed")
                .contains("401").contains("[redacted]").doesNotContain(secret);
        assertThat(events(Reason.CHANGE_FAILED.toString())).allSatisfy(m -> assertThat(m).contains("401").doesNotContain(secret));
        String statuses = h.kube.getKubernetesSerialization().asJson(h.app())
                + h.kube.getKubernetesSerialization().asJson(h.kube.resources(ScimUser.class).inNamespace(NAMESPACE).list())
                + h.kube.getKubernetesSerialization().asJson(h.kube.v1().events().inNamespace(NAMESPACE).list());
        assertThat(statuses).doesNotContain(secret).doesNotContain("Bearer " + secret);
        List<String> lines = lines(log);
        assertThat(lines).filteredOn(l -> l.startsWith("WARN ScimApp cfscim/acme-prod: "))
                .allSatisfy(l -> assertThat(l).contains("401").contains("[redacted]"));
        assertThat(lines).noneMatch(l -> l.contains(secret));
    }

    /** The messages of the events of this reason in the namespace. */
    private List<String> events(String reason) {
        return h.kube.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).map(Event::getMessage).toList();
    }

    /** Each captured log event as {@code LEVEL message} with its exception's trace, if any. */
    private static List<String> lines(ListAppender<ILoggingEvent> log) {
        List<ILoggingEvent> events;
        synchronized (log) {
            events = new ArrayList<>(log.list);
        }
        return events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
    }
}
