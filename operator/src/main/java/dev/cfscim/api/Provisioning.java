package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.NoArgsConstructor;
import lombok.Setter;

/** Which kinds of user writes the operator may make, like an IdP's provisioning switches. */
@Getter
@Setter
@NoArgsConstructor
@AllArgsConstructor
public class Provisioning {
    @Default("true")
    @JsonPropertyDescription("Provision assigned users that the account lacks.")
    private boolean createUsers = true;

    @Default("true")
    @JsonPropertyDescription("Update the name and userName of provisioned users.")
    private boolean updateUsers = true;

    @Default("true")
    @JsonPropertyDescription("Deactivate (remove from the account) users that are no longer assigned.")
    private boolean deactivateUsers = true;
}
