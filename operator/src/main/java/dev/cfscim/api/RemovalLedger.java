package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * The removals of one kind (deprovisions, role removals) made in the recent window, so that a rate
 * limit holds across reconciles and restarts. Removals are counted per time slot (a sixtieth of the
 * window), never per user: at most about 60 slots, whatever the account's size.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"inWindow", "slots", "allowance"})
public record RemovalLedger(
        @JsonPropertyDescription("How many the window held when last counted.") Integer inWindow,
        @JsonPropertyDescription("Removals per time slot, oldest first; a slot leaves the window one window after its time.")
        List<Slot> slots,
        @JsonPropertyDescription("The one-off allowance the ScimApp's annotation gives, and how much of it is used; "
                + "kept while the annotation stays, so a used allowance lets nothing more through.")
        Allowance allowance) {

    /**
     * The allowance an annotation gave ({@code granted}) and how many removals it paid for. A new
     * value of the annotation is a new allowance; the same value is the same one, used or not.
     */
    @JsonPropertyOrder({"granted", "used"})
    public record Allowance(
            @Required @JsonPropertyDescription("The annotation's value: removals allowed once on top of the limit.")
            int granted,
            @Required @JsonPropertyDescription("How many of them were made.") int used) {
    }

    /** The removals of one time slot: {@code at} is the slot's end, RFC 3339. */
    @JsonPropertyOrder({"at", "count"})
    public record Slot(
            @Required @JsonPropertyDescription("RFC 3339: the end of the time slot.") String at,
            @Required @JsonPropertyDescription("Removals made in the slot.") int count) {
    }
}
