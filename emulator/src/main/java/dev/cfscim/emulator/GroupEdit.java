package dev.cfscim.emulator;

import java.util.List;

/** One change to a group, as a SCIM PATCH operation asks for it; a PATCH applies all or none. */
sealed interface GroupEdit {

    record AddMembers(List<String> userIds) implements GroupEdit {
    }

    record RemoveMembers(List<String> userIds) implements GroupEdit {
    }

    record RemoveAllMembers() implements GroupEdit {
    }

    record ReplaceMembers(List<String> userIds) implements GroupEdit {
    }

    record Rename(String displayName) implements GroupEdit {
    }

    record SetExternalId(String externalId) implements GroupEdit {
    }
}
