package dev.cfscim.bench;

import dev.cfscim.api.GroupMode;
import dev.cfscim.emulator.Profile;
import dev.cfscim.plan.DesiredState;

/**
 * Cloudflare's two group models, each scenario runs in both, today's first: the emulator's profile,
 * the engine's model and the ScimApp's {@code groupMode} of each.
 */
enum GroupModel {
    /** Today's model (since June 2025; the only one after 2 December 2025): pushed user groups and their policies. */
    USER_GROUPS("user groups (today's model)", Profile.USER_GROUPS, DesiredState.Model.USER_GROUPS,
            GroupMode.UserGroups),
    /** The seed's model: the {@code CF-<accountID> - <Role Name>} role groups, ended 2 December 2025. */
    VIRTUAL_GROUPS("virtual role groups (until 2 December 2025)", Profile.VIRTUAL_GROUPS,
            DesiredState.Model.VIRTUAL_GROUPS, GroupMode.VirtualGroups);

    private final String title;
    private final Profile profile;
    private final DesiredState.Model engineModel;
    private final GroupMode groupMode;

    GroupModel(String title, Profile profile, DesiredState.Model engineModel, GroupMode groupMode) {
        this.title = title;
        this.profile = profile;
        this.engineModel = engineModel;
        this.groupMode = groupMode;
    }

    /** The name in tables: the emulator's {@code --profile} label, so the two never drift apart. */
    String label() {
        return profile.label();
    }

    /** A heading's words. */
    String title() {
        return title;
    }

    Profile profile() {
        return profile;
    }

    DesiredState.Model engineModel() {
        return engineModel;
    }

    GroupMode groupMode() {
        return groupMode;
    }

    static GroupModel ofLabel(String label) {
        for (GroupModel model : values()) {
            if (model.label().equals(label)) {
                return model;
            }
        }
        throw new IllegalArgumentException("no group model '" + label + "'");
    }
}
