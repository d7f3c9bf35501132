package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
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
@ShortNames("sgroup")
@AdditionalPrinterColumn(name = "DisplayName", type = Type.STRING, jsonPath = ".spec.displayName")
public class ScimGroup extends CustomResource<ScimGroupSpec, ScimGroupStatus> implements Namespaced {
    public static final String KIND = "ScimGroup";
}
