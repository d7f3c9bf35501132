package dev.cfscim.api.load;

/** A document of another API (a Namespace, a ConfigMap...) that the loader passed over. */
public record SkippedDocument(Source source, String apiVersion, String kind) {}
