package dev.cfscim.api.load;

import dev.cfscim.api.ResourceKey;

/**
 * One thing wrong with the declared resources. {@code source}, {@code resource} and {@code field}
 * are null when they do not apply (a file that cannot be read has no resource).
 *
 * @param field the path inside the resource, such as {@code spec.accountId} or
 *     {@code spec.assignments.users[2]}
 */
public record Problem(Severity severity, Source source, ResourceKey resource, String field, String message) {

    public static Problem error(Source source, ResourceKey resource, String field, String message) {
        return new Problem(Severity.ERROR, source, resource, field, message);
    }

    public static Problem warning(Source source, ResourceKey resource, String field, String message) {
        return new Problem(Severity.WARNING, source, resource, field, message);
    }

    /** An error, holding or not: the declaration is wrong. */
    public boolean isError() {
        return severity != Severity.WARNING;
    }

    /** An error the plan cannot go around: plan and apply stop at it. */
    public boolean isBlocking() {
        return severity == Severity.ERROR;
    }

    /** {@code error: users.yaml:7 (document 2): ScimUser/cfscim/bob: spec.userName: 'bob' is not an email address}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(severity.label()).append(": ");
        if (source != null) out.append(source).append(": ");
        if (resource != null) out.append(resource).append(": ");
        if (field != null) out.append(field).append(": ");
        return out.append(message).toString();
    }
}
