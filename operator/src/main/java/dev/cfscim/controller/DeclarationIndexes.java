package dev.cfscim.controller;

import dev.cfscim.api.ScimApp;
import dev.cfscim.plan.DeclarationIndex;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each app's {@link DeclarationIndex}, by uid: an app deleted and created again under its name
 * starts from nothing. Reconciles of one app run one at a time, so each index has one user at once.
 */
final class DeclarationIndexes {

    private final Map<String, DeclarationIndex> byUid = new ConcurrentHashMap<>();

    DeclarationIndex of(ScimApp app) {
        String uid = app.getMetadata().getUid();
        return uid == null ? new DeclarationIndex() : byUid.computeIfAbsent(uid, u -> new DeclarationIndex());
    }

    void forget(ScimApp app) {
        String uid = app.getMetadata().getUid();
        if (uid != null) {
            byUid.remove(uid);
        }
    }
}
