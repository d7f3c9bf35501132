package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.NoArgsConstructor;
import lombok.Setter;

/** The key of a Secret, in the ScimApp's namespace, that holds the Cloudflare API token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@NoArgsConstructor
@AllArgsConstructor
public class TokenSecretRef {
    public static final String DEFAULT_KEY = "token";
    /**
     * The label a token Secret must carry ({@value #LABEL}={@value #LABEL_VALUE}): the operator lists,
     * caches and reads no other Secret, so a ScimApp cannot have it read any Secret of its namespace.
     */
    public static final String LABEL = "scim.cfscim.dev/token";
    public static final String LABEL_VALUE = "true";

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Name of the Secret in the ScimApp's namespace.")
    private String name;

    @Default(DEFAULT_KEY)
    @Size(min = 1)
    @JsonPropertyDescription("Key in the Secret's data that holds the token.")
    private String key = DEFAULT_KEY;
}
