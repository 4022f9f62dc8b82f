package io.otp4j.table;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A set on a {@link ConcurrentHashMap} or an ordered set on an {@link OrderedTree}. Each operation is
 * one atomic map operation ({@code put}, {@code putIfAbsent}, {@code remove}, {@code compute}, …), which is what
 * makes it linearizable per key; the counter and element updates are {@code compute}s whose result replaces
 * exactly the value it was computed from.
 */
final class SetTableImpl<K, V> extends TableCore<K, V> implements SetTable<K, V> {

    /** Estimated bytes per entry: a hash map node plus its share of the bin array. */
    private static final long HASH_ENTRY_BYTES = 40;
    /**
     * Estimated bytes per entry of the ordered tree: a key and a value reference in a leaf about two thirds full,
     * plus the leaf's header and its share of the inner nodes.
     */
    private static final long TREE_ENTRY_BYTES = 16;

    private final ConcurrentMap<K, V> map;
    private final @Nullable OrderedTree<K, V> sorted;
    private final @Nullable HashWalk<K> walk;

    SetTableImpl(
            Node node,
            @Nullable TableManager manager,
            TableType type,
            TableOptions options,
            Pid owner,
            long number,
            @Nullable Comparator<? super K> order) {
        super(node, manager, type, options, owner, number);
        if (type == TableType.ORDERED_SET) {
            OrderedTree<K, V> tree = new OrderedTree<>(Objects.requireNonNull(order, "order"));
            this.map = tree;
            this.sorted = tree;
            this.walk = null;
        } else {
            this.map = new ConcurrentHashMap<>();
            this.sorted = null;
            this.walk = new HashWalk<>();
        }
    }

