package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.AllArgsConstructor;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.NoArgsConstructor;
import lombok.Setter;

/**
 * The pushed group: one ScimGroup bound to one Cloudflare role in one ScimApp. Members get the role
 * only where the app also assigns them.
 */
@JsonClassDescription("Which ScimApp, which ScimGroup, and the role (an account-scoped Cloudflare role, as the "
        + "dashboard names it).")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"appRef", "groupRef", "role"})
@Getter
@Setter
@EqualsAndHashCode
@NoArgsConstructor
@AllArgsConstructor
public class GroupRoleBindingSpec {
    /**
     * CEL, on role: not one of the domain-scoped roles of cloudflare-roles.txt (the list is spelled out
     * because annotation values are constants; CrdSchemaTest checks it against {@link RoleCatalog}).
     * Other names, typos included, are the operator's to report (UnknownRole): the live account decides.
     */
    public static final String NOT_DOMAIN_SCOPED_RULE = "!(self in ["
            + "'Bot Management', 'Cache Domain Purge', 'Domain Administrator', "
            + "'Domain Administrator Read Only', 'Domain API Gateway', "
            + "'Domain API Gateway Read', 'Domain DNS', 'Domain Page Shield', "
            + "'Domain Page Shield Read', 'Domain Waiting Room Admin', "
            + "'Domain Waiting Room Read', 'Zone Versioning', 'Zone Versioning Read'"
            + "])";
    public static final String NOT_DOMAIN_SCOPED_MESSAGE = "is a domain-scoped Cloudflare role: SCIM provisions only "
            + "account-scoped roles (grant domain-scoped roles in the Cloudflare dashboard)";
    /** Names of Kubernetes objects are at most 253 characters. */
    static final int MAX_NAME_LENGTH = 253;
    /** Bounds the CEL cost estimate; Cloudflare's longest role name has 60 characters. */
    static final int MAX_ROLE_LENGTH = 256;

    @Required
    @Size(min = 1, max = MAX_NAME_LENGTH)
    @JsonPropertyDescription("The ScimApp's name, in this namespace.")
    private String appRef;

    @Required
    @Size(min = 1, max = MAX_NAME_LENGTH)
    @JsonPropertyDescription("The ScimGroup's name, in this namespace.")
    private String groupRef;

    @Required
    @Size(min = 1, max = MAX_ROLE_LENGTH)
    @ValidationRule(value = NOT_DOMAIN_SCOPED_RULE, message = NOT_DOMAIN_SCOPED_MESSAGE)
    @JsonPropertyDescription("An account-scoped Cloudflare role, spelled exactly, such as Administrator Read Only.")
    private String role;
}
