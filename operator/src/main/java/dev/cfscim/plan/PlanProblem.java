package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;

/**
 * Something in the declaration the plan cannot carry out, reported rather than applied.
 * {@code reason} is a condition reason ({@code UnknownRole}, {@code MembersNotAssigned});
 * {@code subject} names the resource or role it is about.
 */
public record PlanProblem(Reason reason, String subject, String message) {
}
