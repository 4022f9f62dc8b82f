package io.otp4j.cluster;

import java.util.Objects;

/**
 * A message to a node watcher ({@link Cluster#monitorNodes}, {@link Cluster#monitorNode}): the node {@code node}
 * left the cluster or was lost (Erlang's {@code {nodedown, Node}}).
 *
 * @param node the name of the node that left or was lost
 */
public record NodeDown(String node) {
    /** Checks the argument. */
    public NodeDown {
        Objects.requireNonNull(node, "node");
    }
}
