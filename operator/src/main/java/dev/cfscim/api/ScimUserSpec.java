package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.Setter;

/** A person who may be a member of Cloudflare accounts. */
@JsonClassDescription("The user as SCIM provisions it: userName (the login email), name, externalId, and whether the "
        + "user is active.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"userName", "name", "externalId", "active", "allowConfusableUserName"})
@Getter
@Setter
@EqualsAndHashCode
public class ScimUserSpec {
    /**
     * Deliberately loose (one {@code @}, a dot in the domain, no spaces or control characters):
     * Cloudflare decides what it accepts, and this only catches what is plainly not an address.
     * Valid as Java and Go RE2 ({@code \p{Cc}} is Unicode's control category in both). The rules
     * in full, with their messages: {@link UserNameRules}.
     */
    public static final String EMAIL_PATTERN = "^[^@\\s\\p{Cc}]+@[^@\\s\\p{Cc}]+\\.[^@\\s\\p{Cc}]+$";

    @Required
    @Pattern(EMAIL_PATTERN)
    @Size(max = UserNameRules.MAX_LENGTH)
    @JsonPropertyDescription("The email address, at most 254 characters; Cloudflare's userName and primary email.")
    private String userName;

    @JsonPropertyDescription("Given and family name.")
    private PersonName name;

    @JsonPropertyDescription("Stored by Cloudflare and returned, never interpreted.")
    private String externalId;

    @Default("true")
    @JsonPropertyDescription("false removes the user from every account that assigns it.")
    private boolean active = true;

    @JsonPropertyDescription("true accepts a userName that mixes scripts or holds look-alike characters (a Cyrillic "
            + "'а' among Latin letters), which is otherwise refused.")
    private Boolean allowConfusableUserName;

    public ScimUserSpec() {}

    public ScimUserSpec(String userName, PersonName name, String externalId, boolean active) {
        this.userName = userName;
        this.name = name;
        this.externalId = externalId;
        this.active = active;
    }
}
