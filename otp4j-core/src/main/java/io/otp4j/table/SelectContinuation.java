package io.otp4j.table;

import java.util.Iterator;
import java.util.function.BiPredicate;

/**
 * Where a {@link Table#select(BiPredicate, int) select} with a limit stopped: pass it to {@link
 * Table#select(SelectContinuation)} for the next page. It keeps the predicate and the limit.
 *
 * <p>An ordered set's continuation is the last key scanned: it may be used again, and each use scans the keys
 * after it as they are then. A set's or bag's continuation holds the scan itself (in hash order, which has no
 * key to resume from): it may be used once; a second use throws {@link IllegalStateException}. As with ETS, a
 * scan sees every object present throughout it once, and may or may not see objects written meanwhile.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SelectContinuation<K, V> {

    /** Produces the rest of the scan; a one-shot source throws when asked twice. */
    @FunctionalInterface
    interface Rest<K, V> {
        Iterator<Entry<K, V>> resume();
    }

    final TableCore<K, V> table;
    final BiPredicate<? super K, ? super V> match;
    final int limit;
    final Rest<K, V> rest;

    SelectContinuation(TableCore<K, V> table, BiPredicate<? super K, ? super V> match, int limit, Rest<K, V> rest) {
        this.table = table;
        this.match = match;
        this.limit = limit;
        this.rest = rest;
    }

    /** {@return the table this continuation scans} */
    public Table<K, V> table() {
        return table;
    }

    /** {@return the page size} */
    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "SelectContinuation[" + table + ", limit " + limit + "]";
    }
}
