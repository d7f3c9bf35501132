package dev.cfscim.emulator;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One emulated Cloudflare account, as tests seed and inspect it without going through HTTP. */
public final class EmulatedAccount {

    private final AccountState state;

    EmulatedAccount(AccountState state) {
        this.state = state;
    }

    public String id() {
        return state.id();
    }

    public String token() {
        return state.token();
    }

    public Profile profile() {
        return state.profile();
    }

    /** Adds a member outside SCIM holding the given account-scoped roles; returns its id. */
    public String seedMember(String userName, String... roles) {
        try {
            return state.seedMember(userName, Arrays.asList(roles)).id;
        } catch (Rejection e) {
            throw new IllegalArgumentException(e.detail(), e);
        }
    }

    /**
     * Adds a member outside SCIM holding the given account-scoped roles only through its own allow
     * policies on the account: the v4 members API lists them in its {@code policies}, its
     * {@code roles} stay empty. Returns its id.
     */
    public String seedMemberByPolicy(String userName, String... roles) {
        try {
            return state.seedMember(userName, List.of(), Arrays.asList(roles)).id;
        } catch (Rejection e) {
            throw new IllegalArgumentException(e.detail(), e);
        }
    }

    /**
     * The account's listing ({@code GET /Users} with no filter) leaves this member out, its totals
     * agreeing, until {@link #showInListings}; lookups by id or {@code userName eq} still find it.
     */
    public void hideFromListings(String userName) {
        state.hideFromListings(userName, true);
    }

    public void showInListings(String userName) {
        state.hideFromListings(userName, false);
    }

    /** Someone removes the member in the dashboard: it leaves the account, outside SCIM. */
    public void removeByHand(String userName) {
        try {
            state.removeByHand(userName);
        } catch (Rejection e) {
            throw new IllegalArgumentException(e.detail(), e);
        }
    }

    /**
     * A user group made in the dashboard, outside SCIM (no externalId), with one allow policy of
     * these roles on the whole account; returns its id.
     */
    public String seedUserGroup(String name, String... roles) {
        List<String> permissionGroups = Arrays.stream(roles).map(this::permissionGroupId).toList();
        try {
            return state.createUserGroup(name, List.of(new PolicyInput(null, "allow", permissionGroups,
                    List.of(accountResourceGroupId()), List.of()))).id;
        } catch (Rejection e) {
            throw new IllegalArgumentException(e.detail(), e);
        }
    }

    public List<MemberView> members() {
        return state.memberViews();
    }

    public Optional<MemberView> member(String userName) {
        return members().stream().filter(m -> m.userName().equalsIgnoreCase(userName)).findFirst();
    }

    /** The member's effective roles, or an empty list when it is not a member. */
    public List<String> effectiveRoles(String userName) {
        return member(userName).map(MemberView::roles).orElse(List.of());
    }

    public List<GroupView> groups() {
        return state.groupViews();
    }

    /** The group that grants a role: the CF-... group (virtual groups) or the system group (user groups). */
    public String roleGroupId(String roleName) {
        return groups().stream()
                .filter(g -> roleName.equals(g.role()))
                .map(GroupView::id)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group grants role '" + roleName + "'"));
    }

    /** The permission group id of a role, as the IAM API lists it. */
    public String permissionGroupId(String roleName) {
        String id = state.roles().permissionGroupId(roleName);
        if (id == null) {
            throw new IllegalArgumentException("unknown account-scoped role '" + roleName + "'");
        }
        return id;
    }

    /** The id of the account's built-in resource group (its whole scope), as the IAM API lists it. */
    public String accountResourceGroupId() {
        return ResourceGroup.accountWide(state.accountScopeKey()).id();
    }

    public int superAdministrators() {
        return state.superAdministratorIds().size();
    }

    AccountState state() {
        return state;
    }
}
