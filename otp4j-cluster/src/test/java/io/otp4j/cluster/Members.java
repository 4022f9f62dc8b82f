package io.otp4j.cluster;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import io.otp4j.testing.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Nodes of one JVM joined in a cluster of their own over JGroups' shared loopback (a fresh cluster name each,
 * so tests never meet), closed together.
 */
final class Members implements AutoCloseable {

    static final String SECRET = "s3cret-for-tests";
    private static final Engine ENGINE = Engine.get();

    final String clusterName = "otp4j-test-" + UUID.randomUUID();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();

    ClusterConfig config() {
        return ClusterConfig.of(clusterName)
                .withTransport(ClusterConfig.Transport.SHARED_LOOPBACK)
                .withSecret(SECRET)
                .withAllowedPackage("io.otp4j.cluster");
    }

    /** Starts a node and joins it. */
    Cluster join(String name) {
        return join(Node.start(name));
    }

    Cluster join(Node node) {
        return join(node, config());
    }

    /** Starts a node and joins it with {@code config}, a change of {@link #config()}. */
    Cluster join(String name, java.util.function.UnaryOperator<ClusterConfig> change) {
        return join(Node.start(name), change.apply(config()));
    }

    private Cluster join(Node node, ClusterConfig config) {
        nodes.add(node);
        Cluster cluster = Cluster.join(node, config);
        clusters.add(cluster);
        return cluster;
    }

    /** Waits until each of {@code clusters} sees all the others. */
    static void connected(Cluster... clusters) {
        for (Cluster cluster : clusters) {
            for (Cluster other : clusters) {
                if (other != cluster) {
                    String name = other.node().name();
                    Eventually.until(() -> cluster.nodes().contains(name), cluster + " sees " + name);
                }
            }
        }
    }

    /** {@return {@code pid} as {@code node} sees it, as if it had been decoded there} */
    static Pid seenFrom(Node node, Pid pid) {
        return ENGINE.pid(node, pid.node(), ENGINE.creation(pid), pid.id());
    }

    static Set<String> names(Cluster cluster) {
        return cluster.nodes();
    }

    @Override
    public void close() {
        clusters.forEach(Cluster::close);
        nodes.forEach(Node::close);
    }
}
