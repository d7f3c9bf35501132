package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.api.Conditions.Type;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * Reasons are typed, yet conditions, events and Argo CD's health scripts read their CamelCase
 * strings: the spelling, the polarity and the safety rails are fixed here.
 */
class ConditionReasonTest {

    @Test
    void eachReasonIsSpelledAsItsConstantInCamelCase() {
        assertThat(Arrays.stream(Reason.values()).map(Reason::toString)).containsExactly(
                "ReconcileSuccess", "ReconcileError", "ReconcilePaused", "InvalidCredentials", "Unreachable",
                "RateLimited", "RequestBudgetExhausted", "InvalidSpec", "SecretNotFound", "VirtualGroupsUnavailable",
                "EndpointNotAllowed", "LastSuperAdministrator", "DeprovisionLimitExceeded", "MissingReference",
                "NotBlocked", "RoleRemovalLimitExceeded", "LedgerUnavailable", "ManagementPolicyObserve",
                "DriftReported", "ProvisioningDisabled", "RoleNotYetGranted", "ChangeFailed", "DeprovisionSkipped",
                "SharedWithOtherApps", "NotShared", "NoDrift", "DriftDetected", "Provisioned", "Deprovisioned",
                "Pending", "NotAssigned", "UnknownRole", "DomainScopedRole", "MembersNotAssigned",
                "ReservedGroupName", "UnknownMembers", "Reconciling", "ConfusableUserName", "InvalidUserName",
                "OwnedElsewhere", "AwaitingNextScan", "DuplicateUserName");
    }

    @Test
    void aStringReadBackIsTheReasonItSpells() {
        for (Reason reason : Reason.values()) {
            assertThat(Reason.of(reason.toString())).hasValue(reason);
        }
        assertThat(Reason.of("SomethingAnOlderOperatorWrote")).isEmpty();
        assertThat(Reason.of(null)).isEmpty();
        Condition read = new Condition(Type.SYNCED, Condition.FALSE, "RateLimited", "m", null, null);
        assertThat(read.knownReason()).hasValue(Reason.RATE_LIMITED);
        assertThat(read.hasReason(Reason.RATE_LIMITED)).isTrue();
        assertThat(read.hasReason(Reason.UNREACHABLE)).isFalse();
    }

    @Test
    void onlyTheNormalStatesMakeReadyAndSyncedTrue() {
        EnumSet<Reason> normal = EnumSet.of(Reason.RECONCILE_SUCCESS, Reason.RECONCILE_PAUSED, Reason.NOT_BLOCKED,
                Reason.NOT_SHARED, Reason.NO_DRIFT, Reason.PROVISIONED, Reason.DEPROVISIONED, Reason.NOT_ASSIGNED);
        for (Reason reason : Reason.values()) {
            boolean isNormal = normal.contains(reason);
            assertThat(reason.polarity()).as(reason.toString())
                    .isEqualTo(isNormal ? Reason.Polarity.NORMAL : Reason.Polarity.ABNORMAL);
            assertThat(reason.statusIn(Type.READY)).as(reason.toString()).isEqualTo(Condition.statusOf(isNormal));
            assertThat(reason.statusIn(Type.SYNCED)).as(reason.toString()).isEqualTo(Condition.statusOf(isNormal));
            // True is the abnormal state of these types.
            assertThat(reason.statusIn(Type.DRIFTED)).as(reason.toString()).isEqualTo(Condition.statusOf(!isNormal));
            assertThat(reason.statusIn(Type.DEPROVISION_BLOCKED)).isEqualTo(Condition.statusOf(!isNormal));
            assertThat(reason.statusIn(Type.ACCOUNT_SHARED)).isEqualTo(Condition.statusOf(!isNormal));
        }
    }

    @Test
    void theSafetyRailsAreTheDeprovisionBlockedReasons() {
        assertThat(Arrays.stream(Reason.values()).filter(Reason::isSafetyRail)).containsExactlyInAnyOrder(
                Reason.LAST_SUPER_ADMINISTRATOR, Reason.DEPROVISION_LIMIT_EXCEEDED, Reason.ROLE_REMOVAL_LIMIT_EXCEEDED,
                Reason.MISSING_REFERENCE, Reason.LEDGER_UNAVAILABLE);
        assertThat(Arrays.stream(Reason.values()).filter(Reason::refusesUserName)).containsExactlyInAnyOrder(
                Reason.CONFUSABLE_USER_NAME, Reason.INVALID_USER_NAME);
    }
}
