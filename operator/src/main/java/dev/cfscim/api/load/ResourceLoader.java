package dev.cfscim.api.load;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cfscim.api.ApiGroup;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.Spelling;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads the YAML a user would {@code kubectl apply}: files and folders ({@code *.yaml} and
 * {@code *.yml}; like kubectl, a folder's subfolders only when asked to recurse; sorted by path so
 * that results do not depend on the file system), several
 * documents a file. Keeps our four kinds and v1 Secrets (a ScimApp's token may be among them),
 * passes over every other kind, and reports every document it cannot read, with file and line,
 * without stopping at the first.
 *
 * <p>Binding is as strict as the API server would be, because the same files go to the cluster:
 * unknown fields are errors (a typo such as {@code deprovisonLimit} would otherwise be dropped
 * silently and its default used), and so are values of the wrong type (a number where a string
 * belongs). Explicit nulls are treated as absent, which is what the API server's defaulting does.
 * {@code status} is ignored: exported objects carry it, and it is never desired state.
 */
public final class ResourceLoader {
    private static final Map<String, Class<? extends HasMetadata>> KINDS = kinds();
    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");

    private final String defaultNamespace;
    private final boolean recursive;
    private final ObjectMapper mapper;

    /** The path that names standard input. */
    public static final String STANDARD_INPUT = "-";

    /** A loader that puts resources without a namespace in {@value ResourceKey#DEFAULT_NAMESPACE}. */
    public ResourceLoader() {
        this(ResourceKey.DEFAULT_NAMESPACE);
    }

    /** A loader that puts resources without a namespace in {@code defaultNamespace} (like {@code kubectl -n}). */
    public ResourceLoader(String defaultNamespace) {
        this(defaultNamespace, false);
    }

    /** @param recursive read the subfolders of the folders given too, as {@code kubectl apply -R} does */
    public ResourceLoader(String defaultNamespace, boolean recursive) {
        this.recursive = recursive;
        this.defaultNamespace = defaultNamespace;
        this.mapper = strictMapper();
        CrdSchemas.prepareInBackground(); // validation comes next: its CRDs compile while the files are read
    }

    /** Loads files and folders, in the order given; each folder's files sorted by path. */
    public LoadResult load(Collection<Path> paths) {
        return load(paths, null);
    }

    /**
     * As {@link #load(Collection)}, where the path {@code -} stands for standard input, as kubectl's
     * {@code -f -} does ({@code kustomize build | cfscim plan -f -}): {@code standardInput} reads it,
     * once however often {@code -} is named; null when there is none.
     */
    public LoadResult load(Collection<Path> paths, Supplier<String> standardInput) {
        ResourceSet.Builder out = ResourceSet.builder();
        List<Problem> problems = new ArrayList<>();
        boolean stdinRead = false;
        for (Path path : paths) {
            if (path.toString().equals(STANDARD_INPUT) && standardInput != null) {
                if (!stdinRead) {
                    loadText(standardInput.get(), "<stdin>", out, problems);
                    stdinRead = true;
                }
                continue;
            }
            for (Path file : filesUnder(path, problems)) {
                loadFile(file, out, problems);
            }
        }
        return new LoadResult(out.build(), new Problems(problems));
    }

    public LoadResult load(Path... paths) {
        return load(Arrays.asList(paths));
    }

    /** Loads YAML text; {@code sourceName} stands for the file in sources and messages. */
    public LoadResult loadString(String yaml, String sourceName) {
        ResourceSet.Builder out = ResourceSet.builder();
        List<Problem> problems = new ArrayList<>();
        loadText(yaml, sourceName, out, problems);
        return new LoadResult(out.build(), new Problems(problems));
    }

    private List<Path> filesUnder(Path path, List<Problem> problems) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            problems.add(Problem.error(new Source(path.toString(), 0, 0), null, null, "no such file or folder"));
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(path, recursive ? Integer.MAX_VALUE : 1)) {
            return walk.filter(Files::isRegularFile)
                    .filter(ResourceLoader::isYaml)
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(Problem.error(new Source(path.toString(), 0, 0), null, null, "cannot list folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private void loadFile(Path file, ResourceSet.Builder out, List<Problem> problems) {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            problems.add(Problem.error(new Source(file.toString(), 0, 0), null, null, "not UTF-8 text"));
            return;
        } catch (IOException e) {
            problems.add(Problem.error(new Source(file.toString(), 0, 0), null, null, "cannot read: " + e.getMessage()));
            return;
        }
        loadText(text, file.toString(), out, problems);
    }

    private void loadText(String text, String file, ResourceSet.Builder out, List<Problem> problems) {
        int document = 0;
        try (JsonParser parser = mapper.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                document++;
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = mapper.readTree(parser);
                readDocument(node, new Source(file, document, line), out, problems);
            }
        } catch (JacksonException e) {
            // A syntax error ends the file: the parser cannot find the next document reliably.
            JsonLocation where = e.getLocation();
            int line = where == null ? 0 : where.getLineNr();
            problems.add(Problem.error(new Source(file, Math.max(document, 1), line), null, null,
                    "YAML syntax error at line " + line + ": " + BindingErrors.firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            problems.add(Problem.error(new Source(file, Math.max(document, 1), 0), null, null, "cannot read: " + e.getMessage()));
        }
    }

    private void readDocument(JsonNode node, Source source, ResourceSet.Builder out, List<Problem> problems) {
        if (node == null || node.isNull() || node.isMissingNode() || (node.isTextual() && node.asText().isEmpty())) {
            return; // an empty document, such as a trailing "---" (the YAML parser gives it as "")
        }
        if (!node.isObject()) {
            problems.add(Problem.error(source, null, null, "a document must be a mapping with apiVersion and kind"));
            return;
        }
        String apiVersion = node.path("apiVersion").asText("");
        String kind = node.path("kind").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            problems.add(Problem.error(source, null, apiVersion.isEmpty() ? "apiVersion" : "kind",
                    "every document needs apiVersion and kind"));
            return;
        }
        if ("v1".equals(apiVersion) && "List".equals(kind)) {
            for (JsonNode item : node.path("items")) {
                readDocument(item, source, out, problems);
            }
            return;
        }
        if (apiVersion.startsWith(ApiGroup.GROUP + "/")) {
            readOurs((ObjectNode) node, apiVersion, kind, source, out, problems);
        } else if ("v1".equals(apiVersion) && "Secret".equals(kind)) {
            bind(node, Secret.class, source, out, problems);
        } else {
            out.skip(new SkippedDocument(source, apiVersion, kind));
        }
    }

    private void readOurs(ObjectNode node, String apiVersion, String kind, Source source, ResourceSet.Builder out,
            List<Problem> problems) {
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            problems.add(Problem.error(source, null, "kind", "unknown kind '" + kind + "' in " + ApiGroup.GROUP
                    + "; the kinds are " + String.join(", ", KINDS.keySet())
                    + Spelling.didYouMean(Spelling.suggest(kind, KINDS.keySet(), 1))));
            return;
        }
        if (!ApiGroup.API_VERSION.equals(apiVersion)) {
            problems.add(Problem.error(source, null, "apiVersion", "unsupported version '" + apiVersion
                    + "': this cfscim reads " + ApiGroup.API_VERSION));
            return;
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!TOP_LEVEL_FIELDS.contains(field)) {
                problems.add(Problem.error(source, null, field, "unknown field '" + field + "'"
                        + Spelling.didYouMean(Spelling.suggest(field, TOP_LEVEL_FIELDS, 1))));
                return;
            }
        }
        ObjectNode desired = node.deepCopy();
        desired.remove("status");
        bind(desired, type, source, out, problems);
    }

    private void bind(JsonNode node, Class<? extends HasMetadata> type, Source source, ResourceSet.Builder out,
            List<Problem> problems) {
        HasMetadata resource;
        try {
            resource = mapper.treeToValue(node, type);
        } catch (JsonMappingException e) {
            problems.add(Problem.error(source, keyOf(node), BindingErrors.fieldPath(e), BindingErrors.describe(e)));
            return;
        } catch (JacksonException e) {
            problems.add(Problem.error(source, keyOf(node), null, BindingErrors.firstLine(e.getOriginalMessage())));
            return;
        }
        ObjectMeta metadata = resource.getMetadata();
        if (metadata == null || metadata.getName() == null || metadata.getName().isBlank()) {
            problems.add(Problem.error(source, keyOf(node), "metadata.name", "every resource needs a name"));
            return;
        }
        if (metadata.getNamespace() == null || metadata.getNamespace().isBlank()) {
            metadata.setNamespace(defaultNamespace);
        }
        // fabric8's model classes keep unknown fields instead of failing; in metadata and in selectors a
        // typo ("lables", "matchLabel") would silently widen or empty a selection, so they are errors.
        List<Problem> unknown = new ArrayList<>();
        unknownFields(metadata.getAdditionalProperties(), "metadata", source, resource, unknown);
        if (resource instanceof ScimApp app && app.getSpec() != null && app.getSpec().getAssignments() != null) {
            selectorFields(app.getSpec().getAssignments().getUserSelector(), "spec.assignments.userSelector", source, resource, unknown);
        }
        if (resource instanceof ScimGroup group && group.getSpec() != null) {
            selectorFields(group.getSpec().getMemberSelector(), "spec.memberSelector", source, resource, unknown);
        }
        if (!unknown.isEmpty()) {
            problems.addAll(unknown);
            return;
        }
        out.add(resource, source);
    }

    private static void selectorFields(LabelSelector selector, String field, Source source, HasMetadata resource,
            List<Problem> problems) {
        if (selector == null) {
            return;
        }
        unknownFields(selector.getAdditionalProperties(), field, source, resource, problems);
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        for (int i = 0; expressions != null && i < expressions.size(); i++) {
            unknownFields(expressions.get(i).getAdditionalProperties(), field + ".matchExpressions[" + i + "]",
                    source, resource, problems);
        }
    }

    private static void unknownFields(Map<String, Object> extra, String field, Source source, HasMetadata resource,
            List<Problem> problems) {
        if (extra == null) {
            return;
        }
        for (String name : new TreeSet<>(extra.keySet())) {
            problems.add(Problem.error(source, ResourceKey.of(resource), field + "." + name, "unknown field '" + name + "'"));
        }
    }

    /** The resource's key as far as the raw document tells it, for messages about documents that did not bind. */
    private ResourceKey keyOf(JsonNode node) {
        String name = node.path("metadata").path("name").asText(null);
        String namespace = node.path("metadata").path("namespace").asText(defaultNamespace);
        return name == null ? null : new ResourceKey(node.path("kind").asText(), namespace, name);
    }

    private static ObjectMapper strictMapper() {
        YAMLMapper mapper = YAMLMapper.builder(YAMLFactory.builder().build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        // Explicit null keeps the field's default, as the API server prunes nulls before defaulting.
        mapper.setDefaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP));
        // No scalar coercion: the API server rejects `externalId: 12345` or `deprovisionLimit: "10"`.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    private static Map<String, Class<? extends HasMetadata>> kinds() {
        Map<String, Class<? extends HasMetadata>> kinds = new LinkedHashMap<>();
        kinds.put(ScimApp.KIND, ScimApp.class);
        kinds.put(ScimUser.KIND, ScimUser.class);
        kinds.put(ScimGroup.KIND, ScimGroup.class);
        kinds.put(GroupRoleBinding.KIND, GroupRoleBinding.class);
        return kinds;
    }
}
