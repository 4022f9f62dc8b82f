package io.otp4j.cluster;

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
        return RendezvousPlacement.INSTANCE;
    }
}
