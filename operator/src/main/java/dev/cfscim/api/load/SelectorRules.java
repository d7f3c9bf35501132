package dev.cfscim.api.load;

import dev.cfscim.api.LabelSelectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * What the CRDs cannot say of a label selector. Its operators, values and label syntax are the
 * CRDs' (CrdFinisher gives selectors the rules the API server applies to its own kinds'), judged
 * here as the API server would; two things are left: an empty selector, legal but rarely meant (a
 * warning), and a matchLabels key no label can have (a CEL rule over a map's keys costs more than the
 * API server allows a rule, so kubectl takes it). That selector selects no one, and everyone it
 * selected before would be planned out of the account: an error, here and in the operator, which
 * holds the app (InvalidSpec) rather than act on it.
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
                    out.error(resource, field + ".matchLabels", problem + ": no object can carry it, so this "
                            + "selector would match no one")));
        }
    }
}
