package dev.cfscim.emulator.schema;

/**
 * Where Cloudflare's prose accepts more than its schema does: each one listed once, with the
 * sentence of the published schema that says so, and applied only where that sentence applies.
 */
public enum Leniency {

    START_INDEX_BELOW_ONE("query parameter startIndex below 1",
            "startIndex parameter of scim-users-list and scim-groups-list: \"Values less than 1 are treated as 1.\""),
    OP_IN_ANY_CASE("PATCH operation 'op' in any letter case",
            "iam_scim_patch_operation.op (PATCH /Users): \"Matched case-insensitively.\""),
    ERROR_BODY_ON_5XX("SCIM error body on a 5XX answer, which the operations do not declare",
            "iam_scim_error_response: \"Returned on all 4XX and 5XX responses from SCIM endpoints.\"");

    private final String what;
    private final String source;

    Leniency(String what, String source) {
        this.what = what;
        this.source = source;
    }

    public String what() {
        return what;
    }

    public String source() {
        return source;
    }
}
