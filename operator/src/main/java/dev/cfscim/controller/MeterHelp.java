package dev.cfscim.controller;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Map;

/**
 * Gives a HELP text to every meter registered without a description: JOSDK's MicrometerMetrics
 * registers its counters, timers and gauges with none, and the Prometheus registry then writes no
 * {@code # HELP} line, which {@code promtool check metrics} reports for every such family.
 */
final class MeterHelp implements MeterFilter {

    /**
     * JOSDK 5.2's meters, by the start of their Micrometer name (some end with the controller's or a
     * timed execution's name); the longest matching start wins.
     */
    private static final Map<String, String> JOSDK = Map.ofEntries(
            Map.entry("operator.sdk.reconciliations.started", "Reconciles started (JOSDK)"),
            Map.entry("operator.sdk.reconciliations.success", "Reconciles that ended without an exception (JOSDK)"),
            Map.entry("operator.sdk.reconciliations.failed", "Reconciles that threw (JOSDK)"),
            Map.entry("operator.sdk.reconciliations.retries.number", "Reconciles that were retries of a failed one (JOSDK)"),
            Map.entry("operator.sdk.reconciliations.retries.last", "Reconciles that were the last retry allowed (JOSDK)"),
            Map.entry("operator.sdk.reconciliations.executions.", "Reconciles running now, by controller (JOSDK)"),
            Map.entry("operator.sdk.reconciliations.queue.size.", "Reconciles waiting for a thread, by controller (JOSDK)"),
            Map.entry("operator.sdk.controllers.execution.", "Duration and outcome of the controller's executions (JOSDK)"),
            Map.entry("operator.sdk.events.received", "Events received from the informers and timers (JOSDK)"),
            Map.entry("operator.sdk.events.delete", "Delete events received for primary resources (JOSDK)"));

    @Override
    public Meter.Id map(Meter.Id id) {
        if (id.getDescription() != null && !id.getDescription().isBlank()) {
            return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
                help(id.getName()), id.getType());
    }

    /** The HELP of a meter without a description: JOSDK's by name, or one that names the meter. */
    static String help(String name) {
        String best = null;
        for (String start : JOSDK.keySet()) {
            if (name.startsWith(start) && (best == null || start.length() > best.length())) {
                best = start;
            }
        }
        return best != null ? JOSDK.get(best) : "Meter " + name + " (registered without a description)";
    }
}
