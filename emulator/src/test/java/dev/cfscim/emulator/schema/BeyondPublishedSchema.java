package dev.cfscim.emulator.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a contract test whose exchanges knowingly leave Cloudflare's published schema (an RFC 7643
 * form the emulator offers as an option, or a leniency of its own): {@link PublishedSchemaCheck}
 * reports their deviations with this reason instead of failing the test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface BeyondPublishedSchema {

    /** Why the test leaves the published schema, and where the deviating form comes from. */
    String value();
}
