package dev.cfscim.api.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Declarations the CRDs accept or refuse, each {@link Docs#validSet()} with one field of one
 * resource changed: the examples of every CEL rule (CelRulesTest holds every rule of the CRDs to
 * have at least one of each) and of the schema's own constraints. The command line must refuse
 * exactly the refused ones (CliRefusesWhatTheCrdsRefuseTest).
 */
final class CrdExamples {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The resource of each kind that an example changes, in {@link Docs#validSet()}. */
    static final List<String> TARGETS = List.of("ScimApp/acme", "ScimUser/alice", "ScimGroup/sre",
            "GroupRoleBinding/sre-admin");

    private CrdExamples() {
    }

    /**
     * One example: {@code field} of the {@code kind} in the valid set set to {@code yaml} (a YAML
     * value; null removes the field), which the rule at {@code rule} (kind, space, the rule's schema
     * path; null for a schema constraint) holds to or refuses. {@code old} is the value before, for a
     * transition rule.
     */
    record Example(String kind, String rule, String field, String yaml, String old, boolean accepted) {
        @Override
        public String toString() {
            return kind + " " + field + (yaml == null ? " removed" : " = " + yaml) + (old == null ? "" : " (was " + old + ")")
                    + (accepted ? " accepted" : " refused");
        }

        /** The valid set with this example's change, as YAML (its documents in JSON form, which YAML reads). */
        String declaration() {
            return change(this);
        }
    }

    static Example holds(String kind, String rule, String field, String yaml) {
        return new Example(kind, rule, field, yaml, null, true);
    }

    static Example refused(String kind, String rule, String field, String yaml) {
        return new Example(kind, rule, field, yaml, null, false);
    }

    /** The label selectors of the CRDs: kind, and the field that holds one. */
    private static final List<String[]> SELECTORS = List.of(new String[] {"ScimApp", "spec.assignments.userSelector"},
            new String[] {"ScimGroup", "spec.memberSelector"});

    /** A selector of those {@code requirements} at {@code selector}, accepted or refused (by {@code rule}, or the schema when null). */
    private static void requirements(List<Example> out, String[] selector, String rule, boolean accepted, String... requirements) {
        for (String requirement : requirements) {
            out.add(new Example(selector[0], rule, selector[1], "{matchExpressions: [" + requirement + "]}", null, accepted));
        }
    }

    /** The examples of the CEL rules: each rule has at least one accepted and one refused. */
    static List<Example> ruleExamples() {
        List<Example> out = new ArrayList<>();
        for (String kind : List.of("ScimApp", "ScimUser", "ScimGroup", "GroupRoleBinding")) {
            String root = kind + " ";
            out.add(holds(kind, root, "metadata.labels", "{team: sre}"));
            out.add(refused(kind, root, "spec", null));
        }
        String app = "ScimApp ";
        out.add(holds("ScimApp", app + "spec", "spec.endpoint", "https://scim.example.com/v2"));
        out.add(refused("ScimApp", app + "spec", "spec.endpoint", "http://localhost:8080/scim/v2"));
        out.add(refused("ScimApp", app + "spec", "spec.endpoint", "ftp://scim.example.com/v2"));
        out.add(new Example("ScimApp", app + "spec.accountId", "spec.accountId", Docs.ACCOUNT, Docs.ACCOUNT, true));
        out.add(new Example("ScimApp", app + "spec.accountId", "spec.accountId", "ffffffffffffffffffffffffffffffff",
                Docs.ACCOUNT, false));
        for (String window : List.of("deprovisionWindow", "roleRemovalWindow")) {
            String at = "spec." + window;
            out.add(holds("ScimApp", app + at, at, "1m"));
            out.add(holds("ScimApp", app + at, at, "720h"));
            out.add(holds("ScimApp", app + at, at, "1h30m"));
            out.add(refused("ScimApp", app + at, at, "59s"));
            out.add(refused("ScimApp", app + at, at, "721h"));
            out.add(refused("ScimApp", app + at, at, "0m"));
        }
        out.add(holds("ScimApp", app + "spec.resyncInterval", "spec.resyncInterval", "1s"));
        out.add(holds("ScimApp", app + "spec.resyncInterval", "spec.resyncInterval", "168h"));
        out.add(refused("ScimApp", app + "spec.resyncInterval", "spec.resyncInterval", "999ms"));
        out.add(refused("ScimApp", app + "spec.resyncInterval", "spec.resyncInterval", "169h"));
        out.add(refused("ScimApp", app + "spec.resyncInterval", "spec.resyncInterval", "9999999999999h"));
        out.add(holds("ScimApp", app + "spec.requestBudget.per", "spec.requestBudget.per", "1s"));
        out.add(holds("ScimApp", app + "spec.requestBudget.per", "spec.requestBudget.per", "24h"));
        out.add(refused("ScimApp", app + "spec.requestBudget.per", "spec.requestBudget.per", "500ms"));
        out.add(refused("ScimApp", app + "spec.requestBudget.per", "spec.requestBudget.per", "25h"));
        // The selectors' requirements: In and NotIn with values, Exists and DoesNotExist without.
        for (String[] selector : SELECTORS) {
            String rule = selector[0] + " " + selector[1] + ".matchExpressions.[]";
            requirements(out, selector, rule, true, "{key: team, operator: In, values: [sre]}",
                    "{key: team, operator: NotIn, values: [sre, dba]}", "{key: team, operator: Exists}",
                    "{key: team, operator: DoesNotExist, values: []}");
            requirements(out, selector, rule, false, "{key: team, operator: In}", "{key: team, operator: NotIn, values: []}",
                    "{key: team, operator: Exists, values: [sre]}",
                    "{key: a, operator: Exists}, {key: team, operator: DoesNotExist, values: [sre]}");
        }
        String binding = "GroupRoleBinding ";
        out.add(holds("GroupRoleBinding", binding + "spec.role", "spec.role", "Administrator"));
        out.add(refused("GroupRoleBinding", binding + "spec.role", "spec.role", "Domain DNS"));
        out.add(refused("GroupRoleBinding", binding + "spec.role", "spec.role", "Domain Administrator Read Only"));
        return out;
    }

    /** Examples of the schema's constraints (pattern, length, bounds, enums, required, types, fields). */
    static List<Example> schemaExamples() {
        List<Example> out = new ArrayList<>();
        out.add(refused("ScimApp", null, "spec.accountId", "023e105f4ecef8ad9ca31a8372d0c35"));
        out.add(refused("ScimApp", null, "spec.accountId", Docs.ACCOUNT.toUpperCase()));
        out.add(refused("ScimApp", null, "spec.accountId", null));
        out.add(refused("ScimApp", null, "spec.tokenSecretRef", null));
        out.add(refused("ScimApp", null, "spec.tokenSecretRef.name", "''"));
        out.add(refused("ScimApp", null, "spec.tokenSecretRef.key", "''"));
        out.add(holds("ScimApp", null, "spec.tokenSecretRef.key", "api-token"));
        out.add(refused("ScimApp", null, "spec.deprovisionWindow", "an hour"));
        out.add(refused("ScimApp", null, "spec.resyncInterval", "''"));
        out.add(refused("ScimApp", null, "spec.endpoint", "https://" + "a".repeat(2041)));
        out.add(holds("ScimApp", null, "spec.endpoint", "https://" + "a".repeat(2040)));
        out.add(refused("ScimApp", null, "spec.requestBudget.headroom", "1.5"));
        out.add(refused("ScimApp", null, "spec.requestBudget.headroom", "0"));
        out.add(holds("ScimApp", null, "spec.requestBudget.headroom", "0.01"));
        out.add(refused("ScimApp", null, "spec.deprovisionLimit", "'10'"));
        out.add(refused("ScimApp", null, "spec.deprovisonLimit", "10"));
        out.add(refused("ScimUser", null, "spec.userName", "alice"));
        out.add(refused("ScimUser", null, "spec.userName", "'" + "a".repeat(243) + "@example.com'"));
        out.add(holds("ScimUser", null, "spec.userName", "'" + "a".repeat(242) + "@example.com'"));
        out.add(refused("ScimUser", null, "spec.userName", null));
        out.add(refused("ScimUser", null, "spec.externalId", "12345"));
        out.add(holds("ScimUser", null, "spec.externalId", "'12345'"));
        out.add(refused("ScimGroup", null, "spec.displayName", "''"));
        out.add(refused("GroupRoleBinding", null, "spec.role", "''"));
        out.add(refused("GroupRoleBinding", null, "spec.appRef", null));
        out.add(refused("GroupRoleBinding", null, "spec.groupRef", null));
        // Label syntax in selectors (CrdFinisher.constrainSelectors): keys, values, operators, required fields.
        for (String[] selector : SELECTORS) {
            requirements(out, selector, null, true, "{key: example.com/team-name_2, operator: Exists}",
                    "{key: '" + "t".repeat(63) + "', operator: Exists}");
            requirements(out, selector, null, false, "{key: 'team name', operator: Exists}",
                    "{key: Example.com/team, operator: Exists}", "{key: -team, operator: Exists}",
                    "{key: '" + "t".repeat(64) + "', operator: Exists}", "{operator: Exists}", "{key: team}",
                    "{key: team, operator: Equals, values: [sre]}", "{key: team, operator: in, values: [sre]}",
                    "{key: team, operator: In, values: ['s r e']}");
            for (String value : List.of("''", "sre.eu_1", "'" + "v".repeat(63) + "'")) {
                out.add(holds(selector[0], null, selector[1], "{matchLabels: {team: " + value + "}}"));
            }
            for (String value : List.of("'s r e'", "'" + "v".repeat(64) + "'")) {
                out.add(refused(selector[0], null, selector[1], "{matchLabels: {team: " + value + "}}"));
            }
        }
        return out;
    }

    /**
     * Examples drawn from the CRDs themselves, so that a constraint added to a class is tried without
     * anyone writing its example: every value of each {@code enum} accepted and a near miss refused;
     * each {@code minimum} and {@code maximum} accepted (unless exclusive) and just past it refused;
     * each {@code required} field of spec removed, refused.
     */
    static List<Example> drawnFromTheSchema() {
        List<Example> out = new ArrayList<>();
        for (String kind : List.of("ScimApp", "ScimUser", "ScimGroup", "GroupRoleBinding")) {
            tools.jackson.databind.JsonNode spec = CrdSchemas.standard().of(kind).orElseThrow().openApi()
                    .path("properties").path("spec");
            drawn(kind, "spec", spec, out);
        }
        return out;
    }

    private static void drawn(String kind, String field, tools.jackson.databind.JsonNode schema, List<Example> out) {
        schema.path("enum").forEach(value -> out.add(holds(kind, null, field, value.asString())));
        if (schema.has("enum")) {
            out.add(refused(kind, null, field, schema.path("enum").get(0).asString() + "s"));
        }
        boolean integer = "integer".equals(schema.path("type").asString(""));
        java.math.BigDecimal step = integer ? java.math.BigDecimal.ONE : new java.math.BigDecimal("0.001");
        if (schema.has("minimum")) {
            java.math.BigDecimal minimum = schema.get("minimum").decimalValue();
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            out.add(new Example(kind, null, field, number(minimum, integer), null, !exclusive));
            out.add(refused(kind, null, field, number(minimum.subtract(step), integer)));
        }
        if (schema.has("maximum")) {
            java.math.BigDecimal maximum = schema.get("maximum").decimalValue();
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            out.add(new Example(kind, null, field, number(maximum, integer), null, !exclusive));
            out.add(refused(kind, null, field, number(maximum.add(step), integer)));
        }
        schema.path("required").forEach(name -> out.add(refused(kind, null, field + "." + name.asString(), null)));
        schema.path("properties").properties().forEach(p -> drawn(kind, field + "." + p.getKey(), p.getValue(), out));
    }

    private static String number(java.math.BigDecimal value, boolean integer) {
        return integer ? value.toBigInteger().toString() : value.stripTrailingZeros().toPlainString();
    }

    /** The valid set with {@code example}'s change. */
    private static String change(Example example) {
        List<ObjectNode> documents = new ArrayList<>();
        try {
            YAML.readerFor(ObjectNode.class).<ObjectNode>readValues(Docs.validSet()).forEachRemaining(documents::add);
            String target = TARGETS.stream().filter(t -> t.startsWith(example.kind() + "/")).findFirst().orElseThrow();
            ObjectNode resource = documents.stream()
                    .filter(d -> target.equals(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()))
                    .findFirst().orElseThrow();
            set(resource, example.field(), example.yaml() == null ? null : YAML.readTree(example.yaml()));
            return documents.stream().map(CrdExamples::json).collect(Collectors.joining("\n---\n")) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void set(ObjectNode resource, String field, JsonNode value) {
        String[] steps = field.split("\\.");
        ObjectNode at = resource;
        for (int i = 0; i < steps.length - 1; i++) {
            at = at.has(steps[i]) ? (ObjectNode) at.get(steps[i]) : at.putObject(steps[i]);
        }
        if (value == null) {
            at.remove(steps[steps.length - 1]);
        } else {
            at.set(steps[steps.length - 1], value);
        }
    }

    private static String json(JsonNode document) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
