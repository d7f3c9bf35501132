package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on a resource: what `kubectl describe` and `kubectl get events` show. */
final class KubeEvents {

    private static final Logger LOG = LoggerFactory.getLogger(KubeEvents.class);
    static final String COMPONENT = "cloudflare-scim-operator";

    private final KubernetesClient client;

    KubeEvents(KubernetesClient client) {
        this.client = client;
    }

    /** A Normal event: its reason is an applied change's ({@code UserCreated}, see Change.Action). */
    void normal(HasMetadata on, String reason, String message) {
        record(on, "Normal", reason, message);
    }

    void warning(HasMetadata on, Reason reason, String message) {
        record(on, "Warning", reason.toString(), message);
    }

    private void record(HasMetadata on, String type, String reason, String message) {
        String now = Instant.now().toString();
        String namespace = on.getMetadata().getNamespace();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(on.getMetadata().getName() + "." + Long.toHexString(System.nanoTime())
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000)))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(on.getApiVersion())
                        .withKind(on.getKind())
                        .withName(on.getMetadata().getName())
                        .withNamespace(namespace)
                        .withUid(on.getMetadata().getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) + "..." : message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy: failing to record one must not fail the reconcile.
            LOG.warn("could not record event {} on {}/{}: {}", reason, namespace, on.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
