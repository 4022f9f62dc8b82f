package io.otp4j.cluster;

import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Nodes of one JVM over JGroups' shared loopback, each running the distributed supervisor "counters" of {@link
 * Counter}s. At the end every node stops at once, before its membership closes, so that no node restarts the
 * children of the others on its way out.
 */
final class Supervised implements AutoCloseable {

    static final String NAME = "counters";

    final Members members = new Members();
    final Counter.Book book = new Counter.Book();
    final Map<String, Cluster> clusters = new LinkedHashMap<>();
    final Map<String, DistributedSupervisor> supervisors = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    /** Starts a node named {@code name}, joins it and starts its part of the supervisor. */
    DistributedSupervisor add(String name, DistributedSupervisorConfig config) {
        return add(name, config, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #add(String, DistributedSupervisorConfig)}, joining with the configuration {@code change} makes. */
    DistributedSupervisor add(
            String name, DistributedSupervisorConfig config, java.util.function.UnaryOperator<ClusterConfig> change) {
        Node node = Node.start(name);
        nodes.add(node);
        Cluster cluster = Cluster.join(node, change.apply(members.config()));
        clusters.put(name, cluster);
        DistributedSupervisor supervisor =
                DistributedSupervisor.start(cluster, NAME, Counter.kinds(book, name), config);
        supervisors.put(name, supervisor);
        return supervisor;
    }

    DistributedSupervisor get(String name) {
        return java.util.Objects.requireNonNull(supervisors.get(name), name);
    }

    /** Waits until every supervisor knows every node of {@code names} as a member. */
    void met(List<String> names) {
        for (DistributedSupervisor supervisor : supervisors.values()) {
            if (names.contains(nameOf(supervisor))) {
                Eventually.until(() -> supervisor.members().equals(names), supervisor + " has members " + names);
            }
        }
    }

    private String nameOf(DistributedSupervisor supervisor) {
        return supervisors.entrySet().stream()
                .filter(e -> e.getValue() == supervisor)
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    /** Waits until each of {@code ids} runs on the node {@code where} says, as every node of {@code on} sees it. */
    void runningWhere(List<String> ids, List<String> on, java.util.function.Function<String, String> where) {
        for (String node : on) {
            DistributedSupervisor supervisor = get(node);
            Predicate<String> placed = id -> supervisor
                    .whereis(id)
                    .map(pid -> pid.node().equals(where.apply(id)))
                    .orElse(false);
            try {
                Eventually.until(
                        () -> ids.stream().allMatch(placed), "every child runs where placed, as " + node + " sees");
            } catch (AssertionError e) {
                ids.stream()
                        .filter(placed.negate())
                        .limit(10)
                        .forEach(id -> System.out.printf(
                                "Supervised: %s sees %s at %s, placed on %s; live %s; started on %s%n",
                                node, id, supervisor.whereis(id), where.apply(id), live(id), book.startsOf(id)));
                throw e;
            }
        }
    }

    /** {@return the live instances of child {@code id}}, on the nodes still here */
    List<io.otp4j.process.Pid> live(String id) {
        List<io.otp4j.process.Pid> live = new ArrayList<>();
        for (io.otp4j.process.Pid pid : book.instances.getOrDefault(id, List.of())) {
            Cluster cluster = clusters.get(pid.node());
            if (cluster != null && cluster.node().isAlive(pid)) {
                live.add(pid);
            }
        }
        return live;
    }

    /** Waits until {@code condition} holds, at most {@code limit}; fails naming {@code what} otherwise. */
    static void within(java.time.Duration limit, java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    java.time.Duration.ofMillis(5).toNanos());
        }
    }

    /** Crashes the node {@code name}: its processes end at once, and its membership closes. */
    void crash(String name) {
        Cluster cluster = java.util.Objects.requireNonNull(clusters.remove(name), name);
        supervisors.remove(name);
        Node node = cluster.node();
        node.close();
        cluster.close();
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
        clusters.values().forEach(Cluster::close);
    }
}
