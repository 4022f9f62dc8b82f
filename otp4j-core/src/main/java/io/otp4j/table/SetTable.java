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
     * @param node the node whose tables are searched
     * @param name the table's name, given with {@link TableOptions#withName}
     * @param <K> the key type the caller expects
     * @param <V> the value type the caller expects
     * @throws IllegalArgumentException if the table with that name is a bag
     */
    static <K, V> Optional<SetTable<K, V>> whereis(Node node, String name) {
        return TableManager.whereis(node, name, SetTable.class);
    }

    /**
     * {@return the value under {@code key}, if any} ({@code ets:lookup/2})
     *
     * @param key the key to look up
     */
    Optional<V> lookup(K key);

    /**
     * {@return a part of the value under {@code key}} ({@code ets:lookup_element/3}), read by {@code element}
     *
     * @param key the key to look up
     * @param element reads the part wanted from the value
     * @param <R> the part's type
     * @throws java.util.NoSuchElementException if the key is absent
     */
    <R> R lookupElement(K key, Function<? super V, ? extends R> element);

    /**
     * {@return a part of the value under {@code key}, or {@code orElse} if the key is absent} ({@code
     * ets:lookup_element/4})
     *
     * @param key the key to look up
     * @param element reads the part wanted from the value
     * @param orElse what to return when the key is absent
     * @param <R> the part's type
     */
    <R> R lookupElement(K key, Function<? super V, ? extends R> element, R orElse);

    /**
     * Adds {@code increment} to the counter {@code field} of the value under {@code key}, atomically ({@code
     * ets:update_counter/3}).
     *
     * @param key the key whose value holds the counter
     * @param field how to read the count from the value and write a new one
     * @param increment what to add; negative to count down
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
     * @param key the key whose value holds the counter
     * @param field how to read the count from the value and write a new one
     * @param increment what to add; negative to count down
     * @param initial the value to start from when the key is absent, its count before the increment
     * @return the new count
     * @throws ArithmeticException if the count would overflow a {@code long}; the value is left as it was
     */
    long updateCounter(K key, CounterField<V> field, long increment, V initial);

    /**
     * Replaces the value under {@code key} with {@code update} applied to it, atomically ({@code
     * ets:update_element/3}, with a function for the element positions). {@code update} may run more than once
     * when writers race on the key, so it must be free of side effects.
     *
     * @param key the key whose value is replaced
     * @param update makes the new value from the current one; never returns null
     * @return whether the key was present (false: nothing changed)
     */
    boolean updateElement(K key, UnaryOperator<V> update);
}
