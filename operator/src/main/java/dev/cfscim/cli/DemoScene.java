package dev.cfscim.cli;

import dev.cfscim.api.Condition;
import dev.cfscim.api.ConditionedStatus;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.EmulatedAccount;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /** A user group of the account as a reader sees it: what its policies grant, and its members by userName. */
    record UserGroup(Set<String> roles, Set<String> members) {
    }

    /** The account's custom user groups (today's model), by name; none in the virtual-groups model. */
    Map<String, UserGroup> userGroups() {
        Map<String, String> userNames = new HashMap<>();
        account.members().forEach(m -> userNames.put(m.id(), m.userName()));
        Map<String, UserGroup> groups = new TreeMap<>();
        account.groups().stream().filter(g -> g.kind().equals("custom")).forEach(g -> groups.put(g.displayName(),
                new UserGroup(new TreeSet<>(g.roles()), g.memberIds().stream()
                        .map(id -> userNames.getOrDefault(id, id)).collect(Collectors.toCollection(TreeSet::new)))));
        return groups;
    }

    /** The events the operator recorded on the ScimApp, oldest first, as {@code kubectl get events} lists them. */
    List<Event> appEvents() {
        return kube.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && appName.equals(e.getInvolvedObject().getName())
                        && ScimApp.class.getSimpleName().equals(e.getInvolvedObject().getKind()))
                .sorted(Comparator.comparing((Event e) -> String.valueOf(e.getFirstTimestamp()))
                        .thenComparing(e -> e.getMetadata().getName()))
                .toList();
    }

    /** The resource's condition of {@code type}, if its status has one yet. */
    static Optional<Condition> condition(HasMetadata resource, String type) {
        Object status = resource instanceof CustomResource<?, ?> custom ? custom.getStatus() : null;
        return status instanceof ConditionedStatus conditioned
                ? Conditions.find(conditioned.getConditions(), type) : Optional.empty();
    }
}
