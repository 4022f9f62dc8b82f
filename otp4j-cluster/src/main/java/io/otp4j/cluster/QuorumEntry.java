package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * One entry of a {@link QuorumNames} map: a key, the process that holds it and the value it registered with.
 *
 * @param key the key
 * @param pid the holder
 * @param value the value
 * @param <K> the keys
 * @param <V> the values
 */
public record QuorumEntry<K, V>(K key, Pid pid, V value) {

    /** Checks the arguments. */
    public QuorumEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(value, "value");
    }
}
