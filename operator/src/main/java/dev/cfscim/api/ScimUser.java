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
 * A person who may be a member of Cloudflare accounts: a member of each ScimApp that assigns it.
 *
 * <p>No {@code initStatus()}: JOSDK's patchStatus does not work with it; status starts null.
 */
@JsonClassDescription("A person who may be a member of the Cloudflare accounts of this namespace's ScimApps. Deleting "
        + "it deprovisions the member (a finalizer holds it until then).")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("suser")
@AdditionalPrinterColumn(name = "UserName", type = Type.STRING, jsonPath = ".spec.userName")
@AdditionalPrinterColumn(name = "Active", type = Type.BOOLEAN, jsonPath = ".spec.active")
@AdditionalPrinterColumn(name = "Blocked", type = Type.STRING, jsonPath = ApiGroup.DEPROVISION_BLOCKED_STATUS)
public class ScimUser extends CustomResource<ScimUserSpec, ScimUserStatus> implements Namespaced {
    public static final String KIND = "ScimUser";
}
