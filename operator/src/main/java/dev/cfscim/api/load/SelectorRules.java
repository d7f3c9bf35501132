package dev.cfscim.api.load;

import dev.cfscim.api.LabelSelectors;
import dev.cfscim.api.Spelling;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;

/**
 * A label selector the operator can use. The CRD types a selector as Kubernetes' LabelSelector
 * without the rules the API server applies to its own kinds' selectors (an operator among four, In
 * with values, label syntax), so {@code kubectl apply} takes a selector the operator would then
 * refuse at run time; the command line refuses it now, where the fix is cheap.
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
            selector.getMatchLabels().forEach((key, value) -> {
                MetadataRules.labelKey(resource, field + ".matchLabels", key, out);
                MetadataRules.labelValue(resource, field + ".matchLabels." + key, value, out);
            });
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            requirement(resource, field + ".matchExpressions[" + i + "]", expressions.get(i), out);
        }
    }

    private static void requirement(HasMetadata resource, String at, LabelSelectorRequirement requirement, Findings out) {
        if (requirement.getKey() == null || requirement.getKey().isBlank()) {
            out.error(resource, at + ".key", "required");
        } else {
            MetadataRules.labelKey(resource, at + ".key", requirement.getKey(), out);
        }
        String operator = requirement.getOperator();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        if (!LabelSelectors.OPERATORS.contains(operator)) {
            out.error(resource, at + ".operator", "'" + operator + "' is not one of " + String.join(", ", LabelSelectors.OPERATORS)
                    + Spelling.didYouMean(operator == null ? List.of() : Spelling.suggest(operator, LabelSelectors.OPERATORS, 1)));
        } else if ((operator.equals("In") || operator.equals("NotIn")) && values.isEmpty()) {
            out.error(resource, at + ".values", operator + " needs at least one value");
        } else if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && !values.isEmpty()) {
            out.error(resource, at + ".values", operator + " takes no values");
        }
        for (int v = 0; v < values.size(); v++) {
            MetadataRules.labelValue(resource, at + ".values[" + v + "]", values.get(v), out);
        }
    }
}
