package io.otp4j.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a {@link DistributedSupervisor}'s child runs: a pure function of the child's id and the sorted names of the
 * nodes that run the supervisor. Every node computes it for itself, so it must give every node the same answer
 * for the same arguments (no randomness, no clock, no local state), and must return one of {@code nodes}.
 *
 * <p>The default, {@link #rendezvous()}, moves the fewest children when a node comes or goes: a node that leaves
 * takes only its own children away, and a node that joins takes only those it now wins.
 */
@FunctionalInterface
public interface Placement {

    /**
     * {@return the node, one of {@code nodes}, that runs the child {@code childId}}
     *
     * @param childId the child's id
     * @param nodes the nodes that run the supervisor, sorted by name, never empty
     */
    String place(String childId, List<String> nodes);

    /**
     * {@return rendezvous (highest random weight) hashing}: each node gets a 64-bit weight from a hash of its name
     * and the child's id, and the heaviest node (the first by name on a tie) runs the child.
     */
    static Placement rendezvous() {
        return Rendezvous.INSTANCE;
    }

    /** Rendezvous hashing over FNV-1a, mixed by the finaliser of MurmurHash3. */
    enum Rendezvous implements Placement {
        INSTANCE;

        @Override
        public String place(String childId, List<String> nodes) {
            byte[] id = childId.getBytes(StandardCharsets.UTF_8);
            String best = nodes.get(0);
            long bestWeight = weight(best, id);
            for (int i = 1; i < nodes.size(); i++) {
                String node = nodes.get(i);
                long weight = weight(node, id);
                if (Long.compareUnsigned(weight, bestWeight) > 0
                        || (weight == bestWeight && node.compareTo(best) < 0)) {
                    best = node;
                    bestWeight = weight;
                }
            }
            return best;
        }

        static long weight(String node, byte[] id) {
            long hash = 0xcbf29ce484222325L;
            for (byte b : node.getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            hash = (hash ^ 0xff) * 0x100000001b3L; // a separator no UTF-8 byte equals
            for (byte b : id) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            hash ^= hash >>> 33;
            hash *= 0xff51afd7ed558ccdL;
            hash ^= hash >>> 33;
            hash *= 0xc4ceb9fe1a85ec53L;
            hash ^= hash >>> 33;
            return hash;
        }

        @Override
        public String toString() {
            return "Placement.rendezvous()";
        }
    }
}
