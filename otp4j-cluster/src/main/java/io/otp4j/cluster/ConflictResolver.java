package io.otp4j.cluster;

import java.util.List;

/**
 * Decides who keeps a unique key of a {@link ClusterRegistry} that two or more nodes registered while they could
 * not see each other (or while their registrations crossed). It runs once per conflict, on one node, the
 * coordinator of the cluster's view (ADR 28), so it need not be symmetric; but it should be deterministic: if that
 * node goes away before every loser was told, the next coordinator decides again on what is still in conflict.
 *
 * <p>It runs on the coordinator's registry server: it must be quick and must not call the registry.
 *
 * @param <K> the keys
 * @param <V> the values
 */
@FunctionalInterface
public interface ConflictResolver<K, V> {

    /**
     * {@return the decision on {@code key}}: its winner must be one of {@code entries} (otherwise the default rule
     * decides, and the log says why)
     *
     * @param key the key two or more nodes registered during a split
     * @param entries the conflicting entries, at least two, of different nodes, {@linkplain
     *     ClusterEntry#EARLIEST_FIRST earliest first}
     */
    Resolution<K, V> resolve(K key, List<ClusterEntry<K, V>> entries);

    /**
     * {@return the default rule}: the earliest registration keeps the key, the others are stopped
     *
     * @param <K> the keys
     * @param <V> the values
     */
    static <K, V> ConflictResolver<K, V> earliest() {
        return (key, entries) -> Resolution.stop(entries.stream()
                .min(ClusterEntry.EARLIEST_FIRST)
                .orElseThrow(() -> new IllegalArgumentException("a conflict on " + key + " without entries")));
    }
}
