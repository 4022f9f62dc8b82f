package io.otp4j.cluster;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import io.otp4j.testing.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

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
        return join(node, UnaryOperator.identity());
    }

    /** Starts a node and joins it with the configuration that {@code change} makes of the tests' own. */
    Cluster join(String name, UnaryOperator<ClusterConfig> change) {
        return join(Node.start(name), change);
    }

    Cluster join(Node node, UnaryOperator<ClusterConfig> change) {
        nodes.add(node);
        Cluster cluster = Cluster.join(node, change.apply(config()));
        clusters.add(cluster);
        return cluster;
    }

    /** Starts a node and joins it on a stack with {@code timings}: shorter ones make splits and heals quicker. */
    Cluster join(String name, Stack.Timings timings) {
        Node node = Node.start(name);
        nodes.add(node);
        Cluster cluster = Cluster.join(node, config(), timings);
        clusters.add(cluster);
        return cluster;
    }

    /** {@return a TCP port of 127.0.0.1 that was free a moment ago} */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Joins a node of the name an earlier, closed node had: right after that node left, the cluster may still
     * refuse the name for a moment (a member of that name is still in a view), so a refusal for that reason is
     * retried, for at most {@link Eventually#LIMIT}.
     */
    Cluster rejoin(String name) {
        long deadline = System.nanoTime() + Eventually.LIMIT.toNanos();
        for (; ; ) {
            Node node = Node.start(name);
            try {
                return join(node);
            } catch (ClusterJoinException e) {
                nodes.remove(node);
                node.close();
                if (!String.valueOf(e.getMessage()).contains("a member of that name is already in it")
                        || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(
                        java.time.Duration.ofMillis(50).toNanos());
            }
        }
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
