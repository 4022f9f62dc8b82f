package io.otp4j.cluster;

import java.util.Objects;

/**
 * A message to a node watcher ({@link Cluster#monitorNodes}): the node {@code node} joined the cluster.
 *
 * @param node the name of the node that joined
 */
public record NodeUp(String node) {
    /** Checks the argument. */
    public NodeUp {
        Objects.requireNonNull(node, "node");
    }
}
