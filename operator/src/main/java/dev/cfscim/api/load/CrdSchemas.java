package dev.cfscim.api.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CRDs the build generates from the classes in {@code dev.cfscim.api} (fabric8's CRD generator
 * writes them to {@code META-INF/fabric8/} on the classpath; {@code crds/} is a copy of them), each
 * read once per process and compiled once: its {@code openAPIV3Schema} for the JSON schema validator
 * ({@link StructuralSchemas}) and its {@code x-kubernetes-validations} for CEL ({@link CelRules}).
 * There is no second description of what a declaration may hold: this is the one kubectl applies.
 */
public final class CrdSchemas {
    private static final List<Class<? extends HasMetadata>> KINDS =
            List.of(ScimApp.class, ScimUser.class, ScimGroup.class, GroupRoleBinding.class);

    private final Map<String, CrdSchema> byKind;

    private CrdSchemas(Map<String, CrdSchema> byKind) {
        this.byKind = byKind;
    }

    /** One kind's schema: the CRD's own (for field descriptions), its compiled form, its CEL rules. */
    public record CrdSchema(String kind, JsonNode openApi, Schema compiled, CelRules rules) {}

    /** The CRDs of this build, compiled on first use and shared: compiling is the costly part. */
    public static CrdSchemas standard() {
        return Standard.INSTANCE;
    }

    private static final class Standard {
        static final CrdSchemas INSTANCE = read();
    }

    private static final AtomicBoolean PREPARING = new AtomicBoolean();

    /**
     * Starts compiling the CRDs on another thread, once per process: reading them and building the
     * CEL environment cost about as much CPU as parsing a thousand users, and the command line calls
     * this as it starts to read the files, so the two overlap; {@link #standard()} then waits for it
     * (the JVM's class initialization lock) or finds it done.
     */
    public static void prepareInBackground() {
        if (PREPARING.compareAndSet(false, true)) {
            Thread thread = new Thread(() -> {
                try {
                    standard();
                } catch (RuntimeException | LinkageError e) {
                    // Said where it matters: standard() on the validating thread fails with this as its cause.
                }
            }, "crd-schemas");
            thread.setDaemon(true);
            thread.start();
        }
    }

    public Optional<CrdSchema> of(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    public List<CrdSchema> all() {
        return List.copyOf(byKind.values());
    }

    private static CrdSchemas read() {
        // Draft 4: exclusiveMinimum as a boolean beside minimum, as a CRD's OpenAPI 3.0 schema has it
        // (StructuralSchemas turns nullable into a type that admits null).
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft4(), builder ->
                builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true) // the formats StructuralSchemas keeps are the ones the API server checks
                        .regularExpressionFactory(new GoRegularExpressions())
                        .build()));
        Map<String, CrdSchema> byKind = new LinkedHashMap<>();
        for (Class<? extends HasMetadata> type : KINDS) {
            JsonNode openApi = openApiSchema(type);
            String kind = HasMetadata.getKind(type);
            byKind.put(kind, new CrdSchema(kind, openApi, registry.getSchema(StructuralSchemas.toJsonSchema(openApi)),
                    CelRules.compile(openApi)));
        }
        return new CrdSchemas(byKind);
    }

    /** The served version's {@code openAPIV3Schema}, from the generated CRD on the classpath. */
    static JsonNode openApiSchema(Class<? extends HasMetadata> type) {
        String resource = "/META-INF/fabric8/" + HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type) + "-v1.yml";
        try (InputStream in = CrdSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: the build generates it (crd-generator)");
            }
            // Read with the product's YAML (Jackson 2), handed to the validator's Jackson 3 as JSON.
            byte[] json = new ObjectMapper().writeValueAsBytes(new YAMLMapper().readTree(in));
            JsonNode crd = JsonMapper.shared().readTree(json);
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("name").asString("").equals(HasMetadata.getVersion(type))) {
                    return version.path("schema").path("openAPIV3Schema");
                }
            }
            throw new IllegalStateException(resource + " has no version " + HasMetadata.getVersion(type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
