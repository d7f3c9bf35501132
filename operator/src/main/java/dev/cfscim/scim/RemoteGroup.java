package dev.cfscim.scim;

import java.util.List;

/**
 * A group as Cloudflare's SCIM API shows it. {@code memberIds} is null when the answer did not
 * carry members (lists never do; system groups never do), which is not the same as empty.
 */
public record RemoteGroup(String id, String displayName, String externalId, List<String> memberIds) {

    /**
     * The externalId this tool pushes its groups with: a group without it was made by hand or by
     * another tool, and is adopted before it is managed.
     */
    public static final String CFSCIM_EXTERNAL_ID = "cfscim";

    public RemoteGroup {
        memberIds = memberIds == null ? null : List.copyOf(memberIds);
    }

    /** Whether this tool pushed (or adopted) the group, by its externalId. */
    public boolean pushedByCfscim() {
        return CFSCIM_EXTERNAL_ID.equals(externalId);
    }

    public boolean membersKnown() {
        return memberIds != null;
    }
}
