package dev.cfscim.emulator;

import java.util.List;

/**
 * One change to a group, as a SCIM PATCH operation asks for it; a PATCH applies all or none.
 * Handled through {@link Handler}, which has a method for every kind of edit: a new kind does not
 * compile until every handler says what it does with it.
 */
sealed interface GroupEdit {

    /** What to do with each kind of edit; one implementation per pass over a PATCH's edits. */
    interface Handler {

        void addMembers(List<String> userIds);

        void removeMembers(List<String> userIds);

        void removeAllMembers();

        void replaceMembers(List<String> userIds);

        void rename(String displayName);

        void setExternalId(String externalId);
    }

    void handleWith(Handler handler);

    record AddMembers(List<String> userIds) implements GroupEdit {
        @Override public void handleWith(Handler handler) { handler.addMembers(userIds); }
    }

    record RemoveMembers(List<String> userIds) implements GroupEdit {
        @Override public void handleWith(Handler handler) { handler.removeMembers(userIds); }
    }

    record RemoveAllMembers() implements GroupEdit {
        @Override public void handleWith(Handler handler) { handler.removeAllMembers(); }
    }

    record ReplaceMembers(List<String> userIds) implements GroupEdit {
        @Override public void handleWith(Handler handler) { handler.replaceMembers(userIds); }
    }

    record Rename(String displayName) implements GroupEdit {
        @Override public void handleWith(Handler handler) { handler.rename(displayName); }
    }

    record SetExternalId(String externalId) implements GroupEdit {
        @Override public void handleWith(Handler handler) { handler.setExternalId(externalId); }
    }
}
