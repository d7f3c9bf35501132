package dev.cfscim.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Condition types and reasons, all in one place so that status, events, the command line and
 * Argo CD health checks agree on the spelling; and the merge rule for lastTransitionTime.
 */
public final class Conditions {
    private Conditions() {}

    /** Condition types. */
    public static final class Type {
        /** The summary: everything this resource asks for holds in Cloudflare. */
        public static final String READY = "Ready";
        /** The last reconcile reached Cloudflare and finished (Crossplane's sense). */
        public static final String SYNCED = "Synced";
        /** Cloudflare differs from what is declared; the message counts the plan. */
        public static final String DRIFTED = "Drifted";
        /** A deprovision, or the removal of a role, is held back by a safety rail. */
        public static final String DEPROVISION_BLOCKED = "DeprovisionBlocked";
        /**
         * Another ScimApp calls the same Cloudflare account: each writes only what it created or
         * adopted (see {@link Reason#OWNED_ELSEWHERE}); True names the others.
         */
        public static final String ACCOUNT_SHARED = "AccountShared";

        private Type() {}
    }

    /** Condition reasons: CamelCase, one word each. */
    public static final class Reason {
        // Synced
        public static final String RECONCILE_SUCCESS = "ReconcileSuccess";
        public static final String RECONCILE_ERROR = "ReconcileError";
        /** managementPolicy: Observe; plans only. */
        public static final String RECONCILE_PAUSED = "ReconcilePaused";
        public static final String INVALID_CREDENTIALS = "InvalidCredentials";
        public static final String UNREACHABLE = "Unreachable";
        public static final String RATE_LIMITED = "RateLimited";
        /** The token's request budget is spent for longer than a reconcile waits: retried when a request fits. */
        public static final String REQUEST_BUDGET_EXHAUSTED = "RequestBudgetExhausted";
        /** The spec is invalid in a way no retry can fix (see the validator's messages). */
        public static final String INVALID_SPEC = "InvalidSpec";
        public static final String SECRET_NOT_FOUND = "SecretNotFound";
        /** groupMode VirtualGroups on an account that has none of Cloudflare's retired CF-... groups. */
        public static final String VIRTUAL_GROUPS_UNAVAILABLE = "VirtualGroupsUnavailable";
        /** spec.endpoint's host is not in the operator's --allowed-endpoint-hosts: its token is never sent there. */
        public static final String ENDPOINT_NOT_ALLOWED = "EndpointNotAllowed";

        // DeprovisionBlocked, and the reasons of changes held by a safety rail
        public static final String LAST_SUPER_ADMINISTRATOR = "LastSuperAdministrator";
        public static final String DEPROVISION_LIMIT_EXCEEDED = "DeprovisionLimitExceeded";
        /**
         * A reference in the declaration names a ScimUser or ScimGroup that does not exist: what
         * depends on it (deprovisions, role removals) is held rather than shrunk to what is left.
         */
        public static final String MISSING_REFERENCE = "MissingReference";
        public static final String NOT_BLOCKED = "NotBlocked";
        /** More role memberships removed than roleRemovalLimit allows per roleRemovalWindow. */
        public static final String ROLE_REMOVAL_LIMIT_EXCEEDED = "RoleRemovalLimitExceeded";
        /**
         * The removal ledger (a ConfigMap in the operator's namespace) could not be read or written:
         * removals are counted there before they are sent, so none is sent until it can be.
         */
        public static final String LEDGER_UNAVAILABLE = "LedgerUnavailable";

        // Changes held by a policy rather than a rail (Warning events, the plan's held lines)
        /** managementPolicy: Observe holds every change. */
        public static final String MANAGEMENT_POLICY_OBSERVE = "ManagementPolicyObserve";
        /** driftPolicy: Report holds what only undoes a hand edit. */
        public static final String DRIFT_REPORTED = "DriftReported";
        /** A {@code provisioning} switch turns that kind of change off. */
        public static final String PROVISIONING_DISABLED = "ProvisioningDisabled";
        /** Migration: a virtual role group keeps a member until a user group grants the role. */
        public static final String ROLE_NOT_YET_GRANTED = "RoleNotYetGranted";
        /** Event: a change Cloudflare refused or that failed. */
        public static final String CHANGE_FAILED = "ChangeFailed";
        /**
         * Event: a deletionPolicy: Deprovision app was deleted but could not deprovision (its Secret is
         * gone, its endpoint is not allowed, Cloudflare stayed unreachable): its members were left in Cloudflare.
         */
        public static final String DEPROVISION_SKIPPED = "DeprovisionSkipped";

