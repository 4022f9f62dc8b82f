package io.otp4j.registry;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * One registration: a key, the process that registered it, and the value it registered with. A snapshot; a
 * later {@link Registry#updateValue} is not reflected in an entry already read.
 *
 * @param <K> the registry's keys
 * @param <V> the registry's values
 * @param key the key
 * @param pid the process that registered it
 * @param value its value
 */
public record Entry<K, V>(K key, Pid pid, V value) {
    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(value, "value");
    }
}
