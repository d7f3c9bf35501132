package dev.cfscim.plan;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A desired state's users by key, copied once and never changed: a desired state made from it again
 * (the declaration index reuses the users' part while no ScimUser's declaration changed) takes it as
 * it is, instead of copying tens of thousands of entries at every reconcile.
 */
final class FrozenUsers extends AbstractMap<String, DesiredUser> {

    private final Map<String, DesiredUser> users;

    private FrozenUsers(Map<String, DesiredUser> users) {
        this.users = users;
    }

    /** {@code users} as they are, if frozen already; else a copy in their order. */
    static Map<String, DesiredUser> of(Map<String, DesiredUser> users) {
        return users instanceof FrozenUsers frozen ? frozen
                : new FrozenUsers(Collections.unmodifiableMap(new LinkedHashMap<>(users)));
    }

    @Override
    public DesiredUser get(Object key) {
        return users.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return users.containsKey(key);
    }

    @Override
    public int size() {
        return users.size();
    }

    @Override
    public Set<Entry<String, DesiredUser>> entrySet() {
        return users.entrySet();
    }

    @Override
    public Set<String> keySet() {
        return users.keySet();
    }

    @Override
    public java.util.Collection<DesiredUser> values() {
        return users.values();
    }
}
