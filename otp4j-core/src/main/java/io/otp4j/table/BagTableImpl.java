package io.otp4j.table;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A bag or duplicate bag on a {@link ConcurrentHashMap} from each key to an immutable list of its values, oldest
 * first. A write replaces a key's list in one {@code compute} (which runs its function exactly once, under the
 * key's bin lock), so readers see a key's values before or after a write, never halfway; a lookup returns the
 * list itself, without copying.
 */
final class BagTableImpl<K, V> extends TableCore<K, V> implements BagTable<K, V> {

    /** Estimated bytes per key: a hash map node, its share of the bin array, and the list's wrapper and array. */
    private static final long KEY_BYTES = 40 + 48;
    /** Estimated bytes per value: one slot of a list's array. */
    private static final long VALUE_BYTES = 4;

    private final ConcurrentHashMap<K, List<V>> map = new ConcurrentHashMap<>();
    private final HashWalk<K> walk = new HashWalk<>();
    private final boolean duplicates;

    BagTableImpl(
            Node node, @Nullable TableManager manager, TableType type, TableOptions options, Pid owner, long number) {
        super(node, manager, type, options, owner, number);
        this.duplicates = type == TableType.DUPLICATE_BAG;
    }

    static <K, V> BagTable<K, V> create(ProcessContext owner, TableOptions options, TableType type) {
        return TableManager.create(
                owner,
                options,
                (node, manager, pid, number) -> new BagTableImpl<>(node, manager, type, options, pid, number));
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void insert(K key, V value) {
        checkKey(key);
        checkValue(value);
        writable("insert");
        map.compute(key, (k, old) -> {
            if (old == null) {
                size.increment();
                return List.of(value);
            }
            if (!duplicates && old.contains(value)) {
                return old;
            }
            size.increment();
            List<V> values = new ArrayList<>(old.size() + 1);
            values.addAll(old);
            values.add(value);
            return Collections.unmodifiableList(values);
        });
    }

    @Override
    public boolean insertNew(K key, V value) {
        checkKey(key);
        checkValue(value);
        writable("insertNew");
        if (map.putIfAbsent(key, List.of(value)) == null) {
            size.increment();
            return true;
        }
        return false;
    }

    @Override
    public boolean delete(K key) {
        checkKey(key);
        writable("delete");
        List<V> old = map.remove(key);
        if (old == null) {
            return false;
        }
        size.add(-old.size());
        return true;
    }

    @Override
    public boolean deleteObject(K key, V value) {
        checkKey(key);
        checkValue(value);
        writable("deleteObject");
        boolean[] deleted = new boolean[1];
        map.computeIfPresent(key, (k, old) -> {
            List<V> kept = new ArrayList<>(old.size());
            for (V v : old) {
                if (!v.equals(value)) {
                    kept.add(v);
                }
            }
            int removed = old.size() - kept.size();
            if (removed == 0) {
                return old;
            }
            deleted[0] = true;
            size.add(-removed);
            return kept.isEmpty() ? null : Collections.unmodifiableList(kept);
        });
        return deleted[0];
    }

    @Override
    public void deleteAllObjects() {
        writable("deleteAllObjects");
        for (K key : map.keySet()) {
            List<V> old = map.remove(key);
            if (old != null) {
                size.add(-old.size());
            }
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public List<V> lookup(K key) {
        checkKey(key);
        readable("lookup");
        List<V> values = map.get(key);
        return values == null ? List.of() : values;
    }

    @Override
    public <R> List<R> lookupElement(K key, Function<? super V, ? extends R> element) {
        checkKey(key);
        Objects.requireNonNull(element, "element");
        readable("lookupElement");
        List<V> values = map.get(key);
        if (values == null) {
            throw new NoSuchElementException("table " + this + " has no object under key " + key);
        }
        List<R> elements = new ArrayList<>(values.size());
        for (V v : values) {
            elements.add(element.apply(v));
        }
        return Collections.unmodifiableList(elements);
    }

    @Override
    public boolean member(K key) {
        checkKey(key);
        readable("member");
        return map.containsKey(key);
    }

    @Override
    public Optional<K> first() {
        readable("first");
        return walk.first(map.keySet());
    }

    @Override
    public Optional<K> last() {
        readable("last");
        return walk.first(map.keySet());
    }

    @Override
    public Optional<K> next(K key) {
        checkKey(key);
        readable("next");
        return walk.next(map.keySet(), key, this);
    }

    @Override
    public Optional<K> previous(K key) {
        checkKey(key);
        readable("previous");
        return walk.next(map.keySet(), key, this);
    }

    /** Every value of every key: each key's list is read once, so a key's values come from one moment. */
    @Override
    Iterator<Entry<K, V>> entries() {
        Iterator<Map.Entry<K, List<V>>> keys = map.entrySet().iterator();
        return new Iterator<>() {
            private @Nullable K key;
            private Iterator<V> values = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!values.hasNext()) {
                    if (!keys.hasNext()) {
                        return false;
                    }
                    Map.Entry<K, List<V>> next = keys.next();
                    key = next.getKey();
                    values = next.getValue().iterator();
                }
                return true;
            }

            @Override
            public Entry<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return new Entry<>(Objects.requireNonNull(key), values.next());
            }
        };
    }

    @Override
    SelectContinuation.Rest<K, V> rest(Iterator<Entry<K, V>> scan, K lastKey) {
        return once(scan);
    }

    @Override
    long memoryBytes(long objects) {
        return map.mappingCount() * KEY_BYTES + objects * VALUE_BYTES;
    }

    @Override
    void clear() {
        map.clear();
    }
}
