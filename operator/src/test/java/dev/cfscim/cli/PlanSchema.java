package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The published shape of {@code plan --json}, docs/plan.schema.json, as the tests hold every plan
 * they print to it: {@link CfscimRun} checks each {@code plan} that prints JSON, and each plan it
 * saves, so the schema cannot drift from what cfscim writes.
 */
final class PlanSchema {

    static final Path FILE = Path.of("../docs/plan.schema.json");

    private static final Schema SCHEMA = load();

    private PlanSchema() {
    }

    private static Schema load() {
        try {
            return SchemaRegistry.withDefaultDialect(Dialects.getDraft202012()).getSchema(Files.readString(FILE),
                    InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the schema finds wrong with {@code json}, one line per error; empty when it conforms. */
    static List<String> errors(String json) {
        return SCHEMA.validate(json, InputFormat.JSON).stream()
                .map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList();
    }

    static void assertValid(String json) {
        assertThat(errors(json)).as("plan --json against docs/plan.schema.json:\n" + json).isEmpty();
    }
}
