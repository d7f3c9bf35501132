package dev.cfscim.plan;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The sorted, unmodifiable sets of user keys the desired state is made of (a role's holders, a
 * group's members). Built from an array sort rather than by inserting into a tree one key at a time,
 * which at tens of thousands of memberships per reconcile was a good part of its cost; and never
 * copied again once made, since nobody can change them.
 */
final class SortedKeys {

    private SortedKeys() {
    }

    static SortedSet<String> of(Collection<String> keys) {
        if (keys instanceof Frozen frozen) {
            return frozen;
        }
        String[] array = keys.toArray(String[]::new);
        // A merge sort: one pass for keys that come in order, as member lists mostly do.
        Arrays.sort(array);
        int distinct = 0;
        for (String key : array) {
            if (distinct == 0 || !key.equals(array[distinct - 1])) {
                array[distinct++] = key;
            }
        }
        // A TreeSet made from a SortedSet takes its order as it is: built in one pass, no rebalancing.
        return new Frozen(Collections.unmodifiableSortedSet(new TreeSet<>(new SortedRun(array, distinct))));
    }

    /** Sorted, distinct keys, as a TreeSet's constructor reads a SortedSet: its order, size and iterator. */
    private static final class SortedRun extends AbstractSet<String> implements SortedSet<String> {
        private final String[] keys;
        private final int size;

        SortedRun(String[] keys, int size) {
            this.keys = keys;
            this.size = size;
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.asList(keys).subList(0, size).iterator();
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public SortedSet<String> subSet(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedSet<String> headSet(String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedSet<String> tailSet(String from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String first() {
            return keys[0];
        }

        @Override
        public String last() {
            return keys[size - 1];
        }
    }

    /** An unmodifiable sorted set this class made: shared as it is wherever it goes next. */
    private static final class Frozen extends AbstractSet<String> implements SortedSet<String> {
        private final SortedSet<String> keys;

        Frozen(SortedSet<String> keys) {
            this.keys = keys;
        }

        @Override
        public Iterator<String> iterator() {
            return keys.iterator();
        }

        @Override
        public int size() {
            return keys.size();
        }

        @Override
        public boolean contains(Object key) {
            return keys.contains(key);
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public SortedSet<String> subSet(String from, String to) {
            return keys.subSet(from, to);
        }

        @Override
        public SortedSet<String> headSet(String to) {
            return keys.headSet(to);
        }

        @Override
        public SortedSet<String> tailSet(String from) {
            return keys.tailSet(from);
        }

        @Override
        public String first() {
            return keys.first();
        }

        @Override
        public String last() {
            return keys.last();
        }
    }
}
