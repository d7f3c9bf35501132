package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What every status has: the generation it was computed from and its conditions. kstatus and
 * {@code kubectl wait} compare {@code observedGeneration} with {@code metadata.generation}; JOSDK 5
 * does not set it, the controller does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ConditionedStatus {
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready and the other conditions of this resource.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }

    /** Sets {@code condition}, keeping the previous transition time when its status is unchanged. */
    public void putCondition(Condition condition) {
        conditions = Conditions.merge(conditions, condition);
    }
}
