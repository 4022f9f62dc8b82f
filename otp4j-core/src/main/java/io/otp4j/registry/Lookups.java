package io.otp4j.registry;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The read side of a registry: lookups, matches and selections that read the table on the caller's thread, no
 * process involved. With unique keys a key is one hash probe; lookups skip the entries of registrants that are
 * no longer alive but not yet cleaned up, matches and selections do not (as the registry's docs say).
 */
final class Lookups<K, V> {

    private final Node node;
    private final Table<K, V> table;

    Lookups(Node node, Table<K, V> table) {
        this.node = node;
        this.table = table;
    }

    /** {@return the entries under {@code key} of live processes} */
    List<Entry<K, V>> lookup(K key) {
        if (table instanceof Table.Unique<K, V> unique) {
            Slot<K, V> slot = unique.get(key);
            return slot != null && node.isAlive(slot.pid) ? List.of(slot.entry()) : List.of();
        }
        List<Entry<K, V>> entries = new ArrayList<>();
        table.forKey(key, slot -> {
            if (node.isAlive(slot.pid)) {
                entries.add(slot.entry());
            }
        });
        return entries;
    }

    /** {@return the live process under {@code key}; with duplicate keys, one of them} */
    Optional<Pid> whereis(K key) {
        if (table instanceof Table.Unique<K, V> unique) {
            Slot<K, V> slot = unique.get(key);
            return slot != null && node.isAlive(slot.pid) ? Optional.of(slot.pid) : Optional.empty();
        }
        return lookup(key).stream().map(Entry::pid).findFirst();
    }

    /** {@return the values {@code pid} has registered under {@code key}} */
    List<V> values(K key, Pid pid) {
        List<V> values = new ArrayList<>();
        table.forKey(key, slot -> {
            if (slot.pid.equals(pid)) {
                values.add(slot.value);
            }
        });
        return values;
    }

    /** {@return the entries under {@code key} whose value {@code match} accepts} */
    List<Entry<K, V>> match(K key, Predicate<? super V> match) {
        List<Entry<K, V>> entries = new ArrayList<>();
        table.forKey(key, slot -> {
            Entry<K, V> entry = slot.entry();
            if (match.test(entry.value())) {
                entries.add(entry);
            }
        });
        return entries;
    }

    /** {@return every entry that {@code filter} accepts, over all keys} */
    List<Entry<K, V>> select(Predicate<? super Entry<K, V>> filter) {
        List<Entry<K, V>> entries = new ArrayList<>();
        table.forAll(slot -> {
            Entry<K, V> entry = slot.entry();
            if (filter.test(entry)) {
                entries.add(entry);
            }
        });
        return entries;
    }
}
