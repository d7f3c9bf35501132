package dev.cfscim.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.GroupRoleBindingStatus;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.plan.DesiredUser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the statuses a reconcile computed, only those whose JSON changed: the app's through JOSDK,
 * its users', groups' and bindings' as JSON Patches of /status, a few at a time.
 */
final class StatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiServerWrites writes;

    StatusWriter(ApiServerWrites writes) {
        this.writes = writes;
    }

    /**
     * The statuses of the namespace's users and groups and of the app's bindings, after this app's
     * reconcile; answers the bindings that cannot be honoured, for the app's own Ready.
     */
    List<AppSurroundings.Unhonoured> writeSecondary(KubernetesClient kube, ScimApp app, ResourceSet declared,
                                                    Outcome outcome, Instant now) {
        String namespace = ResourceSet.namespaceOf(app);
        List<Runnable> changed = new ArrayList<>();
        if (outcome.desired() != null) {
            for (ScimUser user : declared.usersIn(namespace)) {
                // A user without a userName is refused (InvalidUserName), and told so. A user the plan
                // did not look at has what it had: the last plan left nothing standing for it.
                if (user.getSpec() != null && lookedAt(user, outcome) && !Statuses.userUnchanged(user, app, outcome)) {
                    addStatusWrite(changed, kube, ScimUser.class, user, user.getStatus(),
                            Statuses.user(user, app, outcome, now));
                }
            }
        }
        for (ScimGroup group : declared.groupsIn(namespace)) {
            addStatusWrite(changed, kube, ScimGroup.class, group, group.getStatus(), Statuses.group(group, declared, now));
        }
        List<AppSurroundings.Unhonoured> unhonoured = new ArrayList<>();
        for (GroupRoleBinding binding : declared.bindingsOf(app)) {
            String displayName = declared.group(ResourceSet.namespaceOf(binding), binding.getSpec().getGroupRef())
                    .map(g -> g.getSpec().getDisplayName()).orElse(null);
            GroupRoleBindingStatus status = Statuses.binding(binding, displayName, outcome, now);
            addStatusWrite(changed, kube, GroupRoleBinding.class, binding, binding.getStatus(), status);
            Conditions.find(status.getConditions(), Conditions.Type.READY).filter(Condition::isFalse)
                    .ifPresent(ready -> Reason.of(ready.reason()).filter(reason -> outcome.failure().map(Outcome.Failed::reason).filter(reason::equals).isEmpty())
                            .ifPresent(reason -> unhonoured.add(new AppSurroundings.Unhonoured(
                                    binding.getMetadata().getName(), reason, ready.message()))));
        }
        writes.inParallel(changed);
        unhonoured.sort(java.util.Comparator.comparing(AppSurroundings.Unhonoured::binding));
        return unhonoured;
    }

    /**
     * Whether a user's status is worked out again: every user after a full plan; after a scoped
     * one, the scope's users and any whose spec the status has not seen yet (a new ScimUser, or
     * one whose userName is refused: no plan names it, yet it must be told).
     */
    private static boolean lookedAt(ScimUser user, Outcome outcome) {
        return outcome.scope().isAll() || user.getSpec().getUserName() == null || user.getStatus() == null
                || !Long.valueOf(Statuses.generation(user)).equals(user.getStatus().getObservedGeneration())
                || outcome.scope().covers(DesiredUser.key(user.getSpec().getUserName()));
    }

    /** The app's own status, left to JOSDK to patch, and only when it changed. */
    static UpdateControl<ScimApp> appStatus(ScimApp app, ScimAppStatus status) {
        return sameJson(status, app.getStatus()) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(withStatus(app, status));
    }

    /**
     * {@code control} as JOSDK should carry it out. With server-side apply (production) JOSDK applies
     * the app's status whole. Without it (the in-process API server of the tests, the demo and the
     * bench) JOSDK patches the difference between the app this reconcile was given and the new
     * status: when the cache still held an older app (the last reconcile's status write not in it
     * yet), a condition the older status happened to share was left out and the server kept the last
     * reconcile's (seen in CI under load: Ready stayed MissingReference after the groups had come).
     * So there the status is written whole here, as the other statuses are, at the same visit.
     */
    static UpdateControl<ScimApp> whole(Context<ScimApp> context, ScimApp app, UpdateControl<ScimApp> control) {
        if (!control.isPatchStatus()
                || context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
            return control;
        }
        // A failure throws, as JOSDK's own patch would: the reconcile is tried again.
        sendStatus(context.getClient(), ScimApp.class, app, control.getResource().orElseThrow().getStatus());
        UpdateControl<ScimApp> written = UpdateControl.noUpdate();
        control.getScheduleDelay().ifPresent(written::rescheduleAfter);
        return written;
    }

    /** Adds the write of the status subresource to {@code changed}, only when the status really changed. */
    private static <R extends HasMetadata> void addStatusWrite(List<Runnable> changed, KubernetesClient kube,
                                                               Class<R> type, R resource, Object before, Object after) {
        if (!sameJson(before, after)) {
            changed.add(() -> patchStatus(kube, type, resource, after));
        }
    }

    private static <R extends HasMetadata> void patchStatus(KubernetesClient kube, Class<R> type, R resource,
                                                            Object status) {
        try {
            sendStatus(kube, type, resource, status);
        } catch (KubernetesClientException e) {
            LOG.debug("status of {} {}/{} not written: {}", resource.getKind(), ResourceSet.namespaceOf(resource),
                    resource.getMetadata().getName(), e.getMessage());
        }
    }

    /** Sets the whole status subresource; a failure is the caller's to handle. */
    private static <R extends HasMetadata> void sendStatus(KubernetesClient kube, Class<R> type, R resource,
                                                           Object status) {
        String patch;
        try {
            // A JSON Patch that sets the whole status: lists are replaced, never merged element-wise
            // (fabric8's mock server merges lists in a merge patch, which would grow the conditions).
            patch = JSON.writeValueAsString(List.of(Map.of("op", "add", "path", "/status", "value", status)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status that cannot be written as JSON: " + e.getMessage(), e);
        }
        // Through resource(...): patching by name alone would read the object from the server first.
        kube.resources(type).resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    }

    /**
     * Whether a status is unchanged. Conditions keep their transition time while their status
     * holds, and times move only when Cloudflare was read or written, so an idle reconcile
     * builds exactly the status that is there and writes nothing.
     */
    static boolean sameJson(Object before, Object after) {
        if (before == null || after == null) {
            return before == after;
        }
        return JSON.valueToTree(before).equals(JSON.valueToTree(after));
    }

    private static ScimApp withStatus(ScimApp app, ScimAppStatus status) {
        ScimApp fresh = new ScimApp();
        fresh.getMetadata().setName(app.getMetadata().getName());
        fresh.getMetadata().setNamespace(app.getMetadata().getNamespace());
        fresh.setStatus(status);
        return fresh;
    }
}
