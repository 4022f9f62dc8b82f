package io.otp4j.table;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Where a value keeps the counter that {@link SetTable#updateCounter} updates: how to read it, and how to make
 * the value with a new count (ETS's element position in {@code update_counter}). For a table whose values are
 * the counters themselves, use {@link #value()}:
 *
 * {@snippet class="io.otp4j.table.DocSnippetsTest" region="value"}
 *
 * <p>For a record holding a counter among other fields:
 *
 * {@snippet class="io.otp4j.table.DocSnippetsTest" region="record"}
 *
 * <p>Both functions may run more than once for one update when other writers race on the same key, so they
 * must be free of side effects.
 *
 * @param read reads the count from a value
 * @param write makes a value like the given one, with the given count
 * @param <V> the table's value type
 */
public record CounterField<V>(ToLongFunction<? super V> read, Writer<V> write) {

    private static final CounterField<Long> VALUE = new CounterField<>(Long::longValue, (v, n) -> n);

    /** Checks that neither function is null. */
    public CounterField {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
    }

    /**
     * {@return a field read by {@code read} and replaced by {@code write}}
     *
     * @param read reads the count from a value; free of side effects, as it may run more than once per update
     * @param write makes a value like the given one with the given count, never null; free of side effects
     * @param <V> the table's value type
     */
    public static <V> CounterField<V> of(ToLongFunction<? super V> read, Writer<V> write) {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        return new CounterField<>(read, write);
    }

    /** {@return the field for tables whose values are {@code Long} counters} */
    public static CounterField<Long> value() {
        return VALUE;
    }

    /**
     * Makes a value with a new count.
     *
     * @param <V> the value type
     */
    @FunctionalInterface
    public interface Writer<V> {
        /**
         * {@return a value like {@code value}, with the count {@code count}} (not null)
         *
         * @param value the value now in the table
         * @param count the new count: the old one plus the update's increment
         */
        V with(V value, long count);
    }
}
