package dev.cfscim.api;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes label-selector matching, for {@code assignments.userSelector} and
 * {@code memberSelector}: the planner and the validator need it without an API server.
 */
public final class LabelSelectors {
    public static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");
    /**
     * A label value as the API server takes one on an object: empty, or at most {@value #VALUE_MAX_LENGTH}
     * letters, digits, '-', '_' or '.', beginning and ending with a letter or digit. The CRDs give it
     * to selectors' values (a value no object can carry would select no one).
     */
    public static final String VALUE_PATTERN = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
    public static final int VALUE_MAX_LENGTH = 63;
    /**
     * A label key: an optional prefix, a DNS subdomain, and '/'; then a name as a value's, not empty.
     * (The prefix's own bound, 253, is left to the key's maxLength, 317: a regular expression of RE2,
     * which the API server's patterns are, cannot count it.)
     */
    public static final String KEY_PATTERN = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
    /** CEL, on a requirement: In and NotIn need values, Exists and DoesNotExist take none (the enum judges the rest). */
    public static final String VALUES_RULE = "!has(self.operator) || (self.operator in ['In', 'NotIn']"
            + " ? (has(self.values) && size(self.values) > 0)"
            + " : (!(self.operator in ['Exists', 'DoesNotExist']) || !has(self.values) || size(self.values) == 0))";
    public static final String VALUES_MESSAGE = "In and NotIn need at least one value; Exists and DoesNotExist take none";

    private LabelSelectors() {}

    /**
     * Whether {@code labels} match {@code selector}, with Kubernetes semantics: every matchLabels entry
     * and every expression must hold; an empty selector matches everything. A null selector matches
     * nothing here (an absent selector selects no one). An unknown operator matches nothing, so that a
     * mistake never widens a selection.
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        Map<String, String> wanted = selector.getMatchLabels();
        if (wanted != null) {
            for (Map.Entry<String, String> entry : wanted.entrySet()) {
                if (!entry.getValue().equals(actual.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        if (expressions != null) {
            for (LabelSelectorRequirement requirement : expressions) {
                if (!holds(requirement, actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the selector has neither labels nor expressions, so matches every object. */
    public static boolean isEmpty(LabelSelector selector) {
        return selector != null
                && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String key = requirement.getKey();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        String operator = requirement.getOperator() == null ? "" : requirement.getOperator();
        return switch (operator) {
            case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
            case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            default -> false;
        };
    }
}
