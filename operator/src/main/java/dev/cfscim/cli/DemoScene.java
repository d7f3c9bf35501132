package dev.cfscim.cli;

import dev.cfscim.api.Condition;
import dev.cfscim.api.ConditionedStatus;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.EmulatedAccount;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Where the demo walks: the namespace and ScimApp in the in-process cluster, and the emulated account. */
record DemoScene(KubernetesClient kube, String namespace, String appName, EmulatedAccount account) {

    ScimApp app() {
        return kube.resources(ScimApp.class).inNamespace(namespace).withName(appName).get();
    }

    ScimUser user(String name) {
        return kube.resources(ScimUser.class).inNamespace(namespace).withName(name).get();
    }

    /** The namespace's resources of {@code kind}, by name, as {@code kubectl get} lists them. */
    <T extends CustomResource<?, ?>> List<T> list(Class<T> kind) {
        return kube.resources(kind).inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
    }

    /** The resource's condition of {@code type}, if its status has one yet. */
    static Optional<Condition> condition(HasMetadata resource, String type) {
        Object status = resource instanceof CustomResource<?, ?> custom ? custom.getStatus() : null;
        return status instanceof ConditionedStatus conditioned
                ? Conditions.find(conditioned.getConditions(), type) : Optional.empty();
    }
}
