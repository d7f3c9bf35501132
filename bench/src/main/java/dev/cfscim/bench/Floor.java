package dev.cfscim.bench;

import dev.cfscim.emulator.EmulatedAccount;
import dev.cfscim.emulator.GroupView;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fewest requests that can do a job, part by part and so route by route, against which every
 * contender is measured. Provisioning from an account holding only its owner:
 * <ul>
 * <li>user creates: one {@code POST /Users} per user;</li>
 * <li>user-groups model: one {@code POST /Groups} per bound ScimGroup (a pushed user group), and
 *     one policy write per group ({@code PUT /iam/user_groups/{id}}: Cloudflare takes a group's
 *     policies only through the IAM API);</li>
 * <li>member PATCHes: one {@code PATCH /Groups/{id}} per group and batch of 100 members;</li>
 * <li>the scan of the account as found: user pages of 100 ({@code GET /Users}), group pages of 100
 *     ({@code GET /Groups}: the role groups, or the system groups and the user groups); in the
 *     user-groups model also the user-groups list ({@code GET /iam/user_groups}, 50 a page), the
 *     permission groups (50 a page: what a policy can name) and the account's resource group, read
 *     once ({@code GET /iam/resource_groups}: a policy names it by id).</li>
 * </ul>
 * A drift scan is the scan alone, of the account as converged; it writes nothing, so it needs no
 * resource group. A list costs at least one page, even when empty.
 */
record Floor(long userCreates, long groupCreates, long policyWrites, long memberPatches, long userPages,
             long groupPages, long userGroupPages, long permissionGroupPages, long resourceGroupReads) {

    static final int SCIM_PAGE = 100;
    static final int V4_PAGE = 50;
    /** Cloudflare's limit: requests per token and 5-minute window. */
    static final int PER_WINDOW = 1200;

    /** The routes of the parts, in the order of the record's components. */
    static final String[] ROUTES = {"POST /Users", "POST /Groups", "PUT /iam/user_groups/{id}", "PATCH /Groups/{id}",
        "GET /Users", "GET /Groups", "GET /iam/user_groups", "GET /iam/permission_groups", "GET /iam/resource_groups"};
    /** What each part is, for the table's header. */
    static final String[] PARTS = {"user creates", "group creates", "policy writes", "member PATCHes", "user pages",
        "group pages", "user-group pages", "permission-group pages", "resource-group reads"};

    /** What an account holds when it is scanned: what the scan's pages depend on. */
    record Found(long members, long groups, long userGroups, long permissionGroups) {

        /** The account as the emulator holds it now (read through its in-process view: no request). */
        static Found in(EmulatedAccount account) {
            long groups = account.groups().size();
            long userGroups = account.groups().stream().filter(g -> g.kind().equals("custom")).count();
            // One permission group per account-scoped role: the role groups of the first model, the
            // system groups of today's.
            long permissionGroups = account.groups().stream().map(GroupView::kind)
                    .filter(k -> k.equals("system") || k.equals("role")).count();
            return new Found(account.members().size(), groups, userGroups, permissionGroups);
        }
    }

    /** Provisioning {@code workload} into an account as {@code found} (holding only its owner). */
    static Floor provisioning(GroupModel model, Workload workload, Found found) {
        boolean userGroups = model == GroupModel.USER_GROUPS;
        long groups = workload.members().size();
        Floor scan = scan(model, found);
        return new Floor(workload.users().size(), userGroups ? groups : 0, userGroups ? groups : 0,
                workload.memberPatchFloor(), scan.userPages, scan.groupPages, scan.userGroupPages,
                scan.permissionGroupPages, userGroups ? 1 : 0);
    }

    /** One full read of an account as {@code found}: a drift scan, or a provisioning's first look. */
    static Floor scan(GroupModel model, Found found) {
        boolean userGroups = model == GroupModel.USER_GROUPS;
        return new Floor(0, 0, 0, 0, pages(found.members, SCIM_PAGE), pages(found.groups, SCIM_PAGE),
                userGroups ? pages(found.userGroups, V4_PAGE) : 0,
                userGroups ? pages(found.permissionGroups, V4_PAGE) : 0, 0);
    }

    static long pages(long items, int perPage) {
        return Math.max(1, (items + perPage - 1) / perPage);
    }

    long[] parts() {
        return new long[] {userCreates, groupCreates, policyWrites, memberPatches, userPages, groupPages,
            userGroupPages, permissionGroupPages, resourceGroupReads};
    }

    long total() {
        long total = 0;
        for (long part : parts()) {
            total += part;
        }
        return total;
    }

    /** The scan's share: every read. */
    long scanRequests() {
        return userPages + groupPages + userGroupPages + permissionGroupPages + resourceGroupReads;
    }

    /** The floor's requests by route. */
    Map<String, Long> byRoute() {
        Map<String, Long> routes = new LinkedHashMap<>();
        long[] parts = parts();
        for (int i = 0; i < ROUTES.length; i++) {
            routes.put(ROUTES[i], parts[i]);
        }
        return routes;
    }

    /** The fewest 5-minute windows these requests fit in at Cloudflare's limit. */
    long windows() {
        return fewestWindows(total());
    }

    static long fewestWindows(long requests) {
        return Math.max(1, (requests + PER_WINDOW - 1) / PER_WINDOW);
    }

    /** The sum written out, each part named: {@code 1000 user creates + 10 group creates + ...}, zero parts left out. */
    String spelled() {
        StringBuilder text = new StringBuilder();
        long[] parts = parts();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != 0) {
                text.append(text.length() == 0 ? "" : " + ").append(String.format(Locale.ROOT, "%d %s", parts[i],
                        PARTS[i]));
            }
        }
        return text.toString();
    }
}
