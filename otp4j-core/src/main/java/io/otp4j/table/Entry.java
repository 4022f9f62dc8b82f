package io.otp4j.table;

import java.util.Objects;

/**
 * One object of a table: a key and a value (an ETS object is a tuple holding its key; here the two are apart,
 * and typed).
 *
 * @param key the key
 * @param value the value
 * @param <K> the key type
 * @param <V> the value type
 */
public record Entry<K, V>(K key, V value) {

    /** Checks that neither part is null. */
    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
