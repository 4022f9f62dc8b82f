package io.otp4j.table;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Where a value keeps the counter that {@link SetTable#updateCounter} updates: how to read it, and how to make
 * the value with a new count (ETS's element position in {@code update_counter}). For a table whose values are
 * the counters themselves, use {@link #value()}:
 *
 * {@snippet :
 * SetTable<String, Long> hits = Table.set(self, TableOptions.defaults().withAccess(TableAccess.PUBLIC));
 * long n = hits.updateCounter("/index", CounterField.value(), 1, 0L);   // 1
 * }
 *
 * <p>For a record holding a counter among other fields:
 *
 * {@snippet :
 * record Stats(String page, long views) {}
 * CounterField<Stats> views = CounterField.of(Stats::views, (s, n) -> new Stats(s.page(), n));
 * }
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

    /** {@return a field read by {@code read} and replaced by {@code write}} */
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
        /** {@return a value like {@code value}, with the count {@code count}} (not null) */
        V with(V value, long count);
    }
}
