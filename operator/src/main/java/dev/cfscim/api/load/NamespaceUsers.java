package dev.cfscim.api.load;

import dev.cfscim.api.ScimUser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One namespace's ScimUsers: in order, by name (the first of a name), and those being deleted.
 * Immutable; {@link #with} makes the next one from the few users that changed, sharing the rest.
 *
 * <p>Why: the operator reads a namespace's declaration at every reconcile, and at 50,000 ScimUsers
 * listing the caches and indexing every user again cost 40 ms of an edit's 80. So a table has a
 * <em>base</em> (the users in order, and their positions by name, shared by every table made from
 * it) and the users <em>changed</em> since that base (by name; {@link #GONE} for a deleted one).
 * Making the next table copies an array of references and looks up the changed names: no user
 * object is read. When the changes grow past a share of the base, the next table is a new base
 * ({@link #needsNewBase}: the caller lists afresh), so the work per change stays constant.
 */
public final class NamespaceUsers {

    /** Marks a user deleted since the base. */
    private static final ScimUser GONE = new ScimUser();
    private static final NamespaceUsers EMPTY = of(List.of());

    private final Base base;
    private final Map<String, ScimUser> changed;
    private final List<ScimUser> list;
    private final List<ScimUser> departing;

    /** What tables made from one listing share. */
    private record Base(ScimUser[] users, Map<String, Integer> positions, List<ScimUser> departing) {
    }

    private NamespaceUsers(Base base, Map<String, ScimUser> changed, List<ScimUser> list, List<ScimUser> departing) {
        this.base = base;
        this.changed = changed;
        this.list = list;
        this.departing = departing;
    }

    public static NamespaceUsers empty() {
        return EMPTY;
    }

    /** The users of one listing, in its order; a name listed twice (files may) is found as its first. */
    public static NamespaceUsers of(Collection<ScimUser> users) {
        ScimUser[] array = users.toArray(ScimUser[]::new);
        Map<String, Integer> positions = new HashMap<>(Math.max(16, array.length * 4 / 3 + 1));
        List<ScimUser> departing = new ArrayList<>();
        for (int i = 0; i < array.length; i++) {
            positions.putIfAbsent(array[i].getMetadata().getName(), i);
            if (array[i].getMetadata().getDeletionTimestamp() != null) {
                departing.add(array[i]);
            }
        }
        List<ScimUser> list = Collections.unmodifiableList(Arrays.asList(array));
        return new NamespaceUsers(new Base(array, positions, List.copyOf(departing)), Map.of(), list,
                List.copyOf(departing));
    }

    /**
     * This table with {@code changes} made: each name to the user it names now, or to an empty
     * optional when it is gone. For a namespace whose names are unique (the API server's): a changed
     * user keeps its place, a new one comes last.
     */
    public NamespaceUsers with(Map<String, Optional<ScimUser>> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<String, ScimUser> now = new HashMap<>(changed);
        changes.forEach((name, user) -> now.put(name, user.orElse(GONE)));
        ScimUser[] array = Arrays.copyOf(base.users(), base.users().length + now.size());
        int end = base.users().length;
        boolean holes = false;
        List<ScimUser> leaving = new ArrayList<>();
        for (ScimUser user : base.departing()) {
            if (!now.containsKey(user.getMetadata().getName())) {
                leaving.add(user);
            }
        }
        for (Map.Entry<String, ScimUser> change : now.entrySet()) {
            Integer at = base.positions().get(change.getKey());
            ScimUser user = change.getValue() == GONE ? null : change.getValue();
            if (at != null) {
                array[at] = user;
                holes |= user == null;
            } else if (user != null) {
                array[end++] = user;
            }
            if (user != null && user.getMetadata().getDeletionTimestamp() != null) {
                leaving.add(user);
            }
        }
        ScimUser[] users = holes ? Arrays.stream(array, 0, end).filter(u -> u != null).toArray(ScimUser[]::new)
                : Arrays.copyOf(array, end);
        return new NamespaceUsers(base, Map.copyOf(now), Collections.unmodifiableList(Arrays.asList(users)),
                List.copyOf(leaving));
    }

    /**
     * Whether the users changed since the base, and {@code more} changing now, are so many that the
     * next table had better be a new base: past a sixteenth of it (and a few), making a table costs
     * more than listing would save, and the base would hold too many users' former objects (a first
     * sync writes every user's status: a table made from those changes held each user twice).
     */
    public boolean needsNewBase(int more) {
        return more > roomForChanges();
    }

    /** How many more users may change before {@link #needsNewBase} says so. */
    public int roomForChanges() {
        return 64 + base.users().length / 16 - changed.size();
    }

    /** The users in order: the base's order, changed users in their places, new ones last. */
    public List<ScimUser> list() {
        return list;
    }

    /** The user of this name, the first if the listing had two. */
    public Optional<ScimUser> named(String name) {
        return Optional.ofNullable(find(name));
    }

    /** As {@link #named}, null when there is none: for loops over thousands of member names. */
    ScimUser find(String name) {
        ScimUser user = changed.get(name);
        if (user != null) {
            return user == GONE ? null : user;
        }
        Integer at = base.positions().get(name);
        return at == null ? null : base.users()[at];
    }

    /** The users being deleted (deletionTimestamp set), in no particular order. */
    public List<ScimUser> departing() {
        return departing;
    }
}
