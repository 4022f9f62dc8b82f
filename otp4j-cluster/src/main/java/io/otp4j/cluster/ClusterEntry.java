package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.Comparator;
import java.util.Objects;

/**
 * One registration of a {@link ClusterRegistry}: a key, the process that registered it (on its own node), its
 * value, and the entry's identity. A snapshot; it crosses the wire between the registry's servers.
 *
 * <p>An entry is identified by its node ({@code pid().node()}), the incarnation of that node's registry server and
 * a sequence number the server gives each registration: two entries are the same registration when those three
 * agree ({@link #sameAs}). {@link #EARLIEST_FIRST} orders entries by registration time, then node name,
 * incarnation and sequence: the default rule of a conflict keeps the first.
 *
 * @param <K> the keys
 * @param <V> the values
 * @param key the key
 * @param pid the registered process
 * @param value its value
 * @param registeredAt when the owning node registered it, in milliseconds since the epoch by that node's clock
 * @param incarnation the owning registry server's incarnation (its start time, by that node's clock)
 * @param sequence the registration's number within that incarnation, from 1
 */
public record ClusterEntry<K, V>(K key, Pid pid, V value, long registeredAt, long incarnation, long sequence) {

    /** The earliest registration first; ties by node name, then incarnation, then sequence: a total order. */
    public static final Comparator<ClusterEntry<?, ?>> EARLIEST_FIRST = Comparator.<ClusterEntry<?, ?>>comparingLong(
                    ClusterEntry::registeredAt)
            .thenComparing(ClusterEntry::node)
            .thenComparingLong(ClusterEntry::incarnation)
            .thenComparingLong(ClusterEntry::sequence);

    /** Checks the arguments. */
    public ClusterEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(value, "value");
        if (sequence < 1) {
            throw new IllegalArgumentException("an entry's sequence starts at 1, was " + sequence);
        }
    }

    /** {@return the node that owns the entry: its process's} */
    public String node() {
        return pid.node();
    }

    /**
     * {@return whether {@code other} is the same registration}, as this node or another holds it
     *
     * @param other an entry of any registry, as this node or another holds it
     */
    public boolean sameAs(ClusterEntry<?, ?> other) {
        return sequence == other.sequence && incarnation == other.incarnation && node().equals(other.node());
    }

    /** {@return the entry's identity, as a map key} */
    EntryId id() {
        return new EntryId(node(), incarnation, sequence);
    }

    /** The identity of a registration: its node, its server's incarnation and its sequence. */
    record EntryId(String node, long incarnation, long sequence) {}
}
