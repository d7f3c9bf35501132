package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.AllArgsConstructor;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.NoArgsConstructor;
import lombok.Setter;

/** SCIM's {@code name}: the parts Cloudflare stores. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@EqualsAndHashCode
@NoArgsConstructor
@AllArgsConstructor
public class PersonName {
    @JsonPropertyDescription("The given (first) name, as the Cloudflare dashboard shows it.")
    private String givenName;
    @JsonPropertyDescription("The family (last) name, as the Cloudflare dashboard shows it.")
    private String familyName;
}
