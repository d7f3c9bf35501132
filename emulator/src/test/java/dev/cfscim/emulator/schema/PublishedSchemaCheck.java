package dev.cfscim.emulator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.Exchange;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks every exchange a test reports through {@link #record} (the contract tests' HTTP client,
 * or an emulator's {@code onExchange}) against Cloudflare's published schema: a test whose traffic
 * deviates fails, and each class prints what the schema could not settle (leniencies of
 * Cloudflare's prose used, placeholders, operations it lacks).
 */
public final class PublishedSchemaCheck implements AfterEachCallback, AfterAllCallback {

    /** Why the rate-limit tests leave the schema: Cloudflare's API-wide limiter, not the SCIM service, answers. */
    public static final String RATE_LIMIT_BODY = "429 from the API-wide rate limiter in the v4 envelope (code 971, "
            + "docs/emulator.md Rate limit); the SCIM operations declare a SCIM error for 4XX";

    /** Why some IAM policy tests leave the schema: they write policies in the emulator's older, by-scope form. */
    public static final String POLICIES_BY_SCOPE = "IAM policies written by scope without policy or resource-group ids, "
            + "a form the emulator still accepts beside the published one; "
            + "the published update body names both by id";

    private static final SchemaAudit TEST = new SchemaAudit(CloudflareApiSchema.published());
    private static final SchemaAudit CLASS = new SchemaAudit(CloudflareApiSchema.published());
    private static final Map<String, String> KNOWN = new TreeMap<>();

    /** Checks one exchange, counting it to the test under way. */
    public static void record(Exchange exchange) {
        TEST.record(exchange);
        CLASS.record(exchange);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Map<String, String> deviations = TEST.deviations();
        TEST.clear();
        Optional<BeyondPublishedSchema> beyond = beyond(context);
        if (beyond.isPresent()) {
            deviations.forEach((deviation, exchange) -> KNOWN.merge(
                    context.getRequiredTestMethod().getName() + " (" + beyond.get().value() + "): " + deviation,
                    exchange, (a, b) -> a));
        } else {
            assertThat(deviations).as("exchanges of %s that Cloudflare's published schema rejects",
                    context.getDisplayName()).isEmpty();
        }
    }

    /** The test method's marker, else the nearest enclosing class's. */
    private static Optional<BeyondPublishedSchema> beyond(ExtensionContext context) {
        BeyondPublishedSchema marker = context.getRequiredTestMethod().getAnnotation(BeyondPublishedSchema.class);
        for (Class<?> c = context.getRequiredTestClass(); marker == null && c != null; c = c.getEnclosingClass()) {
            marker = c.getAnnotation(BeyondPublishedSchema.class);
        }
        return Optional.ofNullable(marker);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        StringBuilder report = new StringBuilder(CLASS.report(context.getRequiredTestClass().getSimpleName()));
        if (!KNOWN.isEmpty()) {
            report.append("Deviations its tests ask for (@BeyondPublishedSchema):\n");
            KNOWN.forEach((deviation, exchange) -> report.append("  ").append(deviation)
                    .append("   [").append(exchange).append("]\n"));
        }
        System.out.println(report);
        CLASS.clear();
        KNOWN.clear();
    }
}
