package io.otp4j.table;

import io.otp4j.process.Node;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A table with at most one value per key: ETS's {@code set} (keys in hash order) or {@code ordered_set} (keys
 * in order). Created by {@link Table#set} or {@link Table#orderedSet}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public sealed interface SetTable<K, V> extends Table<K, V> permits SetTableImpl {

    /**
     * {@return the live set or ordered-set table of {@code node} named {@code name}, if any}. The caller states
     * the key and value types; as in ETS, they are not checked.
     *
     * @throws IllegalArgumentException if the table with that name is a bag
     */
    static <K, V> Optional<SetTable<K, V>> whereis(Node node, String name) {
        return TableManager.whereis(node, name, SetTable.class);
    }

    /** {@return the value under {@code key}, if any} ({@code ets:lookup/2}) */
    Optional<V> lookup(K key);

    /**
     * {@return a part of the value under {@code key}} ({@code ets:lookup_element/3}), read by {@code element}
     *
     * @throws java.util.NoSuchElementException if the key is absent
     */
    <R> R lookupElement(K key, Function<? super V, ? extends R> element);

    /** {@return a part of the value under {@code key}, or {@code orElse} if the key is absent} ({@code ets:lookup_element/4}) */
    <R> R lookupElement(K key, Function<? super V, ? extends R> element, R orElse);

    /**
     * Adds {@code increment} to the counter {@code field} of the value under {@code key}, atomically ({@code
     * ets:update_counter/3}).
     *
     * @return the new count
     * @throws java.util.NoSuchElementException if the key is absent
     * @throws ArithmeticException if the count would overflow a {@code long}; the value is left as it was
     */
    long updateCounter(K key, CounterField<V> field, long increment);

    /**
     * Adds {@code increment} to the counter {@code field} of the value under {@code key}, atomically, starting
     * from {@code initial} when the key is absent ({@code ets:update_counter/4}): the update of a missing key
     * inserts {@code initial} with its count increased, in one step.
     *
     * @return the new count
     * @throws ArithmeticException if the count would overflow a {@code long}; the value is left as it was
     */
    long updateCounter(K key, CounterField<V> field, long increment, V initial);

    /**
     * Replaces the value under {@code key} with {@code update} applied to it, atomically ({@code
     * ets:update_element/3}, with a function for the element positions). {@code update} may run more than once
     * when writers race on the key, so it must be free of side effects.
     *
     * @return whether the key was present (false: nothing changed)
     */
    boolean updateElement(K key, UnaryOperator<V> update);
}
