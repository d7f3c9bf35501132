package dev.cfscim.plan;

/**
 * Something in the declaration the plan cannot carry out, reported rather than applied.
 * {@code reason} is a CamelCase condition reason ({@code UnknownRole}, {@code MembersNotAssigned});
 * {@code subject} names the resource or role it is about.
 */
public record PlanProblem(String reason, String subject, String message) {
}
