package dev.cfscim.controller;

import dev.cfscim.api.ManagementPolicy;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.plan.DesiredUser;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deprovision finalizer on every ScimUser: added to users that lack it, released once no app of
 * the namespace has the departing user as a member, and released from all when the last app goes.
 */
final class UserFinalizers {

    /** On every ScimUser: deleting one deprovisions it first. */
    static final String USER_FINALIZER = "scim.cfscim.dev/deprovision";

    private static final Logger LOG = LoggerFactory.getLogger(UserFinalizers.class);

    private final ApiServerWrites writes;

    UserFinalizers(ApiServerWrites writes) {
        this.writes = writes;
    }

    /**
     * Whether every member this app provisions or claims carries its tag, so that a ScimUser deleted
     * before its finalizer was written still leaves as a stray: the app writes members
     * ({@code Manage}) and may claim existing ones ({@code updateUsers}). Otherwise a claimed member
     * stays untagged, and its ScimUser gets the finalizer before anything is sent for it.
     */
    static boolean membersCarryTheTag(ScimApp app) {
        ScimAppSpec spec = app.getSpec();
        if (spec == null) {
            // No spec, no Cloudflare work: the finalizers come first, as they always did.
            return false;
        }
        return spec.getManagementPolicy() != ManagementPolicy.Observe && spec.resolvedProvisioning().isUpdateUsers();
    }

    /** Adds the finalizer to every user not being deleted that lacks it. */
    void keep(KubernetesClient kube, List<ScimUser> users) {
        writes.inParallel(users.stream()
                .filter(u -> u.getMetadata().getDeletionTimestamp() == null && !u.hasFinalizer(USER_FINALIZER))
                .map(u -> (Runnable) () -> addFinalizer(kube, u)).toList());
    }

    /**
     * A ScimUser with no finalizer yet (all of them, at the first reconcile) gets it with one merge
     * patch checked against the cached resourceVersion, so thousands of users cost no reads; a
     * stale cache is refused (409) and the user then goes the reading way. A user with other
     * finalizers always does: fabric8's mock appends lists in a merge patch rather than replace them.
     */
    static void addFinalizer(KubernetesClient kube, ScimUser user) {
        List<String> finalizers = user.getMetadata().getFinalizers();
        if (finalizers == null || finalizers.isEmpty()) {
            // The client's own serializer writes the patch: a map of strings needs no mapper of ours.
            String patch = kube.getKubernetesSerialization().asJson(Map.of("metadata", Map.of(
                    "resourceVersion", user.getMetadata().getResourceVersion(),
                    "finalizers", List.of(USER_FINALIZER))));
            try {
                kube.resources(ScimUser.class).resource(user).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.debug("finalizer of ScimUser {}/{} not added: {}", ResourceSet.namespaceOf(user),
                            user.getMetadata().getName(), e.getMessage());
                    return;
                }
            }
        }
        patchFinalizers(kube, user, true);
    }

    /**
     * A departing user's finalizer goes once every app of the namespace has Cloudflare's word that
     * it is not a member (each app's reconcile looks a departing user up when its account shows no
     * active member of that name: a listing's silence is not enough); an app that has not looked
     * yet keeps it.
     * It goes at once when a live ScimUser declares the same userName (a rename): the member is that
     * user's now, and stays.
     *
     * @param users every ScimUser of the namespace, the departing ones included
     * @param looks the last look of every app of the namespace, this one's included
     */
    void release(KubernetesClient kube, List<ScimUser> users, List<LastLook> looks) {
        Set<String> liveKeys = users.stream()
                .filter(u -> u.getMetadata().getDeletionTimestamp() == null)
                .filter(u -> u.getSpec() != null && u.getSpec().getUserName() != null)
                .map(u -> DesiredUser.key(u.getSpec().getUserName()))
                .collect(Collectors.toSet());
        for (ScimUser user : users) {
            if (user.getMetadata().getDeletionTimestamp() == null || !user.hasFinalizer(USER_FINALIZER)) {
                continue;
            }
            String userName = user.getSpec() == null ? null : user.getSpec().getUserName();
            boolean declaredByAnother = userName != null && liveKeys.contains(DesiredUser.key(userName));
            boolean stillMember = userName != null && looks.stream().anyMatch(look -> !look.confirmedGone(userName));
            if (declaredByAnother || !stillMember) {
                patchFinalizers(kube, user, false);
            }
        }
    }

    /**
     * With the namespace's last ScimApp gone, no reconcile would ever release the users'
     * finalizers, and deleting a ScimUser would hang: release them now (their members stay in
     * Cloudflare, as the app's deletion left them).
     */
    void releaseAll(KubernetesClient kube, List<ScimUser> users) {
        users.stream().filter(u -> u.hasFinalizer(USER_FINALIZER)).forEach(u -> patchFinalizers(kube, u, false));
    }

    /**
     * Read, then patch. (A JSON Patch from the cached ScimUser guarded by a test of its
     * resourceVersion would save the read, but fabric8's mock never answers a patch whose test fails.)
     */
    private static void patchFinalizers(KubernetesClient kube, ScimUser user, boolean add) {
        try {
            kube.resources(ScimUser.class).inNamespace(ResourceSet.namespaceOf(user)).withName(user.getMetadata().getName())
                    .edit(u -> {
                        if (add) {
                            u.addFinalizer(USER_FINALIZER);
                        } else {
                            u.removeFinalizer(USER_FINALIZER);
                        }
                        return u;
                    });
        } catch (KubernetesClientException e) {
            // Gone or changed meanwhile: the informer brings it back to the next reconcile.
            LOG.debug("finalizer of ScimUser {}/{} not {}: {}", ResourceSet.namespaceOf(user), user.getMetadata().getName(),
                    add ? "added" : "removed", e.getMessage());
        }
    }
}
