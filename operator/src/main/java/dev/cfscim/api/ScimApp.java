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
 * One Cloudflare account whose members and roles the operator keeps equal to what is declared.
 *
 * <p>No {@code initStatus()}: JOSDK's patchStatus does not work with it; status starts null.
 */
@JsonClassDescription("A SCIM app: one Cloudflare account whose dashboard members and roles the operator keeps equal "
        + "to the ScimUsers, ScimGroups and GroupRoleBindings of this namespace, through Cloudflare's SCIM"
        + " API, like an identity provider's SCIM app.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("ScimApp")
@Plural("scimapps")
@ShortNames("sapp")
@Categories(ApiGroup.CATEGORY)
@ValidationRule(value = ApiGroup.SPEC_REQUIRED_RULE, message = ApiGroup.SPEC_REQUIRED_MESSAGE)
// The generator writes printer columns sorted by jsonPath, not in this order (see ApiGroup).
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = ApiGroup.READY_STATUS)
@AdditionalPrinterColumn(name = "Synced", type = Type.STRING, jsonPath = ApiGroup.SYNCED_STATUS)
@AdditionalPrinterColumn(name = "Drifted", type = Type.STRING, jsonPath = ApiGroup.DRIFTED_STATUS)
@AdditionalPrinterColumn(name = "Account", type = Type.STRING, priority = 1, jsonPath = ".spec.accountId")
@AdditionalPrinterColumn(name = "Mode", type = Type.STRING, jsonPath = ".spec.groupMode")
@AdditionalPrinterColumn(name = "Policy", type = Type.STRING, priority = 1, jsonPath = ".spec.managementPolicy")
@AdditionalPrinterColumn(name = "Assigned", type = Type.INTEGER, jsonPath = ".status.assigned")
@AdditionalPrinterColumn(name = "Provisioned", type = Type.INTEGER, jsonPath = ".status.provisioned")
@AdditionalPrinterColumn(name = "Pending", type = Type.INTEGER, jsonPath = ".status.pending")
@AdditionalPrinterColumn(name = "Blocked", type = Type.INTEGER, jsonPath = ".status.blocked")
@AdditionalPrinterColumn(name = "Reason", type = Type.STRING, priority = 1, jsonPath = ApiGroup.READY_REASON)
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class ScimApp extends CustomResource<ScimAppSpec, ScimAppStatus> implements Namespaced {
    public static final String KIND = "ScimApp";
}
