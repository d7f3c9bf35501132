package dev.cfscim.emulator;

import java.util.List;

/**
 * A group of an emulated account as tests see it: {@code kind} is {@code role} (a virtual
 * CF-... group), {@code system} or {@code custom}; {@code role} is null for custom groups, whose
 * {@code roles} come from their policies.
 */
public record GroupView(String id, String displayName, String kind, String role, List<String> memberIds,
                        List<String> roles) {

    public GroupView {
        memberIds = List.copyOf(memberIds);
        roles = List.copyOf(roles);
    }
}
