package dev.cfscim.plan;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which users a plan looks at: every user (a full plan), or the users an edit touched (by key,
 * {@link DesiredUser#key}). Groups are always planned whole (there are few of them); only their
 * memberships are narrowed to the scope's users.
 *
 * <p>A scoped plan is the full plan exactly when nothing outside the scope needs a change: the
 * operator plans scoped only after a plan that left nothing standing, against a remote state that
 * only its own writes changed since ({@code AppSync}), and plans in full at every scan, the net.
 * {@code IncrementalPlanPropertyTest} checks the equality on random edits in both models.
 */
public final class PlanScope {

    /** Every user: the full plan. */
    public static final PlanScope ALL = new PlanScope(null);

    /** Keys in order, so that a scoped plan lists its changes as the full one does; null: all. */
    private final TreeSet<String> keys;

    private PlanScope(TreeSet<String> keys) {
        this.keys = keys;
    }

    /** The users of these keys, and nobody else. */
    public static PlanScope of(Collection<String> keys) {
        return new PlanScope(new TreeSet<>(keys));
    }

    public boolean isAll() {
        return keys == null;
    }

    public boolean covers(String key) {
        return keys == null || keys.contains(key);
    }

    /** The scope's keys in order; only for a scope that is not {@link #ALL}. */
    public Set<String> keys() {
        if (keys == null) {
            throw new IllegalStateException("the full scope has no list of keys");
        }
        return Collections.unmodifiableSet(keys);
    }

    /** How many users it names, for logs and metrics; -1 for all. */
    public int size() {
        return keys == null ? -1 : keys.size();
    }

    @Override
    public String toString() {
        return keys == null ? "all users" : keys.size() + " user(s) " + List.copyOf(keys).subList(0, Math.min(5, keys.size()));
    }
}
