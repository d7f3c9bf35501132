package dev.cfscim.api.load;

import dev.cfscim.api.LabelSelectors;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimApp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the API server checks outside a CRD's schema: every object's metadata (its ObjectMeta
 * validation: a DNS-subdomain name, a DNS-label namespace, label keys and values), and what
 * {@code kubectl apply} of several documents would do to one resource declared twice. The allowance
 * annotations are ours: the operator reads them, and one it cannot read allows nothing.
 */
final class MetadataRules {
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    /** A label value, and the name part of a key: the same syntax the CRDs give selectors' values. */
    private static final Pattern LABEL_NAME = Pattern.compile(LabelSelectors.VALUE_PATTERN);

    private MetadataRules() {
    }

    static void duplicateResources(Findings out) {
        Map<ResourceKey, HasMetadata> first = new HashMap<>();
        for (HasMetadata resource : out.set().all()) {
            HasMetadata earlier = first.putIfAbsent(ResourceKey.of(resource), resource);
            if (earlier != null) {
                out.error(resource, "metadata.name", "declared twice; also at " + out.set().sourceOf(earlier)
                        .map(Source::toString).orElse("another document") + ": kubectl would keep only the last");
            }
        }
    }

    static void metadata(HasMetadata resource, Findings out) {
        String name = resource.getMetadata().getName();
        if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            out.error(resource, "metadata.name", "'" + name + "' is not a valid name: lower-case letters, digits, '-' "
                    + "and '.', starting and ending with a letter or digit");
        }
        String namespace = ResourceSet.namespaceOf(resource);
        if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            out.error(resource, "metadata.namespace", "'" + namespace + "' is not a valid namespace: lower-case letters, "
                    + "digits and '-', at most 63");
        }
        Map<String, String> labels = resource.getMetadata().getLabels();
        if (labels != null) {
            labels.forEach((key, value) -> {
                labelKey(resource, "metadata.labels", key, out);
                labelValue(resource, "metadata.labels." + key, value, out);
            });
        }
        if (resource instanceof ScimApp app) {
            allowance(app, ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, "deprovisions", "deprovisionLimit", out);
            allowance(app, ScimApp.ALLOW_ROLE_REMOVALS_ANNOTATION, "role removals", "roleRemovalLimit", out);
        }
    }

    /** An allowance nobody can read allows nothing, and says so rather than planning as if it were absent. */
    private static void allowance(ScimApp app, String annotation, String noun, String limit, Findings out) {
        if (app.allowance(annotation).isEmpty()) {
            out.error(app, "metadata.annotations[" + annotation + "]", "'" + app.getMetadata().getAnnotations()
                    .get(annotation) + "' is not a whole number of 0 or more: the " + noun + " allowed once on top of "
                    + limit);
        }
    }

    static void labelKey(HasMetadata resource, String field, String key, Findings out) {
        labelKeyProblem(key).ifPresent(problem -> out.error(resource, field, problem));
    }

    static void labelValue(HasMetadata resource, String field, String value, Findings out) {
        labelValueProblem(value).ifPresent(problem -> out.error(resource, field, problem));
    }

    /** What is wrong with a label key, as the API server judges one on an object; empty when nothing is. */
    static Optional<String> labelKeyProblem(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return Optional.of("label key '" + key + "' has an invalid prefix: it must be a DNS subdomain");
            }
        }
        if (name.isEmpty() || name.length() > LabelSelectors.VALUE_MAX_LENGTH || !LABEL_NAME.matcher(name).matches()) {
            return Optional.of("label key '" + key + "' is invalid: at most 63 letters, digits, '-', '_' or '.', "
                    + "starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** What is wrong with a label value; empty when nothing is. */
    static Optional<String> labelValueProblem(String value) {
        if (value == null || value.length() > LabelSelectors.VALUE_MAX_LENGTH || !LABEL_NAME.matcher(value).matches()) {
            return Optional.of("label value '" + value + "' is invalid: at most 63 letters, digits, '-', '_' or '.', "
                    + "starting and ending with a letter or digit");
        }
        return Optional.empty();
    }
}
