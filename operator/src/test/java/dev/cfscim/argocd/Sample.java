package dev.cfscim.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A custom resource as Argo CD would hand it to a health check, built for one state. */
final class Sample {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final long generation;
    private ObjectNode status;

    private Sample(String kind, long generation) {
        this.generation = generation;
        root.put("apiVersion", "scim.cfscim.dev/v1alpha1");
        root.put("kind", kind);
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", "acme-prod");
        metadata.put("namespace", "cfscim");
        metadata.put("generation", generation);
        root.putObject("spec");
    }

    static Sample of(String kind) {
        return new Sample(kind, 2);
    }

    Sample spec(String field, String value) {
        ((ObjectNode) root.get("spec")).put(field, value);
        return this;
    }

    Sample deleting() {
        ((ObjectNode) root.get("metadata")).put("deletionTimestamp", "2026-11-28T10:00:00Z");
        ((ObjectNode) root.get("metadata")).putArray("finalizers").add("scim.cfscim.dev/deprovision");
        return this;
    }

    /** A status observed at {@code observedGeneration}, with no condition yet. */
    Sample status(long observedGeneration) {
        status = root.putObject("status");
        status.put("observedGeneration", observedGeneration);
        status.putArray("conditions");
        return this;
    }

    /** A condition computed from the current generation. */
    Sample condition(String type, String value, String reason, String message) {
        return condition(type, value, reason, message, generation);
    }

    Sample condition(String type, String value, String reason, String message, long observedGeneration) {
        if (status == null) {
            status(generation);
        }
        ObjectNode c = ((ArrayNode) status.get("conditions")).addObject();
        c.put("type", type);
        c.put("status", value);
        c.put("reason", reason);
        c.put("message", message);
        c.put("lastTransitionTime", "2026-11-28T09:00:00Z");
        c.put("observedGeneration", observedGeneration);
        return this;
    }

    /** Any other status field, for malformed or partial statuses. */
    Sample statusField(String field, JsonNode value) {
        if (status == null) {
            status = root.putObject("status");
        }
        status.set(field, value);
        return this;
    }

    JsonNode build() {
        return root.deepCopy();
    }

    static ObjectMapper json() {
        return JSON;
    }
}
