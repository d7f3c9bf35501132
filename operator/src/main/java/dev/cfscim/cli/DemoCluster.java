package dev.cfscim.cli;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.retry.RetryPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the demo does to the in-process cluster, each as the kubectl command it prints would:
 * namespaces, the token Secret, the examples applied, merge patches and group edits.
 */
record DemoCluster(KubernetesClient kube, String namespace) {

    /** An edit the operator's status write beat (a 409) is made again on what is there now. */
    private static final RetryPolicy<KubernetesClientException> EDIT_CONFLICTS = new RetryPolicy<>(10,
            RetryPolicy.Backoff.NONE, KubernetesClientException.class, e -> e.getCode() == 409);

    /** {@code kubectl create namespace} for each namespace the declaration uses. */
    void createNamespaces(ResourceSet declared) {
        Set<String> namespaces = new LinkedHashSet<>();
        declared.all().forEach(r -> namespaces.add(ResourceSet.namespaceOf(r)));
        for (String ns : namespaces) {
            kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
    }

    /**
     * {@code kubectl create secret generic NAME --from-literal=KEY=TOKEN}, then {@code kubectl label
     * secret NAME scim.cfscim.dev/token=true}, as install.md asks: the examples' own Secret holds a
     * placeholder the operator refuses.
     */
    void createTokenSecret(TokenSecretRef ref, String token) {
        String key = ref.getKey() == null ? TokenSecretRef.DEFAULT_KEY : ref.getKey();
        Secret secret = new SecretBuilder().withNewMetadata().withName(ref.getName()).withNamespace(namespace)
                .addToLabels(TokenSecretRef.LABEL, TokenSecretRef.LABEL_VALUE)
                .endMetadata().addToStringData(key, token).build();
        kube.resource(secret).create();
    }

    /**
     * {@code kubectl apply} of every resource but the Secrets, with the ScimApp pointed at the
     * emulator (plain http, to this machine only: the emulator serves no TLS) and scanning every
     * {@code resyncInterval}.
     */
    void apply(ResourceSet declared, String endpoint, String resyncInterval) {
        for (HasMetadata resource : declared.all()) {
            if (resource instanceof Secret) {
                continue;
            }
            if (resource instanceof ScimApp app) {
                app.getSpec().setEndpoint(endpoint);
                app.getSpec().setAllowInsecureEndpoint(true);
                app.getSpec().setResyncInterval(resyncInterval);
            }
            kube.resource(resource).create();
        }
    }

    /** {@code kubectl apply} of one new resource. */
    void create(HasMetadata resource) {
        kube.resource(resource).create();
    }

    /** As {@code kubectl patch --type=merge} does: no resourceVersion, so the operator's status writes never conflict. */
    <R extends HasMetadata> void mergePatch(Class<R> type, String name, String patch) {
        kube.resources(type).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    /**
     * As {@code kubectl edit} does, again when the operator wrote a status meanwhile (a conflict):
     * a list cannot go in a merge patch here (the mock API server merges lists rather than replace them).
     */
    void editGroupMembers(String name, Consumer<List<String>> change) {
        EDIT_CONFLICTS.run(() -> kube.resources(ScimGroup.class).inNamespace(namespace).withName(name).edit(g -> {
            List<String> members = g.getSpec().getMembers() == null ? new ArrayList<>()
                    : new ArrayList<>(g.getSpec().getMembers());
            change.accept(members);
            g.getSpec().setMembers(members);
            return g;
        }));
    }
}
