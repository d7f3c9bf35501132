package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.Setter;

/**
 * A set of ScimUsers: the named members plus those the selector matches. A missing selector
 * matches nobody; an empty one ({@code {}}) matches every ScimUser in the namespace.
 */
@JsonClassDescription("The group's name and its members: listed by ScimUser name, chosen by a label selector, or both.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"displayName", "members", "memberSelector"})
@Getter
@Setter
@EqualsAndHashCode
public class ScimGroupSpec {
    /** Cloudflare keeps user-group names beginning with CF for its own groups (Cloudflare's SCIM provisioning docs: such a push is refused). */
    public static final String RESERVED_PREFIX = "CF";

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("The group's name; in UserGroups mode, the Cloudflare user group's name.")
    private String displayName;

    @JsonPropertyDescription("ScimUser names, in the group's namespace.")
    private List<String> members = new ArrayList<>();

    @JsonPropertyDescription("Adds the ScimUsers whose labels match.")
    private LabelSelector memberSelector;

    public ScimGroupSpec() {}

    /**
     * Whether Cloudflare refuses this name for a user group: it begins with CF, in any case, which
     * Cloudflare keeps for its own groups (the retired CF-accountId - Role groups among them).
     */
    public static boolean isReservedName(String displayName) {
        return displayName != null
                && displayName.strip().regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    public ScimGroupSpec(String displayName, List<String> members, LabelSelector memberSelector) {
        this.displayName = displayName;
        this.members = members;
        this.memberSelector = memberSelector;
    }
}