        // AccountShared
        /** Other ScimApps (named in the message) call the same account. */
        public static final String SHARED_WITH_OTHER_APPS = "SharedWithOtherApps";
        /** No other ScimApp the operator watches calls the account. */
        public static final String NOT_SHARED = "NotShared";

        // Drifted
        public static final String NO_DRIFT = "NoDrift";
        public static final String DRIFT_DETECTED = "DriftDetected";

        // Ready, per kind
        public static final String PROVISIONED = "Provisioned";
        /** Declared inactive and not a member: what was asked. */
        public static final String DEPROVISIONED = "Deprovisioned";
        public static final String PENDING = "Pending";
        public static final String NOT_ASSIGNED = "NotAssigned";
        public static final String UNKNOWN_ROLE = "UnknownRole";
        public static final String DOMAIN_SCOPED_ROLE = "DomainScopedRole";
        public static final String MEMBERS_NOT_ASSIGNED = "MembersNotAssigned";
        /** UserGroups mode: the bound ScimGroup's displayName begins with CF, which Cloudflare refuses. */
        public static final String RESERVED_GROUP_NAME = "ReservedGroupName";
        public static final String UNKNOWN_MEMBERS = "UnknownMembers";
        /** The first reconcile has not finished: conditions are written Unknown on the first visit. */
        public static final String RECONCILING = "Reconciling";
        /** A ScimUser's userName mixes scripts or holds look-alike characters: refused, never provisioned. */
        public static final String CONFUSABLE_USER_NAME = "ConfusableUserName";
        /**
         * A ScimUser's userName is no email address Cloudflare takes (empty, longer than 254
         * characters, a control character, no {@code @} and domain): refused, never provisioned.
         */
        public static final String INVALID_USER_NAME = "InvalidUserName";
        /**
         * A member or user group another owner's externalId marks: another ScimApp's is never
         * written by this one, whatever this one declares (a plan warning, an event, the ScimUser's
         * Ready); under {@code unmanagedUsers: Deprovision}, undeclared members another tool (an IdP)
         * claims are left alone too.
         */
        public static final String OWNED_ELSEWHERE = "OwnedElsewhere";
        /**
         * A member this app created or adopted that no ScimUser declares any more, seen so by one
         * scan: deprovisioned when the next scan still finds it so (a ScimUser on its way has time to arrive).
         */
        public static final String AWAITING_NEXT_SCAN = "AwaitingNextScan";
        /** Two live ScimUsers declare one userName (ignoring case): that user's changes are held. */
        public static final String DUPLICATE_USER_NAME = "DuplicateUserName";

        private Reason() {}

        /**
         * Whether a problem with this reason refuses a ScimUser for its userName ({@code UserNameRules}):
         * never provisioned, and its member, if one exists, left alone as a declared one is.
         */
        public static boolean refusesUserName(String reason) {
            return CONFUSABLE_USER_NAME.equals(reason) || INVALID_USER_NAME.equals(reason);
        }

        /**
         * Whether a hold with this reason is a safety rail's (the deprovision is blocked until the
         * account or the declaration changes) rather than a policy's: the one place that says so.
         */
        public static boolean isSafetyRail(String reason) {
            return LAST_SUPER_ADMINISTRATOR.equals(reason) || DEPROVISION_LIMIT_EXCEEDED.equals(reason)
                    || ROLE_REMOVAL_LIMIT_EXCEEDED.equals(reason) || MISSING_REFERENCE.equals(reason)
                    || LEDGER_UNAVAILABLE.equals(reason);
        }
    }

    /** The condition of {@code type}, if present. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> c != null && type.equals(c.type())).findFirst();
    }

    /**
     * A new list with {@code next} in place of the condition of the same type (appended when absent).
     * When the status does not change, the previous lastTransitionTime is kept, as the API conventions
     * ask; when it does (or there was none), {@code next}'s time is used. The input is not modified.
     */
    public static List<Condition> merge(List<Condition> current, Condition next) {
        List<Condition> merged = new ArrayList<>();
        boolean replaced = false;
        for (Condition existing : current == null ? List.<Condition>of() : current) {
            if (existing.type().equals(next.type())) {
                boolean sameStatus = existing.status().equals(next.status()) && existing.lastTransitionTime() != null;
                merged.add(sameStatus ? next.withLastTransitionTime(existing.lastTransitionTime()) : next);
                replaced = true;
            } else {
                merged.add(existing);
            }
        }
        if (!replaced) {
            merged.add(next);
        }
        return merged;
    }
}
