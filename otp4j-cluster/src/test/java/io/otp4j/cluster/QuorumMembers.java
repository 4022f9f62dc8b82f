package io.otp4j.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jgroups.JChannel;

/** Nodes of one JVM in a cluster over shared loopback, each running the same quorum map; closed together. */
final class QuorumMembers implements AutoCloseable {

    private final Members members = new Members();
    private final List<Cluster> clusters = new ArrayList<>();
    private final List<QuorumNames<String, String>> maps = new ArrayList<>();

    /** Starts the nodes {@code prefix-0} … and the map {@code map} on each, then waits until each knows a leader. */
    QuorumMembers(String prefix, int count, UnaryOperator<QuorumConfig> change) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + "-" + i);
        }
        QuorumConfig config = change.apply(QuorumConfig.of("names", names));
        for (String name : names) {
            clusters.add(members.join(name));
        }
        Members.connected(clusters.toArray(Cluster[]::new));
        for (Cluster cluster : clusters) {
            maps.add(QuorumNames.start(cluster, config));
        }
        await(() -> maps.stream().allMatch(QuorumNames::hasLeader), "every member knows a leader", LONG);
    }

    /** Long enough for failure detection (3 s of silence), an election, a lease and a merge on a loaded machine. */
    static final Duration LONG = Duration.ofSeconds(45);

    ClusterConfig clusterConfig() {
        return members.config();
    }

    Cluster cluster(int i) {
        return clusters.get(i);
    }

    QuorumNames<String, String> map(int i) {
        return maps.get(i);
    }

    List<QuorumNames<String, String>> maps() {
        return maps;
    }

    /** Cuts the nodes {@code one} off from the nodes {@code other}: their cluster and quorum channels both. */
    void split(List<Integer> one, List<Integer> other) {
        Partition.split(clustersOf(one), clustersOf(other));
        Partition.splitChannels(channelsOf(one), channelsOf(other));
    }

    /** Heals every split: the clusters and the quorum channels. */
    void heal() {
        Partition.heal(clusters);
        Partition.healChannels(maps.stream().map(map -> map.raft().channel()).toList());
    }

    private List<Cluster> clustersOf(List<Integer> indexes) {
        return indexes.stream().map(clusters::get).toList();
    }

    private List<JChannel> channelsOf(List<Integer> indexes) {
        return indexes.stream().map(i -> maps.get(i).raft().channel()).toList();
    }

    /** Waits until {@code condition} holds, at most {@code limit}; fails naming {@code what} otherwise. */
    static void await(BooleanSupplier condition, String what, Duration limit) {
        await(condition, what, limit, () -> "");
    }

    /**
     * As {@link #await(BooleanSupplier, String, Duration)}, and a failure also tells every member's Raft state:
     * for waits on the log, where the state says why it did not hold.
     */
    void awaitLog(BooleanSupplier condition, String what, Duration limit) {
        await(condition, what, limit, this::raftState);
    }

    /** {@return each member's Raft state, a line each} */
    String raftState() {
        StringBuilder state = new StringBuilder();
        maps.forEach(map -> state.append("\n  ")
                .append(map.raft().describe())
                .append("\n    ")
                .append(map.state().describe()));
        return state.toString();
    }

    private static void await(BooleanSupplier condition, String what, Duration limit, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit + ": " + what + state.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Override
    public void close() {
        maps.forEach(QuorumNames::close);
        members.close();
    }
}
