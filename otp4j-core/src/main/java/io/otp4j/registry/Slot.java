package io.otp4j.registry;

import io.otp4j.process.Pid;

/**
 * One registration as the registry stores it. Compared by identity: two registrations of one key by one process
 * (allowed with duplicate keys) are two slots, and removing one never removes another.
 */
final class Slot<K, V> {

    final K key;
    final Pid pid;

    /**
     * Written only by the registrant ({@link Registry#updateValue}); volatile, so a reader on another thread sees
     * the latest value and everything the registrant did before writing it.
     */
    volatile V value;

    Slot(K key, Pid pid, V value) {
        this.key = key;
        this.pid = pid;
        this.value = value;
    }

    Entry<K, V> entry() {
        return new Entry<>(key, pid, value);
    }

    @Override
    public String toString() {
        return key + " -> " + pid;
    }
}
