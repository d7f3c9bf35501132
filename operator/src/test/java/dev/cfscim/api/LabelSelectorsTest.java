package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {
    private static final Map<String, String> SRE = Map.of("team", "sre", "tier", "prod");

    @Test
    void matchLabelsNeedsEveryLabel() {
        assertThat(LabelSelectors.matches(selector(Map.of("team", "sre")), SRE)).isTrue();
        assertThat(LabelSelectors.matches(selector(Map.of("team", "sre", "tier", "dev")), SRE)).isFalse();
        assertThat(LabelSelectors.matches(selector(Map.of("team", "sre")), null)).isFalse();
    }

    @Test
    void expressionsFollowKubernetes() {
        assertThat(LabelSelectors.matches(expression("team", "In", "sre", "dba"), SRE)).isTrue();
        assertThat(LabelSelectors.matches(expression("team", "In", "dba"), SRE)).isFalse();
        assertThat(LabelSelectors.matches(expression("team", "NotIn", "dba"), SRE)).isTrue();
        assertThat(LabelSelectors.matches(expression("owner", "NotIn", "x"), SRE)).isTrue();
        assertThat(LabelSelectors.matches(expression("team", "Exists"), SRE)).isTrue();
        assertThat(LabelSelectors.matches(expression("team", "DoesNotExist"), SRE)).isFalse();
    }

    @Test
    void aNullSelectorMatchesNoneAnEmptyOneAllAndAnUnknownOperatorNone() {
        assertThat(LabelSelectors.matches(null, SRE)).isFalse();
        assertThat(LabelSelectors.matches(new LabelSelector(), SRE)).isTrue();
        assertThat(LabelSelectors.isEmpty(new LabelSelector())).isTrue();
        assertThat(LabelSelectors.isEmpty(selector(Map.of("a", "b")))).isFalse();
        assertThat(LabelSelectors.matches(expression("team", "Equals", "sre"), SRE)).isFalse();
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    private static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression()
                .withKey(key).withOperator(operator).withValues(values).endMatchExpression().build();
    }
}
