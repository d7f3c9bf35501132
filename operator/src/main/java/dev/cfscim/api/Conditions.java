package dev.cfscim.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Condition reasons (also those of held changes, plan problems and Warning events), each with
     * its polarity and whether it is a safety rail's. Written as CamelCase, one word each
     * ({@link #toString()}, the constant's own name): conditions and events carry that string, and
     * what is read back from a cluster goes through {@link #of(String)}.
     */
    public enum Reason {
        // Synced
        RECONCILE_SUCCESS(Polarity.NORMAL),
        RECONCILE_ERROR(Polarity.ABNORMAL),
        /**
         * managementPolicy: Observe; plans only. Synced True, unlike Crossplane's ReconcilePaused
         * (Synced False), which marks the crossplane.io/paused annotation, under which nothing is
         * read: Observe here reads Cloudflare and plans every time, as Crossplane's
         * {@code managementPolicies: [Observe]} does, which Crossplane reports Synced True.
         */
        RECONCILE_PAUSED(Polarity.NORMAL),
        INVALID_CREDENTIALS(Polarity.ABNORMAL),
        UNREACHABLE(Polarity.ABNORMAL),
        RATE_LIMITED(Polarity.ABNORMAL),
        /** The token's request budget is spent for longer than a reconcile waits: retried when a request fits. */
        REQUEST_BUDGET_EXHAUSTED(Polarity.ABNORMAL),
        /** The spec is invalid in a way no retry can fix (see the validator's messages). */
        INVALID_SPEC(Polarity.ABNORMAL),
        SECRET_NOT_FOUND(Polarity.ABNORMAL),
        /** groupMode VirtualGroups on an account that has none of Cloudflare's retired CF-... groups. */
        VIRTUAL_GROUPS_UNAVAILABLE(Polarity.ABNORMAL),
        /** spec.endpoint's host is not in the operator's --allowed-endpoint-hosts: its token is never sent there. */
        ENDPOINT_NOT_ALLOWED(Polarity.ABNORMAL),

        // DeprovisionBlocked, and the reasons of changes held by a safety rail
        LAST_SUPER_ADMINISTRATOR(Polarity.ABNORMAL, Trait.SAFETY_RAIL),
        DEPROVISION_LIMIT_EXCEEDED(Polarity.ABNORMAL, Trait.SAFETY_RAIL),
        /**
         * A reference in the declaration names a ScimUser or ScimGroup that does not exist: what
         * depends on it (deprovisions, role removals) is held rather than shrunk to what is left.
         */
        MISSING_REFERENCE(Polarity.ABNORMAL, Trait.SAFETY_RAIL),
        NOT_BLOCKED(Polarity.NORMAL),
        /** More role memberships removed than roleRemovalLimit allows per roleRemovalWindow. */
        ROLE_REMOVAL_LIMIT_EXCEEDED(Polarity.ABNORMAL, Trait.SAFETY_RAIL),
        /**
         * The removal ledger (a ConfigMap in the operator's namespace) could not be read or written:
         * removals are counted there before they are sent, so none is sent until it can be.
         */
        LEDGER_UNAVAILABLE(Polarity.ABNORMAL, Trait.SAFETY_RAIL),

        // Changes held by a policy rather than a rail (Warning events, the plan's held lines)
        /** managementPolicy: Observe holds every change. */
        MANAGEMENT_POLICY_OBSERVE(Polarity.ABNORMAL),
        /** driftPolicy: Report holds what only undoes a hand edit. */
        DRIFT_REPORTED(Polarity.ABNORMAL),
        /** A {@code provisioning} switch turns that kind of change off. */
        PROVISIONING_DISABLED(Polarity.ABNORMAL),
        /** Migration: a virtual role group keeps a member until a user group grants the role. */
        ROLE_NOT_YET_GRANTED(Polarity.ABNORMAL),
        /** Event: a change Cloudflare refused or that failed. */
        CHANGE_FAILED(Polarity.ABNORMAL),
        /**
         * Event: a deletionPolicy: Deprovision app was deleted but could not deprovision (its Secret is
         * gone, its endpoint is not allowed, Cloudflare stayed unreachable): its members were left in Cloudflare.
         */
        DEPROVISION_SKIPPED(Polarity.ABNORMAL),

        // AccountShared
        /** Other ScimApps (named in the message) call the same account. */
        SHARED_WITH_OTHER_APPS(Polarity.ABNORMAL),
        /** No other ScimApp the operator watches calls the account. */
        NOT_SHARED(Polarity.NORMAL),

        // Drifted
        NO_DRIFT(Polarity.NORMAL),
        DRIFT_DETECTED(Polarity.ABNORMAL),

        // Ready, per kind
        PROVISIONED(Polarity.NORMAL),
        /** Declared inactive and not a member: what was asked. */
        DEPROVISIONED(Polarity.NORMAL),
        PENDING(Polarity.ABNORMAL),
        NOT_ASSIGNED(Polarity.NORMAL),
        UNKNOWN_ROLE(Polarity.ABNORMAL),
        DOMAIN_SCOPED_ROLE(Polarity.ABNORMAL),
        MEMBERS_NOT_ASSIGNED(Polarity.ABNORMAL),
        /** UserGroups mode: the bound ScimGroup's displayName begins with CF, which Cloudflare refuses. */
        RESERVED_GROUP_NAME(Polarity.ABNORMAL),
        UNKNOWN_MEMBERS(Polarity.ABNORMAL),
        /** The first reconcile has not finished: conditions are written Unknown on the first visit. */
        RECONCILING(Polarity.ABNORMAL),
        /** A ScimUser's userName mixes scripts or holds look-alike characters: refused, never provisioned. */
        CONFUSABLE_USER_NAME(Polarity.ABNORMAL, Trait.REFUSES_USER_NAME),
        /**
         * A ScimUser's userName is no email address Cloudflare takes (empty, longer than 254
         * characters, a control character, no {@code @} and domain): refused, never provisioned.
         */
        INVALID_USER_NAME(Polarity.ABNORMAL, Trait.REFUSES_USER_NAME),
        /**
         * A member or user group another owner's externalId marks: another ScimApp's is never
         * written by this one, whatever this one declares (a plan warning, an event, the ScimUser's
         * Ready); under {@code unmanagedUsers: Deprovision}, undeclared members another tool (an IdP)
         * claims are left alone too.
         */
        OWNED_ELSEWHERE(Polarity.ABNORMAL),
        /**
         * A member this app created or adopted that no ScimUser declares any more, seen so by one
         * scan: deprovisioned when the next scan still finds it so (a ScimUser on its way has time to arrive).
         */
        AWAITING_NEXT_SCAN(Polarity.ABNORMAL),
        /** Two live ScimUsers declare one userName (ignoring case): that user's changes are held. */
        DUPLICATE_USER_NAME(Polarity.ABNORMAL);

        /** Whether a reason reports the state a resource should be in. */
        public enum Polarity {
            /** Ready and Synced True; Drifted, DeprovisionBlocked and AccountShared (True is abnormal) False. */
            NORMAL,
            /** Ready and Synced False; Drifted, DeprovisionBlocked and AccountShared True. */
            ABNORMAL
        }

        /** What else a reason says about what carries it. */
        private enum Trait { SAFETY_RAIL, REFUSES_USER_NAME }

        private final Polarity polarity;
        private final Set<Trait> traits;
        private final String camelCase;

        Reason(Polarity polarity, Trait... traits) {
            this.polarity = polarity;
            this.traits = traits.length == 0 ? EnumSet.noneOf(Trait.class) : EnumSet.copyOf(List.of(traits));
            StringBuilder camel = new StringBuilder();
            for (String word : name().split("_")) {
                camel.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
            this.camelCase = camel.toString();
        }

        public Polarity polarity() {
            return polarity;
        }

        /**
         * The status a condition of {@code type} with this reason has: Ready and Synced are True in
         * the normal state, the other types (Drifted, DeprovisionBlocked, AccountShared) are True in
         * the abnormal one.
         */
        public String statusIn(String type) {
            boolean trueWhenNormal = Type.READY.equals(type) || Type.SYNCED.equals(type);
            return Condition.statusOf((polarity == Polarity.NORMAL) == trueWhenNormal);
        }

        /**
         * Whether a hold with this reason is a safety rail's (the deprovision is blocked until the
         * account or the declaration changes) rather than a policy's: the one place that says so.
         */
        public boolean isSafetyRail() {
            return traits.contains(Trait.SAFETY_RAIL);
        }

        /**
         * Whether a problem with this reason refuses a ScimUser for its userName ({@code UserNameRules}):
         * never provisioned, and its member, if one exists, left alone as a declared one is.
         */
        public boolean refusesUserName() {
            return traits.contains(Trait.REFUSES_USER_NAME);
        }

        /** As conditions and events spell it: {@code ReconcileSuccess}. */
        @Override
        public String toString() {
            return camelCase;
        }

        /** The reason a condition read back carries, if this operator knows it. */
        public static Optional<Reason> of(String camelCase) {
            return Arrays.stream(values()).filter(r -> r.camelCase.equals(camelCase)).findFirst();
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
