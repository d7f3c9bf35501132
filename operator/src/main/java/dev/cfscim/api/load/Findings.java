package dev.cfscim.api.load;

import dev.cfscim.api.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** The problems one validation finds, each tied to its resource's file and line in the set. */
final class Findings {
    private final ResourceSet set;
    private final List<Problem> problems = new ArrayList<>();

    Findings(ResourceSet set) {
        this.set = set;
    }

    ResourceSet set() {
        return set;
    }

    void error(HasMetadata resource, String field, String message) {
        add(Severity.ERROR, resource, field, message);
    }

    /** An error the plan holds around (a missing reference, a userName declared twice), as the operator does. */
    void holdingError(HasMetadata resource, String field, String message) {
        add(Severity.HOLDING_ERROR, resource, field, message);
    }

    void warning(HasMetadata resource, String field, String message) {
        add(Severity.WARNING, resource, field, message);
    }

    void add(Severity severity, HasMetadata resource, String field, String message) {
        problems.add(new Problem(severity, set.sourceOf(resource).orElse(null), ResourceKey.of(resource), field, message));
    }

    /** {@code " (users.yaml:7 (document 2))"}, or nothing for a resource of no file. */
    String where(HasMetadata resource) {
        return set.sourceOf(resource).map(s -> " (" + s + ")").orElse("");
    }

    Problems problems() {
        return new Problems(problems);
    }
}
