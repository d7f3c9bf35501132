package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A named set of ScimUsers, which GroupRoleBindings give Cloudflare roles.
 *
 * <p>No {@code initStatus()}: JOSDK's patchStatus does not work with it; status starts null.
 */
@JsonClassDescription("A group of ScimUsers. GroupRoleBindings give its members roles in a ScimApp's account; with "
        + "groupMode UserGroups it is pushed to Cloudflare as a user group of the same name.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("ScimGroup")
@Plural("scimgroups")
@ShortNames("sgroup")
@Categories(ApiGroup.CATEGORY)
@ValidationRule(value = ApiGroup.SPEC_REQUIRED_RULE, message = ApiGroup.SPEC_REQUIRED_MESSAGE)
// The generator writes printer columns sorted by jsonPath, not in this order (see ApiGroup).
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = ApiGroup.READY_STATUS)
@AdditionalPrinterColumn(name = "DisplayName", type = Type.STRING, jsonPath = ".spec.displayName")
@AdditionalPrinterColumn(name = "Reason", type = Type.STRING, priority = 1, jsonPath = ApiGroup.READY_REASON)
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class ScimGroup extends CustomResource<ScimGroupSpec, ScimGroupStatus> implements Namespaced {
    public static final String KIND = "ScimGroup";
}
