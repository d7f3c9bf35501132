package dev.cfscim.emulator.schema;

import dev.cfscim.emulator.Exchange;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exchanges checked against {@link CloudflareApiSchema}, gathered: each distinct finding once, with
 * the first exchange that showed it, so that a report says where the traffic and the schema part.
 * Safe to record from several threads.
 */
public final class SchemaAudit {

    private final CloudflareApiSchema schema;
    private final Map<Finding.Kind, Map<String, String>> findings = new EnumMap<>(Finding.Kind.class);
    private int exchanges;

    public SchemaAudit(CloudflareApiSchema schema) {
        this.schema = schema;
    }

    /** Checks one exchange; returns its deviations (empty when the schema accepts it). */
    public List<Finding> record(Exchange exchange) {
        List<Finding> found = schema.check(exchange);
        List<Finding> deviations = new ArrayList<>();
        synchronized (this) {
            exchanges++;
            for (Finding f : found) {
                findings.computeIfAbsent(f.kind(), k -> new TreeMap<>())
                        .putIfAbsent(f.operation() + ": " + f.detail(), exchange.describe());
                if (f.kind() == Finding.Kind.DEVIATION) {
                    deviations.add(f);
                }
            }
        }
        return deviations;
    }

    /** Each distinct deviation with the first exchange that showed it. */
    public synchronized Map<String, String> deviations() {
        return new LinkedHashMap<>(findings.getOrDefault(Finding.Kind.DEVIATION, Map.of()));
    }

    public synchronized void clear() {
        findings.clear();
        exchanges = 0;
    }

    /** What was checked and what the schema did not settle: deviations, leniencies used, silences. */
    public synchronized String report(String title) {
        StringBuilder out = new StringBuilder("== Cloudflare schema check: ").append(title).append(" ==\n");
        out.append(exchanges).append(" exchanges checked against the published schema\n");
        section(out, Finding.Kind.DEVIATION, "Deviations from the schema (first exchange showing each)");
        section(out, Finding.Kind.REJECTED, "Requests the schema rejects, answered with a 4XX (as they should be)");
        section(out, Finding.Kind.LENIENCY, "Accepted by Cloudflare's prose though the schema rejects it");
        if (findings.containsKey(Finding.Kind.LENIENCY)) {
            out.append("  where the prose says so:\n");
            for (Leniency leniency : Leniency.values()) {
                out.append("    ").append(leniency.name()).append(": ").append(leniency.what())
                        .append(" -- ").append(leniency.source()).append('\n');
            }
        }
        section(out, Finding.Kind.SILENT, "Not checked: the schema is silent (placeholder components accept anything)");
        section(out, Finding.Kind.NOT_IN_SCHEMA, "Not checked: no such operation in the schema");
        return out.toString();
    }

    private void section(StringBuilder out, Finding.Kind kind, String heading) {
        Map<String, String> found = findings.get(kind);
        if (found == null || found.isEmpty()) {
            return;
        }
        out.append(heading).append(":\n");
        found.forEach((finding, exchange) -> {
            out.append("  ").append(finding);
            if (kind == Finding.Kind.DEVIATION || kind == Finding.Kind.LENIENCY) {
                out.append("   [").append(exchange).append(']');
            }
            out.append('\n');
        });
    }
}
