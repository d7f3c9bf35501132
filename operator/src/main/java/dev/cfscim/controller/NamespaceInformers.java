package dev.cfscim.controller;

import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.ResourceSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The informers that bring each namespace's ScimUsers, ScimGroups, GroupRoleBindings and token
 * Secrets to its ScimApps, each with the mapper that finds, in {@link CachedApps}, the apps it concerns.
 */
final class NamespaceInformers {

    static final String TOKEN_SELECTOR = TokenSecretRef.LABEL + "=" + TokenSecretRef.LABEL_VALUE;

    private InformerEventSource<ScimUser, ScimApp> users;
    private InformerEventSource<ScimGroup, ScimApp> groups;
    private InformerEventSource<GroupRoleBinding, ScimApp> bindings;
    private InformerEventSource<Secret, ScimApp> secrets;
    private InformerEventSource<ScimApp, ScimApp> neighbours;
    private CachedApps apps;
    private final ChangeArrivals arrivals;
    private final UserTables userTables = new UserTables(this::usersIn,
            (namespace, name) -> users.get(new ResourceID(name, namespace)));

    NamespaceInformers(ChangeArrivals arrivals) {
        this.arrivals = arrivals;
    }

    List<EventSource<?, ScimApp>> prepare(EventSourceContext<ScimApp> context) {
        apps = new CachedApps(context.getPrimaryCache());
        // Every declared user and group of a namespace is the business of each app there.
        users = new ScimUserInformer(timed(InformerEventSourceConfiguration.from(ScimUser.class, ScimApp.class)
                .withName("scimusers"), user -> apps.idsIn(namespace(user))), context, userTables);
        groups = new InformerEventSource<>(timed(InformerEventSourceConfiguration.from(ScimGroup.class, ScimApp.class)
                .withName("scimgroups"), group -> apps.idsIn(namespace(group))), context);
        bindings = new InformerEventSource<>(timed(InformerEventSourceConfiguration.from(GroupRoleBinding.class,
                ScimApp.class).withName("grouprolebindings"), NamespaceInformers::appOf), context);
        // Only Secrets labelled as tokens are listed, watched and cached: the operator never holds the
        // others (RBAC cannot select by label; this selector is what keeps them out of its memory).
        secrets = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, ScimApp.class)
                .withName("secrets")
                .withLabelSelector(TOKEN_SELECTOR)
                .withSecondaryToPrimaryMapper(secret -> apps.reading(secret))
                .withOnUpdateFilter((now, before) -> !Objects.equals(now.getData(), before.getData())
                        || !Objects.equals(now.getStringData(), before.getStringData()))
                .build(), context);
        // Another ScimApp arriving on, leaving or changing an account wakes the apps already there:
        // each says on its status which others share its account.
        neighbours = new InformerEventSource<>(InformerEventSourceConfiguration.from(ScimApp.class, ScimApp.class)
                .withName("scimapps-on-the-same-account")
                .withSecondaryToPrimaryMapper(app -> apps.neighboursOf(app))
                .withOnUpdateFilter((now, before) -> !CachedApps.accountOf(now).equals(CachedApps.accountOf(before))
                        || !Objects.equals(now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp()))
                .build(), context);
        return List.of(users, groups, bindings, secrets, neighbours);
    }

    /**
     * A declaration informer: each change that passes its filter wakes the apps {@code mapper} names
     * and is noted in {@link #arrivals} for them, so that its way to Cloudflare is timed.
     */
    private <R extends HasMetadata> InformerEventSourceConfiguration<R> timed(
            InformerEventSourceConfiguration.Builder<R> builder, SecondaryToPrimaryMapper<R> mapper) {
        return builder.withSecondaryToPrimaryMapper(mapper)
                .withOnAddFilter(added -> noted(mapper, added))
                .withOnUpdateFilter((now, before) -> declarationChanged(now, before) && noted(mapper, now))
                .withOnDeleteFilter((deleted, finalStateUnknown) -> noted(mapper, deleted))
                .build();
    }

    private <R extends HasMetadata> boolean noted(SecondaryToPrimaryMapper<R> mapper, R resource) {
        arrivals.arrived(mapper.toPrimaryResourceIDs(resource));
        return true;
    }

    private static Set<ResourceID> appOf(GroupRoleBinding binding) {
        return binding.getSpec() == null || binding.getSpec().getAppRef() == null
                ? Set.of() : Set.of(new ResourceID(binding.getSpec().getAppRef(), namespace(binding)));
    }

    /** The other ScimApps, in any watched namespace, that call the same account as {@code app}, by namespace/name. */
    List<String> othersOnTheAccountOf(ScimApp app) {
        return apps.othersOnTheAccountOf(app);
    }

    /**
     * Status writes (ours) and finalizer changes must not wake the app up again; a spec, a label
     * (selectors read labels) or a deletion must.
     */
    static <R extends HasMetadata> boolean declarationChanged(R now, R before) {
        return !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
                || !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
                || !Objects.equals(now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp());
    }

    /**
     * Everything the caches hold of a namespace: its ScimUsers from their table, kept up to date
     * by the informer's events ({@link UserTables}), the other kinds (a few dozen) listed.
     */
    ResourceSet declaredIn(String namespace) {
        List<HasMetadata> others = new ArrayList<>();
        apps.in(namespace).forEach(others::add);
        groups.list(namespace, g -> true).forEach(others::add);
        bindings.list(namespace, b -> true).forEach(others::add);
        secrets.list(namespace, s -> true).forEach(others::add);
        return ResourceSet.of(others, namespace, userTables.current(namespace));
    }

    /** Forgets what was kept of a namespace's ScimUsers, once no ScimApp is left there. */
    void forget(String namespace) {
        userTables.forget(namespace);
    }

    /**
     * Why the app's token cannot be read from the cached Secrets: its Secret lacks the key, or is
     * not among the labelled Secrets (absent, or unlabelled: the two look alike from here).
     */
    static String tokenMissing(ScimApp app, ResourceSet declared) {
        TokenSecretRef ref = app.getSpec().getTokenSecretRef();
        String namespace = namespace(app);
        if (declared.secret(namespace, ref.getName()).isPresent()) {
            return "no token at key '" + ref.getKey() + "' of Secret " + ref.getName() + " in namespace " + namespace;
        }
        return "Secret " + ref.getName() + " not found in namespace " + namespace + " or lacks label " + TOKEN_SELECTOR
                + " (the operator reads only Secrets so labelled): label it with kubectl label secret "
                + ref.getName() + " -n " + namespace + " " + TOKEN_SELECTOR;
    }

    List<ScimApp> appsIn(String namespace) {
        return apps.in(namespace);
    }

    List<ScimUser> usersIn(String namespace) {
        return users.list(namespace, u -> true).toList();
    }

    private static String namespace(HasMetadata resource) {
        return ResourceSet.namespaceOf(resource);
    }
}
