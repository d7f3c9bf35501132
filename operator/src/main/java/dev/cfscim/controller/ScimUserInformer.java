package dev.cfscim.controller;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The ScimUser informer, which tells {@link UserTables} of every event it brings before its filters
 * decide whether the event wakes an app: a status write wakes nobody, yet the table must hold it.
 */
final class ScimUserInformer extends InformerEventSource<ScimUser, ScimApp> {

    private final UserTables tables;

    ScimUserInformer(InformerEventSourceConfiguration<ScimUser> configuration, EventSourceContext<ScimApp> context,
                     UserTables tables) {
        super(configuration, context);
        this.tables = tables;
    }

    @Override
    public void onAdd(ScimUser user) {
        tables.touched(user);
        super.onAdd(user);
    }

    @Override
    public void onUpdate(ScimUser before, ScimUser now) {
        tables.touched(now);
        super.onUpdate(before, now);
    }

    @Override
    public void onDelete(ScimUser user, boolean finalStateUnknown) {
        tables.touched(user);
        super.onDelete(user, finalStateUnknown);
    }
}
