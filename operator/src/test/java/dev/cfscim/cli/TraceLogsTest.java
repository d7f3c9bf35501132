package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.controller.EndpointAllowList;
import dev.cfscim.controller.OperatorRuntime;
import dev.cfscim.controller.ReconcilerSettings;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** {@code --log-level trace} logs everything but what may carry a token: no HTTP header or body, no Secret data. */
@ExtendWith(PublishedSchemaCheck.class)
class TraceLogsTest {

    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

    @Test
    void traceLevelPrintsNeitherTheTokenNorTheSecretsData() {
        String token = "trace-token-" + Long.toHexString(System.nanoTime());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> capture = capture(captured);
        // The console would print the whole trace into the build's output: only the capture listens.
        List<Appender<ILoggingEvent>> detached = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(detached::add);
        detached.forEach(root::detachAppender);
        root.addAppender(capture);
        // Before any client is built, as `cfscim operator` does: fabric8 decides at build time to log HTTP.
        Logs.configure("trace", "text");
        try (CloudflareEmulator cf = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS).account(ACCOUNT, token)
                     .rateLimit(RateLimit.OFF).superAdmin("owner@example.com").onExchange(PublishedSchemaCheck::record)
                     .build().start();
             EmbeddedCluster cluster = EmbeddedCluster.start()) {
            KubernetesClient kube = cluster.client();
            declare(kube, cf, token);
            try (OperatorRuntime operator = OperatorRuntime.start(kube, OperatorRuntime.Options.defaults()
                    .with(o -> {
                        o.serverSideApply = false;
                        o.httpPort = -1;
                        o.settings = ReconcilerSettings.defaults().with(s -> s.allowedEndpoints = EndpointAllowList.LOOPBACK);
                    }))) {
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    ScimApp app = kube.resources(ScimApp.class).inNamespace("cfscim").withName("acme-prod").get();
                    return DemoScene.condition(app, "Ready").map(c -> c.isTrue()).orElse(false);
                });
            }
        } finally {
            root.detachAppender(capture);
            detached.forEach(root::addAppender);
            Logs.configure(before.levelStr, "text");
            capture.stop();
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the capture saw the trace").contains("TRACE").contains("DEBUG");
        assertThat(log).doesNotContain(token)
                .doesNotContain(Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain("Bearer ");
    }

    private static OutputStreamAppender<ILoggingEvent> capture(ByteArrayOutputStream into) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%-5level %logger - %msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(into);
        appender.start();
        return appender;
    }

    /** The examples, pointed at the emulator, with a labelled Secret holding the token in its data. */
    private static void declare(KubernetesClient kube, CloudflareEmulator cf, String token) {
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("cfscim").endMetadata().build())
                .create();
        Secret secret = new SecretBuilder().withNewMetadata().withName("cloudflare-scim-token")
                .addToLabels(TokenSecretRef.LABEL, TokenSecretRef.LABEL_VALUE).endMetadata()
                .addToData("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))).build();
        kube.secrets().inNamespace("cfscim").resource(secret).create();
        for (HasMetadata resource : new ResourceLoader().load(Path.of("../examples/virtual-groups")).resources().all()) {
            if (resource instanceof Secret) {
                continue;
            }
            if (resource instanceof ScimApp app) {
                app.getSpec().setEndpoint(cf.scimBaseUrl());
                app.getSpec().setAllowInsecureEndpoint(true);
            }
            kube.resource(resource).create();
        }
    }
}
