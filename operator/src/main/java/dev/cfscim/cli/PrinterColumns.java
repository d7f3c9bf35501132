package dev.cfscim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kind's printer columns as its CRD declares them (names, order, jsonPaths, priority), and the row
 * {@code kubectl get} prints for a resource: so the demo's tables are the CRDs' own, never a drawing
 * that can drift from them.
 */
record PrinterColumns(String plural, List<Column> columns) {

    /** One column; {@code priority} 0 is shown by {@code kubectl get}, higher only with {@code -o wide}. */
    record Column(String name, String jsonPath, String type, int priority) {}

    /** A field path ({@code .spec.userName}), or a condition's field ({@code .status.conditions[?(@.type=="Ready")].status}). */
    private static final Pattern CONDITION = Pattern.compile(
            "^\\.status\\.conditions\\[\\?\\(@\\.type==\"([A-Za-z]+)\"\\)]\\.([A-Za-z]+)$");
    private static final Pattern FIELD = Pattern.compile("^(\\.[A-Za-z][A-Za-z0-9]*)+$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The columns of the CRD the build generated for {@code plural} (on the classpath, as the operator has it). */
    static PrinterColumns of(String plural) {
        String resource = "/META-INF/fabric8/" + plural + ".scim.cfscim.dev-v1.yml";
        try (InputStream in = PrinterColumns.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return fromCrd(plural, YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PrinterColumns fromCrd(String plural, JsonNode crd) {
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : crd.path("spec").path("versions").path(0).path("additionalPrinterColumns")) {
            Column column = new Column(c.path("name").asText(), c.path("jsonPath").asText(), c.path("type").asText(),
                    c.path("priority").asInt(0));
            if (!CONDITION.matcher(column.jsonPath()).matches() && !FIELD.matcher(column.jsonPath()).matches()) {
                throw new IllegalStateException(plural + " column " + column.name() + ": jsonPath "
                        + column.jsonPath() + " is beyond what the demo reads (a field or a condition's field)");
            }
            columns.add(column);
        }
        return new PrinterColumns(plural, List.copyOf(columns));
    }

    /** The header {@code kubectl get} prints: NAME, then each default column's name in capitals. */
    List<String> header() {
        List<String> header = new ArrayList<>(List.of("NAME"));
        shown().forEach(c -> header.add(c.name().toUpperCase(Locale.ROOT)));
        return header;
    }

    /** The row {@code kubectl get} prints for one resource, at {@code now}. */
    List<String> row(HasMetadata resource, Instant now) {
        JsonNode json = SERIALIZATION.convertValue(resource, JsonNode.class);
        List<String> row = new ArrayList<>(List.of(resource.getMetadata().getName()));
        for (Column column : shown()) {
            String value = value(json, column.jsonPath());
            row.add(column.type().equals("date") ? age(value, now) : value);
        }
        return row;
    }

    private List<Column> shown() {
        return columns.stream().filter(c -> c.priority() == 0).toList();
    }

    private static String value(JsonNode json, String jsonPath) {
        Matcher condition = CONDITION.matcher(jsonPath);
        if (condition.matches()) {
            for (JsonNode c : json.path("status").path("conditions")) {
                if (c.path("type").asText().equals(condition.group(1))) {
                    return text(c.path(condition.group(2)));
                }
            }
            return "";
        }
        JsonNode node = json;
        for (String field : jsonPath.substring(1).split("\\.")) {
            node = node.path(field);
        }
        return text(node);
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    /** Age as kubectl shows it: 42s, 3m5s; {@code <unknown>} without a time. */
    static String age(String timestamp, Instant now) {
        try {
            long s = Math.max(0, Duration.between(Instant.parse(timestamp), now).toSeconds());
            return s < 120 ? s + "s" : s / 60 + "m" + (s % 60) + "s";
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }
}
