package io.otp4j.registry;

import io.otp4j.process.Pid;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The registry's entries by key, read directly by any thread: one concurrent hash map for the whole registry,
 * so a lookup is one hash probe whatever the number of partitions.
 */
abstract sealed class Table<K, V> permits Table.Unique, Table.Duplicate {

    /** How many slots the table holds; exact when no registration is under way. */
    private final LongAdder size = new LongAdder();

    static <K, V> Table<K, V> of(Keys keys) {
        return switch (keys) {
            case UNIQUE -> new Unique<>();
            case DUPLICATE -> new Duplicate<>();
        };
    }

    /**
     * Adds {@code slot}.
     *
     * @param alive whether a holder is still alive; a unique key held by a process that is no longer alive (its
     *     cleanup not yet done) is taken over, as Elixir does
     * @param replaced told of a slot taken over that way
     * @return null if added; with unique keys, the slot of the live process holding the key
     */
    abstract @Nullable Slot<K, V> add(Slot<K, V> slot, Predicate<Pid> alive, Consumer<Slot<K, V>> replaced);

    /** Removes exactly {@code slot}, if it is still there. {@return whether it was} */
    abstract boolean remove(Slot<K, V> slot);

    /** Runs {@code action} on each slot under {@code key}. */
    abstract void forKey(K key, Consumer<Slot<K, V>> action);

    /** Runs {@code action} on every slot. */
    abstract void forAll(Consumer<Slot<K, V>> action);

    abstract void clear();

    final int size() {
        long n = size.sum();
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, n);
    }

    final void added() {
        size.increment();
    }

    final void removed() {
        size.decrement();
    }

    /** A key holds one slot; compare-and-set on the map decides races. */
    static final class Unique<K, V> extends Table<K, V> {
        private final ConcurrentHashMap<K, Slot<K, V>> map = new ConcurrentHashMap<>();

        @Override
        @Nullable
        Slot<K, V> add(Slot<K, V> slot, Predicate<Pid> alive, Consumer<Slot<K, V>> replaced) {
            for (; ; ) {
                Slot<K, V> current = map.putIfAbsent(slot.key, slot);
                if (current == null) {
                    added();
                    return null;
                }
                if (alive.test(current.pid)) {
                    return current;
                }
                // Slot has identity equality, so this replaces exactly the dead holder's slot, or retries.
                if (map.replace(slot.key, current, slot)) {
                    replaced.accept(current);
                    return null;
                }
            }
        }

        @Override
        boolean remove(Slot<K, V> slot) {
            if (map.remove(slot.key, slot)) {
                removed();
                return true;
            }
            return false;
        }

        @Nullable
        Slot<K, V> get(K key) {
            return map.get(key);
        }

        @Override
        void forKey(K key, Consumer<Slot<K, V>> action) {
            Slot<K, V> slot = map.get(key);
            if (slot != null) {
                action.accept(slot);
            }
        }

        @Override
        void forAll(Consumer<Slot<K, V>> action) {
            map.values().forEach(action);
        }

        @Override
        void clear() {
            map.clear();
        }
    }

    /**
     * A key holds a concurrent set of slots. Adding and removing run under the map's lock for that key, so a set
     * that becomes empty leaves the map without racing an add; readers iterate a set without locking.
     */
    static final class Duplicate<K, V> extends Table<K, V> {
        private final ConcurrentHashMap<K, Set<Slot<K, V>>> map = new ConcurrentHashMap<>();

        @Override
        @Nullable
        Slot<K, V> add(Slot<K, V> slot, Predicate<Pid> alive, Consumer<Slot<K, V>> replaced) {
            map.compute(slot.key, (key, slots) -> {
                Set<Slot<K, V>> set = slots != null ? slots : ConcurrentHashMap.newKeySet();
                set.add(slot);
                return set;
            });
            added();
            return null;
        }

        @Override
        boolean remove(Slot<K, V> slot) {
            boolean[] removed = {false};
            map.computeIfPresent(slot.key, (key, slots) -> {
                removed[0] = slots.remove(slot);
                return slots.isEmpty() ? null : slots;
            });
            if (removed[0]) {
                removed();
            }
            return removed[0];
        }

        @Override
        void forKey(K key, Consumer<Slot<K, V>> action) {
            Set<Slot<K, V>> slots = map.get(key);
            if (slots != null) {
                slots.forEach(action);
            }
        }

        @Override
        void forAll(Consumer<Slot<K, V>> action) {
            map.values().forEach(slots -> slots.forEach(action));
        }

        @Override
        void clear() {
            map.clear();
        }
    }
}
