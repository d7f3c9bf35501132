package dev.cfscim.api.load;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A CRD's {@code x-kubernetes-validations}, compiled once, and evaluated on a declaration as the
 * API server evaluates them on a create: each rule wherever its schema node has a value ({@code self}
 * is that value; in a list or a map, each item), never where the value is absent. A transition rule
 * (one that reads {@code oldSelf}) is not evaluated, since a create has no old object, unless the
 * rule sets {@code optionalOldSelf}; then {@code oldSelf} is {@code optional.none()}. A rule's error
 * names its {@code fieldPath} when it has one, says its {@code messageExpression} when that evaluates
 * to a string, else its {@code message}, else "failed rule: " and the rule, as the API server does.
 *
 * <p>The environment holds what the API server's does and the CEL library has: the standard
 * functions (among them {@code duration()}, {@code matches()}), the string, set, list and optional
 * extensions, and numbers that compare across int and double. The API server's own libraries (url,
 * quantity, ip, cidr, its regex and list additions) are not here: a rule that uses them fails to
 * compile, and CelRulesTest, which compiles every rule of every CRD, says so.
 */
public final class CelRules {
    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .enableOptionalSyntax(true)
            .build();
    /** {@code self} as dyn: the values come from the schema already checked, typed by CelValues. */
    private static final Cel CEL = environment(SimpleType.DYN);

    /** Built on first need: no rule of ours sets optionalOldSelf, and an environment costs start-up time. */
    private static final class OptionalOldSelf {
        static final Cel CEL = environment(OptionalType.create(SimpleType.DYN));
    }

    private final List<Rule> rules;

    private CelRules(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * One rule where the schema puts it: {@code path} is the way from the root, a property's name,
     * {@code []} for a list's items or {@code {}} for a map's values; {@code schema} is the node's.
     */
    public record Rule(List<String> path, JsonNode schema, String rule, String message, String fieldPath,
            String reason, boolean transition, boolean optionalOldSelf, CelRuntime.Program program,
            CelRuntime.Program messageExpression) {}

    /** A rule that did not hold: where, and what it says; {@code failed} when it could not be evaluated. */
    public record Violation(Rule rule, String field, Object self, String message, String failed) {}

    public List<Rule> rules() {
        return rules;
    }

    /** Compiles every rule of {@code openApi}; a rule that does not compile is an error of the build. */
    static CelRules compile(JsonNode openApi) {
        List<Rule> rules = new ArrayList<>();
        collect(openApi, new ArrayList<>(), rules);
        return new CelRules(List.copyOf(rules));
    }

    private static void collect(JsonNode schema, List<String> path, List<Rule> out) {
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            out.add(compileRule(List.copyOf(path), schema, validation));
        }
        schema.path("properties").properties().forEach(p -> {
            path.add(p.getKey());
            collect(p.getValue(), path, out);
            path.remove(path.size() - 1);
        });
        if (schema.path("items").isObject()) {
            path.add("[]");
            collect(schema.get("items"), path, out);
            path.remove(path.size() - 1);
        }
        if (schema.path("additionalProperties").isObject()) {
            path.add("{}");
            collect(schema.get("additionalProperties"), path, out);
            path.remove(path.size() - 1);
        }
    }

    private static Rule compileRule(List<String> path, JsonNode schema, JsonNode validation) {
        String text = validation.path("rule").asString();
        boolean optionalOldSelf = validation.path("optionalOldSelf").asBoolean(false);
        Cel cel = optionalOldSelf ? OptionalOldSelf.CEL : CEL;
        try {
            CelAbstractSyntaxTree ast = cel.compile(text).getAst();
            boolean transition = ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals("oldSelf"));
            CelRuntime.Program messageExpression = null;
            if (validation.hasNonNull("messageExpression")) {
                messageExpression = cel.createProgram(cel.compile(validation.get("messageExpression").asString()).getAst());
            }
            return new Rule(path, schema, text, validation.path("message").asString(null),
                    validation.path("fieldPath").asString(null), validation.path("reason").asString(null), transition,
                    optionalOldSelf, cel.createProgram(ast), messageExpression);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("the CRD rule '" + text + "' at " + String.join(".", path)
                    + " does not compile: " + e.getMessage(), e);
        }
    }

    /** The rules that do not hold on {@code object} (the whole declaration), in the schema's order. */
    public List<Violation> evaluate(JsonNode object) {
        List<Violation> out = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.transition() && !rule.optionalOldSelf()) {
                continue; // a create: there is no oldSelf, and the API server does not run the rule
            }
            at(object, rule, 0, "", out);
        }
        return out;
    }

    private void at(JsonNode node, Rule rule, int step, String field, List<Violation> out) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (step == rule.path().size()) {
            check(rule, node, field, out);
            return;
        }
        String next = rule.path().get(step);
        if (next.equals("[]")) {
            for (int i = 0; i < node.size(); i++) {
                at(node.get(i), rule, step + 1, field + "[" + i + "]", out);
            }
        } else if (next.equals("{}")) {
            node.properties().forEach(e -> at(e.getValue(), rule, step + 1, join(field, e.getKey()), out));
        } else {
            at(node.get(next), rule, step + 1, join(field, next), out);
        }
    }

    private static void check(Rule rule, JsonNode node, String field, List<Violation> out) {
        Object self = CelValues.of(node, rule.schema(), rule.path().isEmpty());
        Map<String, Object> variables = rule.optionalOldSelf() ? Map.of("self", self, "oldSelf", Optional.empty())
                : Map.of("self", self);
        String at = rule.fieldPath() == null ? field : join(field, rule.fieldPath().replaceFirst("^\\.", ""));
        try {
            if (Boolean.TRUE.equals(rule.program().eval(variables))) {
                return;
            }
            out.add(new Violation(rule, at, self, message(rule, variables), null));
        } catch (CelEvaluationException | RuntimeException e) {
            out.add(new Violation(rule, at, self, message(rule, variables), firstLine(e.getMessage())));
        }
    }

    private static String message(Rule rule, Map<String, Object> variables) {
        if (rule.messageExpression() != null) {
            try {
                if (rule.messageExpression().eval(variables) instanceof String text && !text.isBlank()) {
                    return text;
                }
            } catch (CelEvaluationException | RuntimeException e) {
                // as the API server: a messageExpression that fails falls back to the message
            }
        }
        return rule.message() != null ? rule.message() : "failed rule: " + rule.rule();
    }

    private static String join(String field, String name) {
        return field.isEmpty() ? name : field + "." + name;
    }

    private static String firstLine(String message) {
        return message == null ? "evaluation failed" : message.lines().findFirst().orElse("").strip();
    }

    private static Cel environment(dev.cel.common.types.CelType oldSelf) {
        return CelFactory.standardCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS) // has(), all(), exists(), map(), filter()
                .addVar("self", SimpleType.DYN)
                .addVar("oldSelf", oldSelf)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS), CelExtensions.lists(),
                        CelExtensions.optional())
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS), CelExtensions.lists(),
                        CelExtensions.optional())
                .build();
    }
}
