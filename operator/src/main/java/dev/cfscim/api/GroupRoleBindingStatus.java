package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Getter;
import lombok.Setter;

/** The remote group that carries the role. */
@JsonClassDescription("The remote group that carries the role in Cloudflare, and the binding's conditions.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class GroupRoleBindingStatus extends ConditionedStatus {
    @JsonPropertyDescription("The SCIM group id in Cloudflare.")
    private String remoteGroupId;
    @JsonPropertyDescription("The SCIM group's displayName in Cloudflare.")
    private String remoteGroupName;
}
