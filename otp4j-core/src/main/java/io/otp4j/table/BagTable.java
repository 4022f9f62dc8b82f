package io.otp4j.table;

import io.otp4j.process.Node;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A table with several values per key: ETS's {@code bag} (no two equal values under one key) or {@code
 * duplicate_bag} (equal values too). A key's values keep the order they were inserted in. Created by {@link
 * Table#bag} or {@link Table#duplicateBag}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public sealed interface BagTable<K, V> extends Table<K, V> permits BagTableImpl {

    /**
     * {@return the live bag or duplicate-bag table of {@code node} named {@code name}, if any}. The caller
     * states the key and value types; as in ETS, they are not checked.
     *
     * @param node the node whose tables are searched
     * @param name the table's name, given with {@link TableOptions#withName}
     * @param <K> the key type the caller expects
     * @param <V> the value type the caller expects
     * @throws IllegalArgumentException if the table with that name is a set
     */
    static <K, V> Optional<BagTable<K, V>> whereis(Node node, String name) {
        return TableManager.whereis(node, name, BagTable.class);
    }

    /**
     * {@return the values under {@code key}, oldest first; empty if none} ({@code ets:lookup/2})
     *
     * @param key the key to look up
     */
    List<V> lookup(K key);

    /**
     * {@return a part of each value under {@code key}, oldest first} ({@code ets:lookup_element/3})
     *
     * @param key the key to look up
     * @param element reads the part wanted from each value
     * @param <R> the part's type
     * @throws java.util.NoSuchElementException if the key is absent
     */
    <R> List<R> lookupElement(K key, Function<? super V, ? extends R> element);
}