    static <K, V> SetTable<K, V> create(
            ProcessContext owner, TableOptions options, TableType type, @Nullable Comparator<? super K> order) {
        return TableManager.create(
                owner,
                options,
                (node, manager, pid, number) -> new SetTableImpl<>(node, manager, type, options, pid, number, order));
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void insert(K key, V value) {
        checkKey(key);
        checkValue(value);
        writable("insert");
        if (map.put(key, value) == null) {
            size.increment();
        }
    }

    @Override
    public boolean insertNew(K key, V value) {
        checkKey(key);
        checkValue(value);
        writable("insertNew");
        if (map.putIfAbsent(key, value) == null) {
            size.increment();
            return true;
        }
        return false;
    }

    @Override
    public boolean delete(K key) {
        checkKey(key);
        writable("delete");
        if (map.remove(key) != null) {
            size.decrement();
            return true;
        }
        return false;
    }

    @Override
    public boolean deleteObject(K key, V value) {
        checkKey(key);
        checkValue(value);
        writable("deleteObject");
        if (map.remove(key, value)) {
            size.decrement();
            return true;
        }
        return false;
    }

    @Override
    public void deleteAllObjects() {
        writable("deleteAllObjects");
        for (K key : map.keySet()) {
            if (map.remove(key) != null) {
                size.decrement();
            }
        }
    }

    /*
     * Counters and element updates are compare-and-set loops over get, putIfAbsent and replace: each attempt
     * computes from the value it read, and lands only if the key still holds that value (replace compares with
     * equals: an equal value gives the same result), so the update that lands is linearizable at its replace.
     * No lambda is captured and nothing but the new value is allocated.
     */

    @Override
    public long updateCounter(K key, CounterField<V> field, long increment) {
        checkKey(key);
        Objects.requireNonNull(field, "field");
        writable("updateCounter");
        if (sorted != null) {
            return counterInOneSearch(key, field, increment, null);
        }
        while (true) {
            V old = map.get(key);
            if (old == null) {
                throw noCounter(key);
            }
            long count = Math.addExact(field.read().applyAsLong(old), increment);
            if (map.replace(key, old, counted(field, old, count))) {
                return count;
            }
        }
    }

    @Override
    public long updateCounter(K key, CounterField<V> field, long increment, V initial) {
        checkKey(key);
        Objects.requireNonNull(field, "field");
        checkValue(initial);
        writable("updateCounter");
        if (sorted != null) {
            return counterInOneSearch(key, field, increment, initial);
        }
        while (true) {
            V old = map.get(key);
            if (old == null) {
                long count = Math.addExact(field.read().applyAsLong(initial), increment);
                if (map.putIfAbsent(key, counted(field, initial, count)) == null) {
                    size.increment();
                    return count;
                }
            } else {
                long count = Math.addExact(field.read().applyAsLong(old), increment);
                if (map.replace(key, old, counted(field, old, count))) {
                    return count;
                }
            }
        }
    }

    private NoSuchElementException noCounter(K key) {
        return new NoSuchElementException("table " + this + " has no object under key " + key
                + " to update the counter of (give an initial value to insert one)");
    }

    /**
     * A counter update on the ordered tree as one {@code compute}: one search of the tree per attempt, where a read
     * and a conditional replace would make two (the hash map's read and replace stay, being cheaper there than a
     * locked {@code compute}). The map may apply the function again when another write got in first; it is ours
     * and pure, and what the last application saw is what was stored.
     */
    private long counterInOneSearch(K key, CounterField<V> field, long increment, @Nullable V initial) {
        CounterUpdate<K, V> update = new CounterUpdate<>(this, field, increment, initial);
        map.compute(key, update);
        if (update.inserted) {
            size.increment();
        }
        return update.count;
    }

    /** The function of {@link #counterInOneSearch}, which also says what it did. */
    private static final class CounterUpdate<K, V> implements java.util.function.BiFunction<K, V, V> {
        private final SetTableImpl<K, V> table;
        private final CounterField<V> field;
        private final long increment;
        private final @Nullable V initial;
        long count;
        boolean inserted;

        CounterUpdate(SetTableImpl<K, V> table, CounterField<V> field, long increment, @Nullable V initial) {
            this.table = table;
            this.field = field;
            this.increment = increment;
            this.initial = initial;
        }

        @Override
        public V apply(K key, @Nullable V old) {
            V base = old != null ? old : initial;
            if (base == null) {
                throw table.noCounter(key);
            }
            count = Math.addExact(field.read().applyAsLong(base), increment);
            inserted = old == null;
            return counted(field, base, count);
        }
    }

    private static <V> V counted(CounterField<V> field, V value, long count) {
        return Objects.requireNonNull(field.write().with(value, count), "the counter field's write returned null");
    }

    @Override
    public boolean updateElement(K key, UnaryOperator<V> update) {
        checkKey(key);
        Objects.requireNonNull(update, "update");
        writable("updateElement");
        while (true) {
            V old = map.get(key);
            if (old == null) {
                return false;
            }
            V updated = Objects.requireNonNull(update.apply(old), "updateElement's function returned null");
            if (map.replace(key, old, updated)) {
                return true;
            }
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<V> lookup(K key) {
        checkKey(key);
        readable("lookup");
        return Optional.ofNullable(map.get(key));
    }

    @Override
    public <R> R lookupElement(K key, Function<? super V, ? extends R> element) {
        checkKey(key);
        Objects.requireNonNull(element, "element");
        readable("lookupElement");
        V value = map.get(key);
        if (value == null) {
            throw new NoSuchElementException("table " + this + " has no object under key " + key);
        }
        return element.apply(value);
    }

    @Override
    public <R> R lookupElement(K key, Function<? super V, ? extends R> element, R orElse) {
        checkKey(key);
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(orElse, "orElse");
        readable("lookupElement");
        V value = map.get(key);
        return value == null ? orElse : element.apply(value);
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
        return sorted != null
                ? Optional.ofNullable(sorted.firstKey())
                : hashWalk().first(map.keySet());
    }

    @Override
    public Optional<K> last() {
        readable("last");
        return sorted != null
                ? Optional.ofNullable(sorted.lastKey())
                : hashWalk().first(map.keySet());
    }

    @Override
    public Optional<K> next(K key) {
        checkKey(key);
        readable("next");
        return sorted != null
                ? Optional.ofNullable(sorted.higherKey(key))
                : hashWalk().next(map.keySet(), key, this);
    }

    @Override
    public Optional<K> previous(K key) {
        checkKey(key);
        readable("previous");
        return sorted != null
                ? Optional.ofNullable(sorted.lowerKey(key))
                : hashWalk().next(map.keySet(), key, this);
    }

    private HashWalk<K> hashWalk() {
        return Objects.requireNonNull(walk, "a hash table has a walk");
    }

    @Override
    Iterator<Entry<K, V>> entries() {
        return entries(map.entrySet().iterator());
    }

    private static <K, V> Iterator<Entry<K, V>> entries(Iterator<Map.Entry<K, V>> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Entry<K, V> next() {
                Map.Entry<K, V> e = it.next();
                return new Entry<>(e.getKey(), e.getValue());
            }
        };
    }

    @Override
    SelectContinuation.Rest<K, V> rest(Iterator<Entry<K, V>> scan, K lastKey) {
        OrderedTree<K, V> ordered = sorted;
        return ordered != null ? () -> entries(ordered.entriesAfter(lastKey)) : once(scan);
    }

    @Override
    long memoryBytes(long objects) {
        return objects * (sorted != null ? TREE_ENTRY_BYTES : HASH_ENTRY_BYTES);
    }

    @Override
    void clear() {
        map.clear();
    }
}
