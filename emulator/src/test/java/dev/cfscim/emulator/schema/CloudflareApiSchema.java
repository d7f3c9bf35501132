package dev.cfscim.emulator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.cfscim.emulator.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cloudflare's published OpenAPI schema (the copy under {@code cloudflare/} in the test resources),
 * checking an exchange against its operation (path template and method: path and query parameters,
 * request body, answer status and body) with networknt's OpenAPI 3.0 validator.
 */
public final class CloudflareApiSchema {

    private static final String RESOURCE = "/cloudflare/cloudflare-scim-iam.openapi.json";
    /** Where the validator files the document; nothing is fetched from it. */
    private static final String DOCUMENT = "https://cfscim.dev/schemas/cloudflare-scim-iam.openapi.json";
    private static final String V4 = "/client/v4";
    private static final String SCIM = "/scim/v2/";
    private static final int ERRORS_SHOWN = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CloudflareApiSchema published;

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Operation> operations = new ArrayList<>();
    private final Set<String> placeholders = new TreeSet<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> placeholdersReached = new ConcurrentHashMap<>();

    private CloudflareApiSchema(String text) throws IOException {
        this.document = JSON.readTree(text);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
                builder -> builder.schemas(Map.of(DOCUMENT, text)));
        document.path("x-extraction").path("components_not_found").forEach(n -> placeholders.add(n.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                operations.add(Operation.of(path.getKey(), op.getKey(), op.getValue()));
            }
        }
        // The most literal template wins, e.g. /Users/{user_id} over a template of two variables.
        operations.sort(Comparator.comparingInt(Operation::literals).reversed());
    }

    /** The copy in the test resources, read once. */
    public static synchronized CloudflareApiSchema published() {
        if (published == null) {
            try (InputStream in = CloudflareApiSchema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the test classpath");
                }
                published = new CloudflareApiSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return published;
    }

    /** The components the copy could not include: each accepts any value. */
    public Set<String> placeholders() {
        return placeholders;
    }

    /**
     * What the schema says of one exchange. A path outside {@code /client/v4} (the emulator's own
     * {@code /__emulator} API) is not Cloudflare's and gives no finding.
     */
    public List<Finding> check(Exchange exchange) {
        List<Finding> findings = new ArrayList<>();
        if (!exchange.path().startsWith(V4 + "/")) {
            return findings;
        }
        String path = exchange.path().substring(V4.length());
        for (Operation op : operations) {
            Matcher m = op.pattern().matcher(path);
            if (op.method().equalsIgnoreCase(exchange.method()) && m.matches()) {
                List<Finding> request = new ArrayList<>();
                checkParameters(op, m, exchange.query(), request);
                checkRequestBody(op, exchange.requestBody(), request);
                boolean rejected = exchange.status() >= 400 && exchange.status() < 500;
                for (Finding f : request) {
                    // A request the schema rejects, rejected: the negative tests' point, not a deviation.
                    findings.add(rejected && f.kind() == Finding.Kind.DEVIATION
                            ? new Finding(Finding.Kind.REJECTED, f.operation(), f.detail()) : f);
                }
                checkAnswer(op, path, exchange.status(), exchange.responseBody(), findings);
                return findings;
            }
        }
        findings.add(new Finding(Finding.Kind.NOT_IN_SCHEMA, exchange.method().toUpperCase() + " " + generic(path),
                "no operation of the schema has this method and path; nothing checked"));
        return findings;
    }

    // ---------------------------------------------------------------- parameters

    private void checkParameters(Operation op, Matcher path, String rawQuery, List<Finding> findings) {
        Map<String, String> query = parseQuery(rawQuery);
        JsonNode parameters = op.node().path("parameters");
        for (int i = 0; i < parameters.size(); i++) {
            JsonNode parameter = parameters.get(i);
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            String value;
            if (in.equals("path")) {
                value = decode(path.group(op.variables().indexOf(name) + 1));
            } else if (in.equals("query")) {
                value = query.remove(name);
            } else {
                continue;
            }
            if (value == null) {
                if (parameter.path("required").asBoolean()) {
                    findings.add(deviation(op, "required " + in + " parameter '" + name + "' is missing"));
                }
                continue;
            }
            String pointer = op.pointer() + "/parameters/" + i + "/schema";
            JsonNode schema = resolve(parameter.path("schema"));
            String instance = instance(schema, value);
            if (name.equals("startIndex") && instance.matches("-?\\d+") && Long.parseLong(instance) < 1) {
                findings.add(leniency(op, Leniency.START_INDEX_BELOW_ONE, "startIndex=" + value));
                instance = "1";
            }
            validate(op, in + " parameter '" + name + "'", pointer, instance, findings);
        }
        query.keySet().forEach(name -> findings.add(deviation(op, "query parameter '" + name + "' is not declared")));
    }

    /** The parameter's text as the JSON its schema types it: a number when it is one, else a string. */
    private static String instance(JsonNode schema, String value) {
        String type = schema.path("type").asText();
        if ((type.equals("integer") || type.equals("number")) && value.matches("-?\\d+(\\.\\d+)?")) {
            return value;
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return value;
        }
        return JSON.getNodeFactory().textNode(value).toString();
    }

    // ---------------------------------------------------------------- bodies

    private void checkRequestBody(Operation op, String body, List<Finding> findings) {
        JsonNode requestBody = op.node().path("requestBody");
        boolean empty = body == null || body.isBlank();
        if (requestBody.isMissingNode()) {
            if (!empty) {
                findings.add(deviation(op, "a request body is sent, but the operation declares none"));
            }
            return;
        }
        if (empty) {
            if (requestBody.path("required").asBoolean()) {
                findings.add(deviation(op, "the required request body is missing"));
            }
            return;
        }
        Map.Entry<String, JsonNode> content = requestBody.path("content").fields().next();
        if (!content.getValue().has("schema")) {
            // A media type without a schema (the resource-group delete's) takes any body of that type.
            return;
        }
        String pointer = op.pointer() + "/requestBody/content/" + escape(content.getKey()) + "/schema";
        validate(op, "request body", pointer, lowerCaseOps(op, body, findings), findings);
    }

    /** A Users PATCH body with each {@code op} in lower case, recording the leniency where it applied. */
    private String lowerCaseOps(Operation op, String body, List<Finding> findings) {
        if (!op.id().equals("scim-users-patch")) {
            return body;
        }
        JsonNode tree = parse(body);
        boolean changed = false;
        for (JsonNode operation : tree.path("Operations")) {
            String name = operation.path("op").asText();
            if (operation.isObject() && !name.equals(name.toLowerCase())) {
                findings.add(leniency(op, Leniency.OP_IN_ANY_CASE, "op \"" + name + "\""));
                ((ObjectNode) operation).put("op", name.toLowerCase());
                changed = true;
            }
        }
        return changed ? tree.toString() : body;
    }

    private void checkAnswer(Operation op, String path, int status, String body, List<Finding> findings) {
        JsonNode responses = op.node().path("responses");
        String key = Integer.toString(status);
        if (!responses.has(key)) {
            key = status / 100 + "XX";
        }
        if (!responses.has(key)) {
            key = "default";
        }
        if (!responses.has(key)) {
            if (status >= 500 && path.contains(SCIM)) {
                findings.add(leniency(op, Leniency.ERROR_BODY_ON_5XX, "status " + status));
                validate(op, status + " answer", "/components/schemas/iam_scim_error_response",
                        body == null ? "" : body, findings);
            } else if (status >= 500) {
                findings.add(new Finding(Finding.Kind.SILENT, op.id(), "a 5XX answer: the operation declares"
                        + " none, and the v4 failure envelope iam_api-response-common-failure is a placeholder"));
            } else {
                findings.add(deviation(op, "status " + status + " is not declared (declared: "
                        + fieldNames(responses) + ")"));
            }
            return;
        }
        JsonNode content = responses.path(key).path("content");
        boolean empty = body == null || body.isBlank();
        if (content.isMissingNode() || content.isEmpty()) {
            if (!empty) {
                findings.add(deviation(op, status + " answer has a body, but the schema declares none"));
            }
            return;
        }
        Map.Entry<String, JsonNode> media = content.fields().next();
        String pointer = op.pointer() + "/responses/" + key + "/content/" + escape(media.getKey()) + "/schema";
        if (empty) {
            findings.add(deviation(op, status + " answer has no body; the schema declares " + media.getKey()));
            return;
        }
        validate(op, status + " answer", pointer, body, findings);
    }

    // ---------------------------------------------------------------- validation

    private void validate(Operation op, String what, String pointer, String instance, List<Finding> findings) {
        Set<String> silent = placeholdersReached.computeIfAbsent(pointer, p -> {
            Set<String> names = new TreeSet<>();
            collectPlaceholders(at(p), names, new TreeSet<>());
            return names;
        });
        if (!silent.isEmpty()) {
            findings.add(new Finding(Finding.Kind.SILENT, op.id(), what + " reaches placeholders " + silent));
        }
        Schema schema = schemas.computeIfAbsent(pointer,
                p -> registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + fragment(p))));
        List<Error> errors;
        try {
            errors = schema.validate(instance, InputFormat.JSON);
        } catch (RuntimeException e) {
            findings.add(deviation(op, what + " is not JSON: " + abbreviate(instance)));
            return;
        }
        errors.stream().limit(ERRORS_SHOWN).forEach(error -> findings.add(deviation(op, what + ": "
                + error.getInstanceLocation() + " " + error.getMessage())));
        if (errors.size() > ERRORS_SHOWN) {
            findings.add(deviation(op, what + ": and " + (errors.size() - ERRORS_SHOWN) + " more"));
        }
    }

    private void collectPlaceholders(JsonNode node, Set<String> found, Set<String> visited) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String name = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
                if (placeholders.contains(name)) {
                    found.add(name);
                } else if (visited.add(ref.asText())) {
                    collectPlaceholders(at(ref.asText().substring(1)), found, visited);
                }
            }
            node.elements().forEachRemaining(child -> collectPlaceholders(child, found, visited));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectPlaceholders(child, found, visited));
        }
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : resolve(at(ref.asText().substring(1)));
    }

    private JsonNode at(String pointer) {
        return document.at(pointer);
    }

    // ---------------------------------------------------------------- text

    private static Finding deviation(Operation op, String detail) {
        return new Finding(Finding.Kind.DEVIATION, op.id(), detail);
    }

    private static Finding leniency(Operation op, Leniency leniency, String example) {
        return new Finding(Finding.Kind.LENIENCY, op.id(), leniency.name() + " (" + example + ")");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A JSON Pointer token: '~' and '/' escaped. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A JSON Pointer as a URI fragment: characters a fragment may not hold, percent-encoded. */
    private static String fragment(String pointer) {
        StringBuilder out = new StringBuilder();
        for (byte b : pointer.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** A path with its identifiers (hex tags, UUIDs) replaced, to name an operation the schema lacks. */
    private static String generic(String path) {
        return path.replaceAll("/[0-9a-fA-F-]{16,}(?=/|$)", "/{id}").replaceAll("/cloudflare-v1-[^/]+", "/{id}");
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** One operation: its method, path template and the pointer to it in the document. */
    record Operation(String method, String template, Pattern pattern, List<String> variables,
                     int literals, String pointer, JsonNode node) {

        static Operation of(String template, String method, JsonNode node) {
            List<String> variables = new ArrayList<>();
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            for (String segment : template.substring(1).split("/")) {
                regex.append('/');
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    variables.add(segment.substring(1, segment.length() - 1));
                    regex.append("([^/]+)");
                } else {
                    regex.append(Pattern.quote(segment));
                    literals++;
                }
            }
            return new Operation(method, template, Pattern.compile(regex.toString()), variables, literals,
                    "/paths/" + escape(template) + "/" + method, node);
        }

        String id() {
            return node.path("operationId").asText(method.toUpperCase() + " " + template);
        }
    }
}
