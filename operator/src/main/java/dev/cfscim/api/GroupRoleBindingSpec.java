package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;

/**
 * The pushed group: one ScimGroup bound to one Cloudflare role in one ScimApp. Members get the role
 * only where the app also assigns them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"appRef", "groupRef", "role"})
public class GroupRoleBindingSpec {
    @Required
    @JsonPropertyDescription("The ScimApp's name, in this namespace.")
    private String appRef;

    @Required
    @JsonPropertyDescription("The ScimGroup's name, in this namespace.")
    private String groupRef;

    @Required
    @JsonPropertyDescription("An account-scoped Cloudflare role, spelled exactly, such as Administrator Read Only.")
    private String role;

    public GroupRoleBindingSpec() {}

    public GroupRoleBindingSpec(String appRef, String groupRef, String role) {
        this.appRef = appRef;
        this.groupRef = groupRef;
        this.role = role;
    }

    public String getAppRef() { return appRef; }
    public void setAppRef(String appRef) { this.appRef = appRef; }
    public String getGroupRef() { return groupRef; }
    public void setGroupRef(String groupRef) { this.groupRef = groupRef; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
}
