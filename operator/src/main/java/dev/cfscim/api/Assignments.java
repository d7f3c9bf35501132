package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.NoArgsConstructor;
import lombok.Setter;

/**
 * Which ScimUsers are members of the account: the union of the named users, the members of the
 * named groups, and the users the selector matches. A missing selector selects nobody; an empty
 * selector ({@code {}}) selects every ScimUser in the namespace, as in Kubernetes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@NoArgsConstructor
@AllArgsConstructor
public class Assignments {
    @JsonPropertyDescription("ScimUser names, in the ScimApp's namespace.")
    private List<String> users = new ArrayList<>();

    @JsonPropertyDescription("ScimGroup names, in the ScimApp's namespace, whose members are assigned.")
    private List<String> groups = new ArrayList<>();

    @JsonPropertyDescription("Assigns the ScimUsers whose labels match. An empty selector matches every ScimUser.")
    private LabelSelector userSelector;
}
