package dev.cfscim.controller;

import dev.cfscim.api.ScimApp;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a ScimApp wake its reconcile: its spec (a new generation), its annotations (the
 * allowances are annotations), its deletion and its finalizers. Not its status: the operator writes
 * that itself at the end of each reconcile, and waking up for it would plan the whole namespace
 * again for nothing. JOSDK's generation-aware processing would drop the annotations too, so it is off
 * and this filter does its work.
 */
public final class AppUpdates implements OnUpdateFilter<ScimApp> {

    @Override
    public boolean accept(ScimApp now, ScimApp before) {
        return !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
                || !Objects.equals(now.getMetadata().getAnnotations(), before.getMetadata().getAnnotations())
                || !Objects.equals(now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp())
                || !Objects.equals(now.getMetadata().getFinalizers(), before.getMetadata().getFinalizers());
    }
}
