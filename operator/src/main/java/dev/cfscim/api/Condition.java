package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * One status condition, in the shape of the Kubernetes API conventions. {@code status} is the
 * string "True", "False" or "Unknown", never a boolean: kstatus, Flux and server-side apply expect
 * the string. {@code lastTransitionTime} is RFC 3339 and changes only when {@code status} does (see
 * {@link Conditions#merge}). Types and reasons are in {@link Conditions}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "status", "reason", "message", "lastTransitionTime", "observedGeneration"})
public record Condition(
        @Required @JsonPropertyDescription("CamelCase, such as Ready.") String type,
        @Required @Pattern("^(True|False|Unknown)$") @JsonPropertyDescription("True, False or Unknown.") String status,
        @JsonPropertyDescription("CamelCase, one word.") String reason,
        @JsonPropertyDescription("What a person should know: what happened and what to do.") String message,
        @JsonPropertyDescription("RFC 3339; changes only when status changes.") String lastTransitionTime,
        @JsonPropertyDescription("The metadata.generation this condition was computed from.") Long observedGeneration) {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";
    /** The longest message, as metav1.Condition and so the CRDs bound it (see CrdFinisher). */
    public static final int MESSAGE_MAX_LENGTH = 32768;

    // @JsonIgnore: Jackson would otherwise take these for properties named "true", "false", "unknown".
    @JsonIgnore
    public boolean isTrue() { return TRUE.equals(status); }

    @JsonIgnore
    public boolean isFalse() { return FALSE.equals(status); }

    @JsonIgnore
    public boolean isUnknown() { return UNKNOWN.equals(status); }

    /** Its reason, if this operator knows it: where a reason read back becomes a typed one. */
    @JsonIgnore
    public java.util.Optional<Conditions.Reason> knownReason() {
        return Conditions.Reason.of(reason);
    }

    /** Whether it carries this reason. */
    public boolean hasReason(Conditions.Reason expected) {
        return expected.toString().equals(reason);
    }

    /** The status string for a boolean. */
    public static String statusOf(boolean value) {
        return value ? TRUE : FALSE;
    }

    public Condition withLastTransitionTime(String time) {
        return new Condition(type, status, reason, message, time, observedGeneration);
    }
}
