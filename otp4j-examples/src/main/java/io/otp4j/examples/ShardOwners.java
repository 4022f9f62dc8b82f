package io.otp4j.examples;

import java.util.Collection;
import java.util.Objects;

/**
 * Which node's shard owns a key, among the nodes alive now: rendezvous (highest random weight) hashing. Each node
 * gets a weight for the key from a hash of both, and the heaviest owns it. When a node goes, only its keys move,
 * each to the node that weighs most for it among those left, so the survivors share them; the keys of the others
 * stay where they are. Every node computes the same owner from the same members, with no coordination: the
 * hashes are those of {@link String#hashCode}, the same in every JVM.
 */
final class ShardOwners {

    private ShardOwners() {}

    /**
     * {@return the owner of {@code key} among {@code nodes}}
     *
     * @throws IllegalArgumentException if {@code nodes} is empty
     */
    static String owner(String key, Collection<String> nodes) {
        Objects.requireNonNull(key, "key");
        String best = null;
        long bestWeight = 0;
        for (String node : nodes) {
            long weight = weight(key, node);
            if (best == null || Long.compareUnsigned(weight, bestWeight) > 0) {
                best = node;
                bestWeight = weight;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no node to own key " + key);
        }
        return best;
    }

    /** {@return the weight of {@code node} for {@code key}}: both hashes mixed by SplitMix64's finalizer. */
    static long weight(String key, String node) {
        long z = ((long) key.hashCode() << 32) ^ (node.hashCode() & 0xFFFF_FFFFL);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
