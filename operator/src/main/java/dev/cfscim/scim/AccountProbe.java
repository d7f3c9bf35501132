package dev.cfscim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Read-only probes of one account for {@code cfscim doctor}: each method is one GET, sent once and
 * never retried, answered raw ({@link ProbeAnswer}); nothing here can write. Membership lists are
 * judged by the engine's own reading ({@link MembershipList}), so "readable" means what a scan means.
 */
public final class AccountProbe {

    /** How a user's {@code groups} or a group's {@code members} list came back. */
    public enum MembershipForm {
        /** Ids as strings: Cloudflare's published form of a user's groups. */
        STRINGS,
        /** RFC 7643 objects with a {@code value}. */
        OBJECTS,
        /** Both kinds in one list. */
        MIXED,
        /** An empty list. */
        EMPTY,
        /** The attribute is absent or null. */
        ABSENT
    }

    private final ApiToken token;
    private final CloudflareTransport transport;

    public AccountProbe(String scimBaseUrl, ApiToken token) {
        this.token = token;
        // A budget of its own, and no waiting at all: when Cloudflare says the token's window is spent,
        // the next probe is not sent and says so, rather than stand still for minutes.
        this.transport = new CloudflareTransport(scimBaseUrl, token, new TokenBudget(TokenBudget.Limit.CLOUDFLARE),
                CloudflareScimClient.Settings.defaults().with(c -> c.maxRateLimitWait = Duration.ZERO),
                CloudflareScimClient.RequestObserver.NONE);
    }

    /** Requests sent so far. */
    public long requestsSent() {
        return transport.requestsSent();
    }

    /** {@code GET /Users}: the first page, {@code count} asked. */
    public ProbeAnswer users(int count) {
        return firstPage("Users", count);
    }

    /** {@code GET /Groups}: the first page, {@code count} asked. */
    public ProbeAnswer groups(int count) {
        return firstPage("Groups", count);
    }

    /** {@code GET /Groups/{id}}: the one answer that may carry a group's members. */
    public ProbeAnswer group(String id) {
        return transport.probe("/Groups/{id}", transport.scimUrl("Groups").addPathSegment(id).build());
    }

    /** {@code GET /iam/permission_groups}, the first page of 50. */
    public ProbeAnswer permissionGroups() {
        return iamFirstPage("/iam/permission_groups", "iam", "permission_groups");
    }

    /** {@code GET /iam/user_groups}, the first page of 50. */
    public ProbeAnswer userGroups() {
        return iamFirstPage("/iam/user_groups", "iam", "user_groups");
    }

    /** {@code GET /members} (v4 account members), the first page of 50. */
    public ProbeAnswer accountMembers() {
        return iamFirstPage("/members", "members");
    }

    /**
     * The form of a user's {@code groups}; a list the engine could not read throws the engine's
     * own PERMANENT {@link ScimException}, naming the user and what was found (scrubbed of the token).
     */
    public MembershipForm groupsForm(JsonNode user, String route) {
        groupIdsOf(user, route);
        return formOf(user.get("groups"));
    }

    /** The form of a group's {@code members}; unreadable throws as {@link #groupsForm} does. */
    public MembershipForm membersForm(JsonNode group, String route) {
        memberIdsOf(group, route);
        return formOf(group.get("members"));
    }

    /** The group ids of a user's {@code groups}, as the engine reads them. */
    public List<String> groupIdsOf(JsonNode user, String route) {
        return ScimException.redacting(token, () -> MembershipList.groupsOf(user, route));
    }

    /** The member ids of a group's single GET, or null when it carried none. */
    public List<String> memberIdsOf(JsonNode group, String route) {
        return ScimException.redacting(token, () -> MembershipList.membersOf(group, route));
    }

    private static MembershipForm formOf(JsonNode list) {
        if (list == null || list.isNull()) {
            return MembershipForm.ABSENT;
        }
        boolean strings = false;
        boolean objects = false;
        for (JsonNode element : list) {
            strings |= element.isTextual();
            objects |= element.isObject();
        }
        if (strings && objects) {
            return MembershipForm.MIXED;
        }
        return strings ? MembershipForm.STRINGS : objects ? MembershipForm.OBJECTS : MembershipForm.EMPTY;
    }

    private ProbeAnswer firstPage(String resource, int count) {
        HttpUrl url = transport.scimUrl(resource).addQueryParameter("startIndex", "1")
                .addQueryParameter("count", Integer.toString(count)).build();
        return transport.probe("/" + resource, url);
    }

    private ProbeAnswer iamFirstPage(String route, String... path) {
        HttpUrl.Builder url = transport.accountUrl();
        for (String segment : path) {
            url.addPathSegment(segment);
        }
        return transport.probe(route, url.addQueryParameter("page", "1").addQueryParameter("per_page", "50").build());
    }
}
