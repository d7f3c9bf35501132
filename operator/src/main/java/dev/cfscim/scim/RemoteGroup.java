package dev.cfscim.scim;

import java.util.List;

/**
 * A group as Cloudflare's SCIM API shows it; its {@code externalId} says who pushed it (see
 * {@code plan.Owner}). {@code memberIds} is null when the answer did not
 * carry members (lists never do; system groups never do), which is not the same as empty.
 */
public record RemoteGroup(String id, String displayName, String externalId, List<String> memberIds) {

    public RemoteGroup {
        memberIds = memberIds == null ? null : List.copyOf(memberIds);
    }

    public boolean membersKnown() {
        return memberIds != null;
    }
}
