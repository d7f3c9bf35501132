package dev.cfscim.api.load;

import dev.cfscim.api.LabelSelectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * What the CRDs cannot say of a label selector. Its operators, values and label syntax are the
 * CRDs' (CrdFinisher gives selectors the rules the API server applies to its own kinds'), judged
 * here as the API server would; two things are left: an empty selector, legal but rarely meant, and
 * a matchLabels key no label can have (a rule over a map's keys costs more than the API server allows
 * a rule), which {@code kubectl apply} takes and which selects no one: both are warnings.
 */
final class SelectorRules {
    private SelectorRules() {
    }

    static void selector(HasMetadata resource, String field, LabelSelector selector, Findings out) {
        if (selector == null) {
            return;
        }
        if (LabelSelectors.isEmpty(selector)) {
            // Legal (Kubernetes' "match everything"), but rarely what `userSelector: {}` means.
            out.warning(resource, field, "is empty, so it matches every ScimUser in namespace " + ResourceSet.namespaceOf(resource));
        }
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().keySet().forEach(key -> MetadataRules.labelKeyProblem(key).ifPresent(problem ->
                    out.warning(resource, field + ".matchLabels", problem + ": no object can carry it, so this "
                            + "selector matches no one")));
        }
    }
}
