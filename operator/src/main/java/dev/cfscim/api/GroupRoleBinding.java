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
 * Gives the members of one ScimGroup one Cloudflare role in one ScimApp's account.
 *
 * <p>No {@code initStatus()}: JOSDK's patchStatus does not work with it; status starts null.
 */
@JsonClassDescription("Gives the members of a ScimGroup one Cloudflare role in a ScimApp's account.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("grb")
@AdditionalPrinterColumn(name = "Synced", type = Type.STRING, jsonPath = ApiGroup.SYNCED_STATUS)
@AdditionalPrinterColumn(name = "App", type = Type.STRING, jsonPath = ".spec.appRef")
@AdditionalPrinterColumn(name = "Group", type = Type.STRING, jsonPath = ".spec.groupRef")
@AdditionalPrinterColumn(name = "Role", type = Type.STRING, jsonPath = ".spec.role")
public class GroupRoleBinding extends CustomResource<GroupRoleBindingSpec, GroupRoleBindingStatus> implements Namespaced {
    public static final String KIND = "GroupRoleBinding";
}
