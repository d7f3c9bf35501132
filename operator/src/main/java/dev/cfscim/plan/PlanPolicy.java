package dev.cfscim.plan;

/**
 * The ScimApp's rules for one plan: what may be written, and the safety limits.
 * {@code allowedDeprovisions} is the one-off allowance of an annotation or flag: a plan whose
 * deprovisions exceed {@code deprovisionLimit} goes ahead only when they are no more than it.
 */
public record PlanPolicy(boolean observeOnly, boolean correctDrift, boolean deprovisionUnmanaged,
                         boolean createUsers, boolean updateUsers, boolean deactivateUsers,
                         int deprovisionLimit, int allowedDeprovisions) {

    public static PlanPolicy defaults() {
        return new PlanPolicy(false, true, false, true, true, true, 10, 0);
    }

    public PlanPolicy withDeprovisionLimit(int limit) {
        return new PlanPolicy(observeOnly, correctDrift, deprovisionUnmanaged, createUsers, updateUsers,
                deactivateUsers, limit, allowedDeprovisions);
    }

    public PlanPolicy withAllowedDeprovisions(int allowed) {
        return new PlanPolicy(observeOnly, correctDrift, deprovisionUnmanaged, createUsers, updateUsers,
                deactivateUsers, deprovisionLimit, allowed);
    }

    public PlanPolicy withObserveOnly(boolean observe) {
        return new PlanPolicy(observe, correctDrift, deprovisionUnmanaged, createUsers, updateUsers, deactivateUsers,
                deprovisionLimit, allowedDeprovisions);
    }

    public PlanPolicy withDeprovisionUnmanaged(boolean deprovision) {
        return new PlanPolicy(observeOnly, correctDrift, deprovision, createUsers, updateUsers, deactivateUsers,
                deprovisionLimit, allowedDeprovisions);
    }

    public PlanPolicy withCorrectDrift(boolean correct) {
        return new PlanPolicy(observeOnly, correct, deprovisionUnmanaged, createUsers, updateUsers, deactivateUsers,
                deprovisionLimit, allowedDeprovisions);
    }

    public PlanPolicy withProvisioning(boolean create, boolean update, boolean deactivate) {
        return new PlanPolicy(observeOnly, correctDrift, deprovisionUnmanaged, create, update, deactivate,
                deprovisionLimit, allowedDeprovisions);
    }
}
