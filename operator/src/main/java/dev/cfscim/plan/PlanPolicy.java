package dev.cfscim.plan;

import java.time.Duration;

/**
 * The ScimApp's rules for one plan: what may be written, and the safety limits. The two removal
 * windows carry their rate ({@code deprovisionLimit}, {@code roleRemovalLimit}), the removals already
 * made in the window, the one-off allowance of an annotation or flag, and the time of the plan: the
 * planner reads no clock and no status. {@code strays} says which members this app owns and no
 * ScimUser declares may leave now ({@link StrayMembers}).
 */
public record PlanPolicy(boolean observeOnly, boolean correctDrift, boolean deprovisionUnmanaged,
                         boolean createUsers, boolean updateUsers, boolean deactivateUsers,
                         RemovalWindow deprovisions, RemovalWindow roleRemovals, StrayMembers strays) {

    /** A policy under which every stray is due, as a plan from whole declarations (the command line) has it. */
    public PlanPolicy(boolean observeOnly, boolean correctDrift, boolean deprovisionUnmanaged, boolean createUsers,
                      boolean updateUsers, boolean deactivateUsers, RemovalWindow deprovisions,
                      RemovalWindow roleRemovals) {
        this(observeOnly, correctDrift, deprovisionUnmanaged, createUsers, updateUsers, deactivateUsers, deprovisions,
                roleRemovals, StrayMembers.ALL_DUE);
    }

    /** The rates a ScimApp gets when it sets none: 10 deprovisions and 50 role removals per hour. */
    public static PlanPolicy defaults() {
        return new PlanPolicy(false, true, false, true, true, true, RemovalWindow.fresh(10, Duration.ofHours(1)),
                RemovalWindow.fresh(50, Duration.ofHours(1)));
    }

    public PlanPolicy withDeprovisionLimit(int limit) {
        return withDeprovisions(deprovisions.withLimit(limit));
    }

    public PlanPolicy withAllowedDeprovisions(int allowed) {
        return withDeprovisions(deprovisions.withAllowance(allowed));
    }

    public PlanPolicy withRoleRemovalLimit(int limit) {
        return withRoleRemovals(roleRemovals.withLimit(limit));
    }

    public PlanPolicy withAllowedRoleRemovals(int allowed) {
        return withRoleRemovals(roleRemovals.withAllowance(allowed));
    }

    public PlanPolicy withDeprovisions(RemovalWindow window) {
        return new PlanPolicy(observeOnly, correctDrift, deprovisionUnmanaged, createUsers, updateUsers,
                deactivateUsers, window, roleRemovals, strays);
    }

    public PlanPolicy withRoleRemovals(RemovalWindow window) {
        return new PlanPolicy(observeOnly, correctDrift, deprovisionUnmanaged, createUsers, updateUsers,
                deactivateUsers, deprovisions, window, strays);
    }

    public PlanPolicy withObserveOnly(boolean observe) {
        return new PlanPolicy(observe, correctDrift, deprovisionUnmanaged, createUsers, updateUsers, deactivateUsers,
                deprovisions, roleRemovals, strays);
    }

    public PlanPolicy withDeprovisionUnmanaged(boolean deprovision) {
        return new PlanPolicy(observeOnly, correctDrift, deprovision, createUsers, updateUsers, deactivateUsers,
                deprovisions, roleRemovals, strays);
    }

    public PlanPolicy withCorrectDrift(boolean correct) {
        return new PlanPolicy(observeOnly, correct, deprovisionUnmanaged, createUsers, updateUsers, deactivateUsers,
                deprovisions, roleRemovals, strays);
    }

    public PlanPolicy withProvisioning(boolean create, boolean update, boolean deactivate) {
        return new PlanPolicy(observeOnly, correctDrift, deprovisionUnmanaged, create, update, deactivate,
                deprovisions, roleRemovals, strays);
    }

    public PlanPolicy withStrays(StrayMembers due) {
        return new PlanPolicy(observeOnly, correctDrift, deprovisionUnmanaged, createUsers, updateUsers, deactivateUsers,
                deprovisions, roleRemovals, due);
    }
}
