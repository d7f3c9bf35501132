package dev.cfscim.emulator;

import java.util.Arrays;

/** Which of Cloudflare's two group models an emulated account follows. */
public enum Profile {
    /** The seed's model: one {@code CF-<accountID> - <Role Name>} group per account-scoped role. */
    VIRTUAL_GROUPS("virtual-groups"),
    /** Today's model: system groups per permission group, custom groups whose IAM policies grant roles. */
    USER_GROUPS("user-groups"),
    /**
     * June to December 2025, when both models were live: the virtual role groups and the user groups
     * side by side, which is where a migration from one to the other runs.
     */
    TRANSITION("transition");

    private final String label;

    Profile(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Profile fromLabel(String label) {
        return Arrays.stream(values())
                .filter(p -> p.label.equalsIgnoreCase(label) || p.name().equalsIgnoreCase(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown profile '" + label + "': expected virtual-groups, user-groups or transition"));
    }
}
