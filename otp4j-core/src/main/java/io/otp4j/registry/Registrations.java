package io.otp4j.registry;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The write side of a registry: a registrant's slots, added to and removed from the table and from its owner
 * record in the partition its pid hashes to, kept in step, with the listeners told. Registrations run on the
 * registrant's own thread, cleanups on its partition's, after the registrant has exited.
 */
final class Registrations<K, V> {

    private final Node node;
    private final String name;
    private final Table<K, V> table;
    private final Partitions<K, V> partitions;
    private final Listeners listeners;

    Registrations(Node node, String name, Table<K, V> table, Partitions<K, V> partitions, Listeners listeners) {
        this.node = node;
        this.name = name;
        this.table = table;
        this.partitions = partitions;
        this.listeners = listeners;
    }

    /** {@return the owner record of {@code pid}, if it has registered and not exited since} */
    Partition.@Nullable Owner<K, V> owner(Pid pid) {
        return partitions.of(pid).owners.get(pid);
    }

    /**
     * Registers {@code pid} under {@code key} with {@code value}.
     *
     * @throws AlreadyRegisteredException with unique keys, if a live process holds the key
     */
    void register(Pid pid, K key, V value) {
        Partition<K, V> partition = partitions.of(pid);
        Slot<K, V> slot = new Slot<>(key, pid, value);
        for (; ; ) {
            Partition.Owner<K, V> owner = partition.owner(pid);
            owner.slots.add(slot);
            Slot<K, V> holder = table.add(slot, node::isAlive, this::takenOver);
            if (holder != null) {
                owner.slots.remove(slot);
                throw new AlreadyRegisteredException(name, key, holder.pid);
            }
            // The owner record is dropped only after the registrant's exit, so this holds unless the context was
            // used from another thread after its process died; then undo and let the next owner watch it.
            if (partition.owners.get(pid) == owner) {
                break;
            }
            table.remove(slot);
        }
        listeners.notify(new RegistryEvent.Registered(name, key, pid, value));
    }

    /** A unique key was taken over from a process that is no longer alive: its entry is gone now. */
    private void takenOver(Slot<K, V> old) {
        Partition.Owner<K, V> owner = owner(old.pid);
        if (owner != null) {
            owner.slots.remove(old);
        }
        listeners.notify(new RegistryEvent.Unregistered(name, old.key, old.pid));
    }

    /** Removes the entries of {@code pid} under {@code key} whose value {@code match} accepts; {@return how many} */
    int unregisterMatch(Pid pid, K key, Predicate<? super V> match) {
        Partition.Owner<K, V> owner = owner(pid);
        if (owner == null) {
            return 0;
        }
        int removed = 0;
        for (Slot<K, V> slot : owner.slots) {
            if (slot.key.equals(key) && match.test(slot.value)) {
                owner.slots.remove(slot);
                if (table.remove(slot)) {
                    removed++;
                    listeners.notify(new RegistryEvent.Unregistered(name, key, pid));
                }
            }
        }
        return removed;
    }

    /** Removes the slots of a registrant that exited; runs on its partition's thread. */
    void cleanUp(Partition.Owner<K, V> owner) {
        for (Slot<K, V> slot : owner.slots) {
            if (table.remove(slot)) {
                listeners.notify(new RegistryEvent.Unregistered(name, slot.key, slot.pid));
            }
        }
    }

    /** Drops every entry and owner record: the registry has stopped and can no longer keep them up to date. */
    void clear() {
        table.clear();
        partitions.clearOwners();
    }
}
