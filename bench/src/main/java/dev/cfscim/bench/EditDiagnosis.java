package dev.cfscim.bench;

import dev.cfscim.api.Condition;
import dev.cfscim.api.ConditionedStatus;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.GroupView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What is known when an edit does not reach Cloudflare: the ScimGroup as the API server holds it
 * (did the edit land, did the operator's status see its generation), the Cloudflare group, the app's
 * conditions, and what the operator says of itself. An edit the operator never planned would break
 * its promise; the message must say where the edit stopped.
 */
record EditDiagnosis(KubernetesClient kube, CloudflareEmulator cf, Supplier<String> operatorSide) {

    /** The state of {@code group}'s edit ({@code member} {@code added} or not) on each side, one line each. */
    String of(String group, String member, String userId, String groupId, boolean added) {
        StringBuilder out = new StringBuilder();
        ScimGroup declared = kube.resources(ScimGroup.class).inNamespace(OperatorScenario.NAMESPACE).withName(group).get();
        if (declared == null) {
            out.append("ScimGroup ").append(group).append(": gone\n");
        } else {
            boolean has = declared.getSpec().getMembers().contains(member);
            out.append("ScimGroup ").append(group).append(": generation ").append(declared.getMetadata().getGeneration())
                    .append(", resourceVersion ").append(declared.getMetadata().getResourceVersion()).append(", ")
                    .append(member).append(has ? " a member" : " not a member").append(has == added ? " (as edited)" : " (NOT as edited)")
                    .append("; status ").append(status(declared, declared.getStatus())).append('\n');
        }
        boolean joined = cf.account().groups().stream().filter(g -> g.id().equals(groupId)).findFirst()
                .map(GroupView::memberIds).map(ids -> ids.contains(userId)).orElse(false);
        out.append("Cloudflare group ").append(groupId).append(": ").append(member)
                .append(joined ? " a member" : " not a member").append('\n');
        ScimApp app = kube.resources(ScimApp.class).inNamespace(OperatorScenario.NAMESPACE)
                .withName(OperatorScenario.APP).get();
        out.append("ScimApp: ").append(app == null ? "gone" : status(app, app.getStatus())).append('\n');
        out.append(operatorSide.get());
        return out.toString();
    }

    private static String status(HasMetadata resource, ConditionedStatus status) {
        if (status == null) {
            return "none";
        }
        List<Condition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        return "observedGeneration " + status.getObservedGeneration() + " of " + resource.getMetadata().getGeneration()
                + ", " + conditions.stream().map(c -> c.type() + "=" + c.status() + " " + c.reason()
                        + (c.message() == null ? "" : " (" + c.message() + ")")).collect(Collectors.joining("; "));
    }
}
