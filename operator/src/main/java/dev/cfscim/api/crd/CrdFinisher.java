package dev.cfscim.api.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.cfscim.api.ApiGroup;
import dev.cfscim.api.Condition;
import dev.cfscim.api.LabelSelectors;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finishes the CRDs that fabric8's generator writes, with what its annotations cannot say: the
 * printer columns in the order the classes declare them (the generator sorts them by jsonPath, so
 * AGE came first), {@code kubectl explain} text for the root, spec and status (from
 * {@link JsonClassDescription}) and for the label selectors, and conditions as Kubernetes' own
 * {@code metav1.Condition}: a list-map keyed by {@code type}, times in {@code date-time}, bounded
 * lengths; and bounds on every list and on the strings that name objects. It fails the build when a
 * property has no description, or a list no bound, so a new field is explained and bounded.
 *
 * <p>Run by the build after the generator ({@code process-classes}; see operator/pom.xml), never by
 * the operator: {@code CrdFinisher GENERATED_DIR [COPY_TO_DIR...]} finishes the files in place and
 * copies them, finished, into each further folder (the checked-in {@code crds/} and the chart's copy).
 */
public final class CrdFinisher {

    /** The columns every kind shows (see {@link #columns}); a class declares only its own. */
    static final String READY = "Ready";
    static final String REASON = "Reason";
    static final String AGE = "Age";

    static final String HEADER = "# Generated from the classes in dev.cfscim.api by fabric8's CRD generator and finished by\n"
            + "# dev.cfscim.api.crd.CrdFinisher. Do not edit: change the classes and run\n"
            + "#   mvn -pl operator -am test-compile -Pupdate-crds\n";

    /** Kubernetes' own words for a LabelSelector's fields (fabric8's model class carries none). */
    private static final Map<String, String> LABEL_SELECTOR = Map.of(
            "matchLabels", "A map of {key: value} pairs; each is the same as an element of matchExpressions whose key "
                    + "field is the key, operator In and values that one value. The requirements are ANDed.",
            "matchExpressions", "A list of label selector requirements. The requirements are ANDed.",
            "key", "The label key that the selector applies to.",
            "operator", "The key's relationship to a set of values: In, NotIn, Exists or DoesNotExist.",
            "values", "An array of string values. With In or NotIn it must not be empty; with Exists or "
                    + "DoesNotExist it must be empty.");

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private CrdFinisher() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: CrdFinisher GENERATED_DIR [COPY_TO_DIR...]");
        }
        Path generated = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> list = Files.list(generated)) {
            files = list.filter(f -> f.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no CRDs in " + generated + ": the generator runs first");
        }
        for (Path file : files) {
            String finished = finish(Files.readString(file, StandardCharsets.UTF_8));
            Files.writeString(file, finished, StandardCharsets.UTF_8);
            for (int i = 1; i < args.length; i++) {
                Path dir = Path.of(args[i]);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(file.getFileName()), finished, StandardCharsets.UTF_8);
            }
        }
    }

    /** One CRD, finished; the same text again when given a finished one. */
    static String finish(String generatedYaml) throws IOException {
        ObjectNode crd = (ObjectNode) YAML.readTree(generatedYaml);
        Class<?> kind = resourceClass(crd.path("spec").path("names").path("kind").asText());
        put((ObjectNode) crd.path("spec").path("names"), "categories",
                JsonNodeFactory.instance.arrayNode().add(ApiGroup.CATEGORY), "kind");
        for (JsonNode version : crd.path("spec").path("versions")) {
            columns((ObjectNode) version, kind);
            ObjectNode root = (ObjectNode) version.path("schema").path("openAPIV3Schema");
            specRequired(root);
            describe(root, kind);
            describe((ObjectNode) root.path("properties").path("spec"), typeArgument(kind, 0));
            describe((ObjectNode) root.path("properties").path("status"), typeArgument(kind, 1));
            JsonNode conditions = root.path("properties").path("status").path("properties").path("conditions");
            if (conditions.isObject()) {
                conditionsAsMetaV1((ObjectNode) conditions);
            }
            bound(root, "");
            constrainSelectors(root);
            List<String> undescribed = new ArrayList<>();
            explainEverything(root, "", false, undescribed);
            if (!undescribed.isEmpty()) {
                throw new IllegalStateException(kind.getSimpleName() + ": these fields have no description for kubectl "
                        + "explain; add @JsonPropertyDescription to them: " + undescribed);
            }
        }
        return HEADER + YAML.writeValueAsString(crd);
    }

    private static Class<?> resourceClass(String kind) {
        try {
            return Class.forName("dev.cfscim.api." + kind);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no class dev.cfscim.api." + kind + " for the CRD of kind " + kind, e);
        }
    }

    /** The spec (0) or status (1) class of a {@code CustomResource<Spec, Status>}. */
    private static Class<?> typeArgument(Class<?> kind, int index) {
        Type parent = kind.getGenericSuperclass();
        if (!(parent instanceof ParameterizedType)) {
            throw new IllegalStateException(kind + " does not extend CustomResource<Spec, Status>");
        }
        return (Class<?>) ((ParameterizedType) parent).getActualTypeArguments()[index];
    }

    /**
     * The printer columns: READY first, then the kind's own in the order of its annotations (fabric8's
     * generator sorts them by jsonPath), then REASON (with {@code -o wide}) and AGE: the order users
     * know from cert-manager and Crossplane, on every kind of the group, so they are given here once
     * rather than on each class.
     */
    private static void columns(ObjectNode version, Class<?> kind) {
        JsonNode generated = version.path("additionalPrinterColumns");
        ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
        ordered.add(column(READY, ApiGroup.READY_STATUS, "string", 0));
        int own = 0;
        for (AdditionalPrinterColumn declared : kind.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            own++;
            for (JsonNode column : generated) {
                if (column.path("name").asText().equals(declared.name())) {
                    ordered.add(column);
                }
            }
        }
        if (ordered.size() != own + 1) {
            throw new IllegalStateException(kind.getSimpleName() + ": the CRD has no printer column for some of the "
                    + own + " the class declares");
        }
        ordered.add(column(REASON, ApiGroup.READY_REASON, "string", 1));
        ordered.add(column(AGE, ".metadata.creationTimestamp", "date", 0));
        put(version, "additionalPrinterColumns", ordered, null);
    }

    private static ObjectNode column(String name, String jsonPath, String type, int priority) {
        ObjectNode column = JsonNodeFactory.instance.objectNode();
        return column.put("jsonPath", jsonPath).put("name", name).put("priority", priority).put("type", type);
    }

    /** {@code spec} is required on every kind: a CEL rule at the root, since the generator cannot mark an inherited field required. */
    private static void specRequired(ObjectNode root) {
        ArrayNode rules = JsonNodeFactory.instance.arrayNode();
        rules.addObject().put("message", ApiGroup.SPEC_REQUIRED_MESSAGE).put("rule", ApiGroup.SPEC_REQUIRED_RULE);
        root.path("x-kubernetes-validations").forEach(rule -> {
            if (!rule.path("rule").asText().equals(ApiGroup.SPEC_REQUIRED_RULE)) {
                rules.add(rule);
            }
        });
        put(root, "x-kubernetes-validations", rules, "type");
    }

    /**
     * Sets {@code key} where the generator writes it: in its place when the node has it, else right
     * after {@code previous} (first when null), so that finishing a finished CRD changes nothing.
     */
    private static void put(ObjectNode node, String key, JsonNode value, String previous) {
        if (node.has(key)) {
            node.set(key, value);
            return;
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (previous == null) {
            fields.put(key, value);
        }
        node.fields().forEachRemaining(field -> {
            fields.put(field.getKey(), field.getValue());
            if (field.getKey().equals(previous)) {
                fields.put(key, value);
            }
        });
        fields.putIfAbsent(key, value);
        node.removeAll();
        node.setAll(fields);
    }

    private static void describe(ObjectNode schema, Class<?> type) {
        JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
        if (description == null) {
            throw new IllegalStateException(type.getName() + " needs a @JsonClassDescription: kubectl explain shows it");
        }
        describeFirst(schema, description.value());
    }

    /** Sets a schema's description, first of its keys, as the generator writes it for properties. */
    private static void describeFirst(ObjectNode schema, String description) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("description");
        schema.removeAll();
        schema.put("description", description);
        schema.setAll(copy);
    }

    /**
     * Conditions as {@code metav1.Condition} declares them, so that server-side apply merges them by
     * type (two writers of different conditions keep each other's) and clients parse the times.
     */
    private static void conditionsAsMetaV1(ObjectNode conditions) {
        conditions.put("x-kubernetes-list-type", "map");
        conditions.set("x-kubernetes-list-map-keys", JsonNodeFactory.instance.arrayNode().add("type"));
        conditions.put("maxItems", 16);
        ObjectNode item = (ObjectNode) conditions.path("items");
        ObjectNode properties = (ObjectNode) item.path("properties");
        ((ObjectNode) properties.path("lastTransitionTime")).put("format", "date-time");
        ((ObjectNode) properties.path("type")).put("maxLength", 316);
        ((ObjectNode) properties.path("reason")).put("maxLength", 1024);
        ((ObjectNode) properties.path("message")).put("maxLength", Condition.MESSAGE_MAX_LENGTH);
    }

    /**
     * The most items of each list, by the list's field name: the API server then refuses a runaway
     * list at the door, and CEL rules over it stay within their cost budget. Generous against real
     * use (10,000 users is the size the project is measured at), never the only thing in the way.
     */
    private static final Map<String, Integer> MAX_ITEMS = Map.ofEntries(
            Map.entry("users", 20_000), Map.entry("members", 20_000), Map.entry("groups", 1_000),
            Map.entry("matchExpressions", 64), Map.entry("values", 1_000), Map.entry("unknownMembers", 16),
            Map.entry("apps", 256), Map.entry("slots", 128));
    /** Strings that name a Kubernetes object (253, a DNS subdomain) or a label key (317 with its prefix). */
    private static final Map<String, Integer> MAX_LENGTH = Map.of("name", 253, "key", 317, "app", 253,
            "users[]", 253, "members[]", 253, "groups[]", 253, "unknownMembers[]", 253);
    /** Times the operator writes, as RFC 3339. */
    private static final List<String> DATE_TIMES = List.of("lastScanTime", "lastSyncTime", "at");

    /**
     * Bounds every list (a list without a known bound fails the build, so a new one is thought
     * about), the strings that name objects, and marks the operator's times as date-time.
     */
    private static void bound(JsonNode schema, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            ObjectNode property = (ObjectNode) field.getValue();
            String name = field.getKey();
            if ("array".equals(property.path("type").asText()) && !property.has("maxItems")) {
                Integer max = MAX_ITEMS.get(name);
                if (max == null) {
                    throw new IllegalStateException(path + "." + name + " is a list with no bound: give it one in "
                            + "CrdFinisher.MAX_ITEMS (or @Size on the field)");
                }
                property.put("maxItems", max);
                JsonNode items = property.path("items");
                Integer length = MAX_LENGTH.get(name + "[]");
                if (length != null && "string".equals(items.path("type").asText()) && !items.has("maxLength")) {
                    ((ObjectNode) items).put("maxLength", length);
                }
            }
            if ("string".equals(property.path("type").asText())) {
                Integer length = MAX_LENGTH.get(name);
                if (length != null && !property.has("maxLength") && !property.has("enum")) {
                    property.put("maxLength", length);
                }
                if (DATE_TIMES.contains(name) && !property.has("format")) {
                    property.put("format", "date-time");
                }
            }
            bound(property, path + "." + name);
            if (property.path("items").isObject()) {
                bound(property.path("items"), path + "." + name + "[]");
            }
        }
    }

    /**
     * Gives every label selector the rules the API server applies to its own kinds' selectors and
     * not to a custom resource's (fabric8's LabelSelector carries none): an operator among four, In
     * and NotIn with values and the others without, keys and values of label syntax. {@code kubectl
     * apply} then refuses a selector the operator could not use, as the command line does. A
     * matchLabels key stays unchecked here: only a CEL rule over the map's keys could check it, and
     * keys of unbounded length put its cost beyond what the API server takes for a rule.
     */
    private static void constrainSelectors(JsonNode schema) {
        JsonNode properties = schema.path("properties");
        if (properties.has("matchLabels") && properties.has("matchExpressions")) {
            labelValue((ObjectNode) properties.path("matchLabels").path("additionalProperties"));
            ObjectNode requirement = (ObjectNode) properties.path("matchExpressions").path("items");
            ObjectNode fields = (ObjectNode) requirement.path("properties");
            ((ObjectNode) fields.path("key")).put("pattern", LabelSelectors.KEY_PATTERN);
            ArrayNode operators = ((ObjectNode) fields.path("operator")).putArray("enum");
            LabelSelectors.OPERATORS.forEach(operators::add);
            labelValue((ObjectNode) fields.path("values").path("items"));
            requirement.putArray("required").add("key").add("operator");
            requirement.putArray("x-kubernetes-validations").addObject()
                    .put("rule", LabelSelectors.VALUES_RULE).put("message", LabelSelectors.VALUES_MESSAGE);
            return;
        }
        properties.forEach(property -> {
            constrainSelectors(property);
            if (property.path("items").isObject()) {
                constrainSelectors(property.path("items"));
            }
        });
    }

    private static void labelValue(ObjectNode value) {
        value.put("maxLength", LabelSelectors.VALUE_MAX_LENGTH);
        value.put("pattern", LabelSelectors.VALUE_PATTERN);
    }

    /** Fills in the label selectors' descriptions and collects the properties that still have none. */
    private static void explainEverything(JsonNode schema, String path, boolean inSelector, List<String> undescribed) {
        JsonNode properties = schema.path("properties");
        boolean selector = inSelector || (properties.has("matchLabels") && properties.has("matchExpressions"));
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            ObjectNode property = (ObjectNode) field.getValue();
            String where = path + "." + field.getKey();
            if (!property.hasNonNull("description") && selector && LABEL_SELECTOR.containsKey(field.getKey())) {
                describeFirst(property, LABEL_SELECTOR.get(field.getKey()));
            }
            if (!property.hasNonNull("description")) {
                undescribed.add(where);
            }
            explainEverything(property, where, selector, undescribed);
            if (property.path("items").isObject()) {
                explainEverything(property.path("items"), where + "[]", selector, undescribed);
            }
        }
    }
}
