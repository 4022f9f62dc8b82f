package io.otp4j.cluster;

import java.util.Objects;

/**
 * The exit reason of a process that held a key of a {@link QuorumNames} map when its node lost the majority (its
 * lease ran out), or whose key the majority removed: the key may now be another process's.
 *
 * @param map the map's name
 * @param node the node that lost the majority
 * @param key the key the process held
 */
public record QuorumLost(String map, String node, Object key) {

    /** Checks the arguments. */
    public QuorumLost {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "quorum lost: node " + node + " is out of the majority of the quorum map \"" + map + "\", so the holder"
                + " of " + key + " stops";
    }
}
