package dev.cfscim.api;

/**
 * The API group and version of every custom resource here, and what every kind of the group has.
 * Annotation values must be compile-time constants, so they live in one class that both the
 * resources and the loader read. What every kind has (the category, spec required, the READY,
 * REASON and AGE columns) the build's CrdFinisher gives each CRD, so a class declares only its own
 * columns and a new kind cannot miss them.
 */
public final class ApiGroup {
    public static final String GROUP = "scim.cfscim.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** `kubectl get cfscim` lists every kind of this operator. */
    public static final String CATEGORY = "cfscim";

    /**
     * On every kind: {@code spec} is required. The generator cannot mark an inherited field required,
     * so it is a CEL rule at the root of the schema.
     */
    public static final String SPEC_REQUIRED_RULE = "has(self.spec)";
    public static final String SPEC_REQUIRED_MESSAGE = "spec is required";

    /*
     * Printer columns: fabric8's CRD generator (7.5.2) sorts the @AdditionalPrinterColumn annotations by
     * jsonPath; the build's CrdFinisher puts them back in the order the class declares them, between
     * READY, first, and REASON and AGE, last: the order users know from cert-manager and Crossplane.
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
