package dev.cfscim.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.load.CrdExamples.Example;
import dev.cfscim.api.load.CrdSchemas.CrdSchema;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code x-kubernetes-validations} rule of the generated CRDs compiles with CEL, and is
 * exercised by an accepted and a refused example ({@link CrdExamples#ruleExamples()}): the rules
 * are enumerated from the CRDs, so a rule added without examples fails here.
 */
class CelRulesTest {

    /** Each rule of the CRDs as {@code kind schema.path}, with its compiled form. */
    private static Map<String, CelRules.Rule> rulesOfTheCrds() {
        Map<String, CelRules.Rule> rules = new java.util.LinkedHashMap<>();
        for (CrdSchema crd : CrdSchemas.standard().all()) {
            for (CelRules.Rule rule : crd.rules().rules()) {
                String key = crd.kind() + " " + String.join(".", rule.path());
                assertThat(rules.put(key, rule)).as("one rule per schema node (else name examples by rule): " + key).isNull();
            }
        }
        return rules;
    }

    @Test
    void theCrdsHaveRulesAndEachCompiles() {
        Map<String, CelRules.Rule> rules = rulesOfTheCrds();

        assertThat(rules).containsKeys("ScimApp ", "ScimApp spec", "ScimApp spec.accountId", "ScimApp spec.resyncInterval",
                "GroupRoleBinding spec.role");
        assertThat(rules.values()).allSatisfy(rule -> assertThat(rule.program()).as(rule.rule()).isNotNull());
    }

    @Test
    void everyRuleHasAnAcceptedAndARefusedExample() {
        List<Example> examples = CrdExamples.ruleExamples();

        assertThat(rulesOfTheCrds().keySet()).allSatisfy(rule -> {
            assertThat(examples).as("an accepted example of " + rule).anyMatch(e -> e.rule().equals(rule) && e.accepted());
            assertThat(examples).as("a refused example of " + rule).anyMatch(e -> e.rule().equals(rule) && !e.accepted());
        });
        assertThat(examples).as("examples of rules the CRDs no longer have")
                .allSatisfy(e -> assertThat(rulesOfTheCrds()).containsKey(e.rule()));
    }

    static Stream<Example> ruleExamples() {
        return CrdExamples.ruleExamples().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleExamples")
    void theRuleJudgesItsExampleAsTheApiServerWould(Example example) {
        CelRules.Rule rule = rulesOfTheCrds().get(example.rule());
        if (rule.transition()) {
            // An update's judgement: self and oldSelf. (A create never runs it; CliRefusesWhatTheCrdsRefuseTest.)
            assertThat(evaluate(rule, example.yaml(), example.old())).isEqualTo(example.accepted());
            return;
        }
        LoadResult loaded = new ResourceLoader().loadString(example.declaration(), "example.yaml");
        assertThat(loaded.problems().all()).as("load problems").isEmpty();
        HasMetadata resource = target(loaded.resources(), example.kind());
        CrdSchema crd = CrdSchemas.standard().of(example.kind()).orElseThrow();

        List<CelRules.Violation> violations = crd.rules().evaluate(CrdValidation.asSent(resource, crd.openApi()));

        assertThat(violations.stream().anyMatch(v -> v.rule() == rule)).as(violations.toString()).isEqualTo(!example.accepted());
    }

    @Test
    void aTransitionRuleIsNotRunOnACreate() {
        CrdSchema app = CrdSchemas.standard().of("ScimApp").orElseThrow();
        LoadResult loaded = new ResourceLoader().loadString(Docs.validSet(), "set.yaml");

        List<CelRules.Violation> violations = app.rules().evaluate(CrdValidation.asSent(
                target(loaded.resources(), "ScimApp"), app.openApi()));

        assertThat(app.rules().rules()).anyMatch(CelRules.Rule::transition);
        assertThat(violations).isEmpty();
    }

    private static boolean evaluate(CelRules.Rule rule, String self, String old) {
        try {
            JsonNode value = JsonMapper.shared().readTree("\"" + self + "\"");
            JsonNode before = JsonMapper.shared().readTree("\"" + old + "\"");
            Object result = rule.program().eval(Map.of(
                    "self", CelValues.of(value, rule.schema(), false),
                    "oldSelf", rule.optionalOldSelf() ? Optional.of(CelValues.of(before, rule.schema(), false))
                            : CelValues.of(before, rule.schema(), false)));
            return Boolean.TRUE.equals(result);
        } catch (dev.cel.runtime.CelEvaluationException e) {
            throw new AssertionError(e);
        }
    }

    static HasMetadata target(ResourceSet set, String kind) {
        String name = CrdExamples.TARGETS.stream().filter(t -> t.startsWith(kind + "/")).findFirst().orElseThrow()
                .substring(kind.length() + 1);
        List<HasMetadata> matching = new ArrayList<>(set.all().stream()
                .filter(r -> ResourceKey.of(r).equals(new ResourceKey(kind, Docs.NS, name))).toList());
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
