package dev.cfscim.api;

/**
 * The API group and version of every custom resource here. Annotation values must be compile-time
 * constants, so they live in one class that both the resources and the loader read.
 */
public final class ScimApi {
    public static final String GROUP = "scim.cfscim.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** `kubectl get cfscim` lists every kind of this operator. */
    public static final String CATEGORY = "cfscim";

    private ScimApi() {}
}
