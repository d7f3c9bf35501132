package dev.cfscim.emulator;

import java.time.Instant;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * How a member comes and goes: seeded outside SCIM, provisioned, replaced, patched, deprovisioned
 * by SCIM or by hand, with Cloudflare's rules (userName is the primary email; the only Super
 * Administrator is never deprovisioned). Stateless; guarded by its account's lock.
 */
record MemberLifecycle(String accountId, Roles roles, LastSuperAdminMode lastSuperAdmin,
                       DeprovisionedUsers deprovisioned, Members members, Memberships memberships, RoleGrants grants) {

    /** Loose on purpose: Cloudflare checks that userName is an email, not RFC 5322 in full. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /**
     * Adds (or gives roles to) a member outside SCIM: {@code directRoles} assigned as roles,
     * {@code policyOnlyRoles} through the member's own allow policies on the account alone.
     */
    Member seed(String userName, Collection<String> directRoles, Collection<String> policyOnlyRoles) {
        if (userName == null || !EMAIL.matcher(userName).matches()) {
            throw Rejection.invalidValue("userName must be an email address, got '" + userName + "'");
        }
        for (String role : RoleGrants.union(directRoles, policyOnlyRoles)) {
            if (!roles.exists(role)) {
                throw Rejection.invalidValue("unknown account-scoped role '" + role + "'");
            }
        }
        Member member = members.named(userName);
        if (member == null) {
            member = members.admit(userName, "seeded", Instant.now());
        } else if (!member.active) {
            member.active = true;
        }
        member.directRoles.addAll(directRoles);
        member.policyOnlyRoles.addAll(policyOnlyRoles);
        return member;
    }

    Member create(UserFields fields) {
        checkIdentity(fields);
        if (Boolean.FALSE.equals(fields.active())) {
            throw Rejection.invalidValue("active must be true when a user is provisioned");
        }
        if (members.named(fields.userName()) != null) {
            throw Rejection.uniqueness("a user with userName '" + fields.userName() + "' already exists");
        }
        Member member = members.admit(fields.userName(), "scim", Instant.now());
        member.givenName = fields.givenName();
        member.familyName = fields.familyName();
        member.externalId = fields.externalId();
        return member;
    }

    Member replace(String userId, UserFields fields) {
        Member member = members.get(userId);
        checkIdentity(fields);
        members.rename(member, fields.userName());
        member.givenName = fields.givenName();
        member.familyName = fields.familyName();
        member.externalId = fields.externalId();
        member.lastModified = Instant.now();
        if (fields.active() != null) {
            setActive(member, fields.active());
        }
        return member;
    }

    Member patch(String userId, UserChange change) {
        Member member = members.get(userId);
        change.userName().ifPresent(name -> {
            checkEmail(name);
            members.rename(member, name);
        });
        change.givenName().ifPresent(v -> member.givenName = v);
        change.familyName().ifPresent(v -> member.familyName = v);
        member.lastModified = Instant.now();
        change.active().ifPresent(active -> setActive(member, active));
        return member;
    }

    void delete(String userId) {
        Member member = members.get(userId);
        if (!member.active) {
            return;
        }
        // Like a PATCH, a DELETE of the only Super Administrator is refused in the configured form:
        // silently (204, the member stays) or with an error.
        deprovision(member);
    }

    /** Someone removes the member in the dashboard, outside SCIM: as a deprovision, with no request counted. */
    void removeByHand(String userName) {
        Member member = members.named(userName);
        if (member == null || !member.active) {
            throw Rejection.notFound("member " + userName);
        }
        deprovision(member);
    }

    private void setActive(Member member, boolean active) {
        if (active && !member.active) {
            member.active = true;
        } else if (!active && member.active) {
            deprovision(member);
        }
    }

    /**
     * Removes the member from the account, unless it is the account's only Super Administrator:
     * Cloudflare never deprovisions that one, and answers either as if it had (SILENT) or with an
     * error (ERROR).
     */
    private void deprovision(Member member) {
        if (grants.isOnlySuperAdministrator(member)) {
            if (lastSuperAdmin == LastSuperAdminMode.ERROR) {
                throw Rejection.mutability(member.userName + " is the only Super Administrator of account "
                        + accountId + " and cannot be deprovisioned");
            }
            return;
        }
        memberships.leaveAll(member);
        member.directRoles.clear();
        member.policyOnlyRoles.clear();
        member.active = false;
        member.lastModified = Instant.now();
        if (deprovisioned == DeprovisionedUsers.NOT_FOUND) {
            members.forget(member);
        }
    }

    private static void checkIdentity(UserFields fields) {
        checkEmail(fields.userName());
        if (fields.primaryEmail() == null) {
            throw Rejection.invalidValue("emails must hold a primary work email equal to userName");
        }
        if (!fields.primaryEmail().equals(fields.userName())) {
            throw Rejection.invalidValue("userName '" + fields.userName()
                    + "' must equal the primary email '" + fields.primaryEmail() + "'");
        }
    }

    private static void checkEmail(String userName) {
        if (userName == null || userName.isBlank()) {
            throw Rejection.invalidValue("userName is required");
        }
        if (!EMAIL.matcher(userName).matches()) {
            throw Rejection.invalidValue("userName must be an email address, got '" + userName + "'");
        }
    }
}
