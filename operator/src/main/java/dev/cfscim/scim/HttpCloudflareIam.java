package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * Cloudflare's v4 API beside SCIM, under the account: who holds Super Administrator outside SCIM
 * (members' roles and policies), permission groups, and user groups with their policies. What an
 * answer carried into a failure's message leaves scrubbed of the token.
 */
final class HttpCloudflareIam implements CloudflareIam {

    /** The most a v4 list answers a page. */
    private static final int PER_PAGE = 50;

    private final CloudflareTransport transport;

    HttpCloudflareIam(CloudflareTransport transport) {
        this.transport = transport;
    }

    /**
     * The members holding Super Administrator outside SCIM and groups, by lower-case email, from the
     * v4 account members API: the only place one who is in no SCIM group (the person who made the
     * token, say) shows. A member holds it through a role given directly or, since Cloudflare
     * deprecated roles, through its own policies on the whole account ({@code accountScopeKey});
     * policies that cannot be read for certain count, as {@link MemberPolicies} says why. Needs a
     * token that may read account members; without it Cloudflare answers 403.
     */
    @Override
    public Set<String> superAdministratorsOutsideScim(String accountScopeKey) {
        Set<String> emails = new LinkedHashSet<>();
        pages("/members", member -> {
            boolean byRole = false;
            for (JsonNode role : member.path("roles")) {
                byRole |= MemberPolicies.SUPER_ADMINISTRATOR.equals(role.path("name").asText());
            }
            if (byRole || MemberPolicies.mayGrantSuperAdministrator(member.get("policies"), accountScopeKey)) {
                emails.add(member.path("user").path("email").asText().toLowerCase(Locale.ROOT));
            }
        }, "members");
        return emails;
    }

    @Override
    public Map<String, String> permissionGroups() {
        Map<String, String> ids = new LinkedHashMap<>();
        pages("/iam/permission_groups", pg -> ids.put(pg.path("name").asText(), pg.path("id").asText()),
                "iam", "permission_groups");
        return ids;
    }

    /** {@code accountScopeKey} is {@code com.cloudflare.api.account.<ACCOUNT_ID>}. */
    @Override
    public List<RemoteUserGroup> listUserGroups(String accountScopeKey) {
        List<RemoteUserGroup> groups = new ArrayList<>();
        pages("/iam/user_groups", group -> {
            Set<String> roles = new TreeSet<>();
            for (JsonNode policy : group.path("policies")) {
                boolean onAccount = false;
                for (JsonNode rg : policy.path("resource_groups")) {
                    onAccount |= accountScopeKey.equals(rg.path("scope").path("key").asText());
                }
                if ("allow".equals(policy.path("access").asText()) && onAccount) {
                    policy.path("permission_groups").forEach(pg -> roles.add(pg.path("name").asText()));
                }
            }
            groups.add(new RemoteUserGroup(group.path("id").asText(), group.path("name").asText(), roles));
        }, "iam", "user_groups");
        return groups;
    }

    /**
     * The id of the resource group covering everything under the account: Cloudflare lists the
     * account's own (named by its scope key, object {@code *}); should none be listed, one is made,
     * since the published policy bodies name resource groups by id only.
     */
    @Override
    public String accountResourceGroup(String accountScopeKey) {
        HttpUrl url = transport.accountUrl().addPathSegment("iam").addPathSegment("resource_groups").build();
        for (JsonNode group : transport.call("GET", "/iam/resource_groups", url, null).path("result")) {
            JsonNode scope = group.path("scope");
            boolean everything = false;
            for (JsonNode object : scope.path("objects")) {
                everything |= "*".equals(object.path("key").asText());
            }
            if (accountScopeKey.equals(scope.path("key").asText()) && everything) {
                return group.path("id").asText();
            }
        }
        ObjectNode body = transport.object();
        body.put("name", accountScopeKey);
        ObjectNode scope = body.putObject("scope");
        scope.put("key", accountScopeKey);
        scope.putArray("objects").addObject().put("key", "*");
        return transport.call("POST", "/iam/resource_groups", url, body).path("result").path("id").asText();
    }

    /**
     * One allow policy per permission group on the given resource group; an empty list clears them.
     * The published update body requires each policy's id and has no other way to add a policy to a
     * group, so each written policy carries a fresh one.
     */
    @Override
    public void setPolicies(String groupId, String resourceGroupId, List<String> permissionGroupIds) {
        ObjectNode body = transport.object();
        ArrayNode policies = body.putArray("policies");
        for (String pg : permissionGroupIds) {
            ObjectNode policy = policies.addObject();
            policy.put("id", UUID.randomUUID().toString().replace("-", ""));
            policy.put("access", "allow");
            policy.putArray("permission_groups").addObject().put("id", pg);
            policy.putArray("resource_groups").addObject().put("id", resourceGroupId);
        }
        transport.call("PUT", "/iam/user_groups/{id}", transport.accountUrl().addPathSegment("iam")
                .addPathSegment("user_groups").addPathSegment(groupId).build(), body);
    }

    /**
     * Walks a paged v4 list under the account ({@code page}, {@code per_page} 50) to its last page,
     * through a {@link PagedScan}: {@code result_info.total_count} ends it only while the pages
     * agree, and a page seen twice or a scan past the page limit fails it.
     */
    private void pages(String route, Consumer<JsonNode> each, String... path) {
        PagedScan scan = new PagedScan("GET " + route, PER_PAGE, transport.settings().maxPages());
        for (int page = 1; ; page++) {
            HttpUrl.Builder url = transport.accountUrl();
            for (String segment : path) {
                url.addPathSegment(segment);
            }
            JsonNode body = transport.call("GET", route, url.addQueryParameter("page", Integer.toString(page))
                    .addQueryParameter("per_page", Integer.toString(PER_PAGE)).build(), null);
            JsonNode result = body.path("result");
            result.forEach(each);
            String position = "page " + page;
            if (!transport.reading(() -> scan.next(PagedScan.keys(result),
                    PagedScan.total(body.path("result_info").get("total_count")), position))) {
                return;
            }
        }
    }
}
