package io.otp4j.table;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * {@code first}/{@code next} over a hash table's keys. A concurrent hash map has no "key after this one", so the
 * walk keeps the iterator of the last {@code first}/{@code next} parked here with the key it returned: a {@code
 * next} from that key resumes the iterator in constant time (and, as with ETS's {@code safe_fixtable}, sees
 * every key present throughout the walk exactly once, even if the key it resumes from was deleted meanwhile).
 * Any other {@code next} finds its key by a fresh scan: linear, and only for a key still in the table.
 *
 * <p>The parked cursor is taken with {@code getAndSet(null)}, so one caller at a time owns it; two walks that
 * interleave on one table fall back to scans.
 */
final class HashWalk<K> {

    private static final class Cursor<K> {
        K last;
        final Iterator<K> keys;

        Cursor(K last, Iterator<K> keys) {
            this.last = last;
            this.keys = keys;
        }
    }

    private final AtomicReference<@Nullable Cursor<K>> parked = new AtomicReference<>();

    Optional<K> first(Set<K> keys) {
        Iterator<K> it = keys.iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        K first = it.next();
        parked.set(new Cursor<>(first, it));
        return Optional.of(first);
    }

    Optional<K> next(Set<K> keys, K key, Object table) {
        Cursor<K> cursor = parked.getAndSet(null);
        if (cursor == null || !cursor.last.equals(key)) {
            cursor = new Cursor<>(key, scanTo(keys, key, table));
        }
        if (!cursor.keys.hasNext()) {
            return Optional.empty();
        }
        cursor.last = cursor.keys.next();
        parked.set(cursor);
        return Optional.of(cursor.last);
    }

    private static <K> Iterator<K> scanTo(Set<K> keys, K key, Object table) {
        if (keys.contains(key)) {
            Iterator<K> it = keys.iterator();
            while (it.hasNext()) {
                if (it.next().equals(key)) {
                    return it;
                }
            }
        }
        throw new NoSuchElementException("key " + key + " is not in table " + table
                + ": next on a set or bag starts from a key in the table (or where the last walk stopped)");
    }
}
