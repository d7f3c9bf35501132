package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;

/** One ScimUser in one ScimApp's account: the remote user id and where it stands. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"app", "remoteId", "state"})
public record AppMembership(
        @Required @JsonPropertyDescription("The ScimApp's name.") String app,
        @JsonPropertyDescription("The SCIM user id in that account, once provisioned.") String remoteId,
        @Required @JsonPropertyDescription("Where the user stands in that account: Pending, Provisioned, Deprovisioned, Blocked (a safety rail holds its deprovision) or OwnedElsewhere (another ScimApp provisioned the member, and this one leaves it alone).")
        MembershipState state) {}
