package dev.cfscim.api;

/**
 * The API group and version of every custom resource here. Annotation values must be compile-time
 * constants, so they live in one class that both the resources and the loader read.
 */
public final class ApiGroup {
    public static final String GROUP = "scim.cfscim.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** `kubectl get cfscim` lists every kind of this operator. */
    public static final String CATEGORY = "cfscim";

    /**
     * On each resource class: {@code spec} is required. The generator cannot mark an inherited field
     * required, so it is a CEL rule at the root of the schema.
     */
    public static final String SPEC_REQUIRED_RULE = "has(self.spec)";
    public static final String SPEC_REQUIRED_MESSAGE = "spec is required";

    /*
     * Printer columns: fabric8's CRD generator (7.5.2) sorts the @AdditionalPrinterColumn annotations by
     * jsonPath; the build's CrdFinisher puts them back in the order the class declares them, which is
     * the order users know from cert-manager and Crossplane: READY (and SYNCED) first, AGE last.
     */

    /** The jsonPaths of the printer columns that read conditions, the same on every kind that shows them. */
    public static final String READY_STATUS = ".status.conditions[?(@.type==\"" + Conditions.Type.READY + "\")].status";
    public static final String READY_REASON = ".status.conditions[?(@.type==\"" + Conditions.Type.READY + "\")].reason";
    public static final String SYNCED_STATUS = ".status.conditions[?(@.type==\"" + Conditions.Type.SYNCED + "\")].status";
    public static final String DRIFTED_STATUS = ".status.conditions[?(@.type==\"" + Conditions.Type.DRIFTED + "\")].status";
    public static final String DEPROVISION_BLOCKED_STATUS =
            ".status.conditions[?(@.type==\"" + Conditions.Type.DEPROVISION_BLOCKED + "\")].status";

    private ApiGroup() {}
}
