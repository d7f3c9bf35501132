package dev.cfscim.controller;

import dev.cfscim.api.ScimApp;
import dev.cfscim.plan.DeclarationIndex;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.PlanProblem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Each app's {@link DeclarationIndex}, and the userName refusals among its ScimUsers, by uid: an
 * app deleted and created again under its name starts from nothing. Reconciles of one app run one
 * at a time, so each entry has one user at once.
 */
final class DeclarationIndexes {

    private final Map<String, DeclarationIndex> byUid = new ConcurrentHashMap<>();
    private final Map<String, Refusals> refusals = new ConcurrentHashMap<>();

    /** The refusals worked out for a declaration's users, and that users' map (see {@link #refusals}). */
    private record Refusals(Object users, List<PlanProblem> problems) {
    }

    DeclarationIndex of(ScimApp app) {
        String uid = app.getMetadata().getUid();
        return uid == null ? new DeclarationIndex() : byUid.computeIfAbsent(uid, u -> new DeclarationIndex());
    }

    /**
     * The refused userNames' problems for {@code declared}: the last ones while its users' map is the
     * very object the last build had, which the index reuses only while no ScimUser's name, labels,
     * spec or deletion changed, and so no userName or opt-in either; else {@code work}.
     */
    List<PlanProblem> refusals(ScimApp app, DesiredState declared, Supplier<List<PlanProblem>> work) {
        String uid = app.getMetadata().getUid();
        Refusals last = uid == null ? null : refusals.get(uid);
        if (last != null && last.users() == declared.users()) {
            return last.problems();
        }
        List<PlanProblem> problems = work.get();
        if (uid != null) {
            refusals.put(uid, new Refusals(declared.users(), problems));
        }
        return problems;
    }

    void forget(ScimApp app) {
        String uid = app.getMetadata().getUid();
        if (uid != null) {
            byUid.remove(uid);
            refusals.remove(uid);
        }
    }
}
