package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;
import java.util.Optional;

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
@ShortNames("sapp")
@AdditionalPrinterColumn(name = "Synced", type = Type.STRING, jsonPath = ApiGroup.SYNCED_STATUS)
@AdditionalPrinterColumn(name = "Drifted", type = Type.STRING, jsonPath = ApiGroup.DRIFTED_STATUS)
@AdditionalPrinterColumn(name = "Account", type = Type.STRING, priority = 1, jsonPath = ".spec.accountId")
@AdditionalPrinterColumn(name = "Mode", type = Type.STRING, jsonPath = ".spec.groupMode")
@AdditionalPrinterColumn(name = "Policy", type = Type.STRING, priority = 1, jsonPath = ".spec.managementPolicy")
@AdditionalPrinterColumn(name = "Assigned", type = Type.INTEGER, jsonPath = ".status.assigned")
@AdditionalPrinterColumn(name = "Provisioned", type = Type.INTEGER, jsonPath = ".status.provisioned")
@AdditionalPrinterColumn(name = "Pending", type = Type.INTEGER, jsonPath = ".status.pending")
@AdditionalPrinterColumn(name = "Blocked", type = Type.INTEGER, jsonPath = ".status.blocked")
public class ScimApp extends CustomResource<ScimAppSpec, ScimAppStatus> implements Namespaced {
    public static final String KIND = "ScimApp";

    /** Lets this many deprovisions go once on top of deprovisionLimit (spent once, not per window). */
    public static final String ALLOW_DEPROVISIONS_ANNOTATION = "scim.cfscim.dev/allow-deprovisions";
    /** Lets this many role removals go once on top of roleRemovalLimit (spent once, not per window). */
    public static final String ALLOW_ROLE_REMOVALS_ANNOTATION = "scim.cfscim.dev/allow-role-removals";

    /**
     * The one-off allowance an allow-* annotation gives: 0 when it is absent, empty when its value
     * is not a whole number of 0 or more (the validator refuses the app then).
     */
    public Optional<Integer> allowance(String annotation) {
        Map<String, String> annotations = getMetadata() == null ? null : getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(annotation);
        if (value == null) {
            return Optional.of(0);
        }
        try {
            int allowed = Integer.parseInt(value.trim());
            return allowed < 0 ? Optional.empty() : Optional.of(allowed);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
