package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Getter;
import lombok.Setter;

/** Counts and times only: nothing here grows with the account (the removal ledgers keep a slot per minute, not a user). */
@JsonClassDescription("What the operator last saw and did in the account: conditions (Ready, Synced, Drifted, AccountShared, "
        + "DeprovisionBlocked), member counts, the times of the last scan and sync, and the deprovisions and "
        + "role removals counted against their rate limits. Nothing here grows with the account.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class ScimAppStatus extends ConditionedStatus {
    @JsonPropertyDescription("ScimUsers the assignments select.")
    private Integer assigned;
    @JsonPropertyDescription("Assigned users that are active members of the account.")
    private Integer provisioned;
    @JsonPropertyDescription("Changes planned and not yet applied.")
    private Integer pending;
    @JsonPropertyDescription("Changes held back by a safety rail.")
    private Integer blocked;
    @JsonPropertyDescription("One line: the last plan's summary, such as '2 to create, 1 to update, 0 to deactivate'.")
    private String lastPlan;
    @JsonPropertyDescription("RFC 3339: when the last reconcile finished against Cloudflare.")
    private String lastSyncTime;
    @JsonPropertyDescription("RFC 3339: when the account was last read in full.")
    private String lastScanTime;
    @JsonPropertyDescription("Deprovisions made in the account in the current deprovisionWindow (counted against "
            + "deprovisionLimit): a copy of the account's removal ledger, the ConfigMap cfscim-ledger-<accountId> in the "
            + "operator's namespace, which is the record.")
    private RemovalLedger deprovisions;
    @JsonPropertyDescription("Role memberships removed in the account in the current roleRemovalWindow (counted against "
            + "roleRemovalLimit): a copy of the account's removal ledger, as for deprovisions.")
    private RemovalLedger roleRemovals;
}
