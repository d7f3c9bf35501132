package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import java.util.List;

/**
 * The ordered writes that bring an account to the declared state, the writes held back by a
 * safety rail or a policy, and the problems that no write can solve.
 */
public record Plan(String accountId, List<Change> changes, List<HeldChange> held, List<PlanProblem> problems) {

    public Plan {
        changes = List.copyOf(changes);
        held = List.copyOf(held);
        problems = List.copyOf(problems);
    }

    /** A problem that stops the whole plan (the account cannot take this declaration at all), if any. */
    public java.util.Optional<PlanProblem> blockingProblem() {
        return problems.stream().filter(p -> p.reason() == Reason.VIRTUAL_GROUPS_UNAVAILABLE).findFirst();
    }

    public boolean isEmpty() {
        return changes.isEmpty() && held.isEmpty();
    }

    /** Terraform's summary line: {@code Plan: 3 to create, 1 to change, 2 to remove, 1 held.} */
    public String summary() {
        if (isEmpty()) {
            return "No changes.";
        }
        return "Plan: " + count(Effect.ADD) + " to add, " + count(Effect.CHANGE) + " to change, "
                + count(Effect.REMOVE) + " to remove, " + held.size() + " held.";
    }

    /** How many of its changes have this effect. */
    public int count(Effect effect) {
        return (int) changes.stream().filter(c -> c.effect() == effect).count();
    }
}
