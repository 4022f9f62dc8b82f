package io.otp4j.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The figures of a cluster demo's run, all measured: who joined, what each shard answered (before and after the
 * node-down), what failed and why, and how long the survivors took to see the killed node go.
 *
 * @param joined the nodes that saw all the others up and monitored their shards
 * @param killed the node whose JVM was killed
 * @param killedPid its JVM's pid
 * @param killedExit its JVM's exit value (137 for a kill -9), or -1 if it had not exited
 * @param servedByShard calls answered by each node's shard, as their callers counted them
 * @param servedAfterDown of those, the calls made after their caller had seen the node-down
 * @param madeBy calls each node's clients made (for the killed node: up to its last report)
 * @param failures calls that got no answer, by cause
 * @param allowed answers that allowed the request
 * @param refused answers that refused it (the key's bucket was empty)
 * @param nodeDownAfter for each survivor, the time from the kill to its NodeDown of the killed node
 * @param shardDownAfter for each survivor, the time from the kill to the {@code noconnection} Down of its monitor
 *     of the killed node's shard
 * @param keysMoved keys the killed node's shard owned, by the survivor that owns each after it
 */
record ClusterSummary(
        Set<String> joined,
        String killed,
        long killedPid,
        int killedExit,
        Map<String, Long> servedByShard,
        Map<String, Long> servedAfterDown,
        Map<String, Long> madeBy,
        Map<String, Long> failures,
        long allowed,
        long refused,
        Map<String, Duration> nodeDownAfter,
        Map<String, Duration> shardDownAfter,
        Map<String, Integer> keysMoved) {

    ClusterSummary {
        joined = Set.copyOf(joined);
        servedByShard = Map.copyOf(servedByShard);
        servedAfterDown = Map.copyOf(servedAfterDown);
        madeBy = Map.copyOf(madeBy);
        failures = Map.copyOf(failures);
        nodeDownAfter = Map.copyOf(nodeDownAfter);
        shardDownAfter = Map.copyOf(shardDownAfter);
        keysMoved = Map.copyOf(keysMoved);
    }

    /** {@return the summary of what {@code figures} hold}, the kill having been at {@code killMicros} */
    static ClusterSummary of(
            ClusterFigures figures,
            List<String> nodes,
            String killed,
            long killedPid,
            int killedExit,
            long killMicros) {
        Map<String, Integer> moved = new TreeMap<>();
        List<String> survivors = nodes.stream().filter(n -> !n.equals(killed)).toList();
        for (int k = 0; k < ClusterClients.KEYS; k++) {
            String key = "user-" + k;
            if (ShardOwners.owner(key, nodes).equals(killed)) {
                moved.merge(ShardOwners.owner(key, survivors), 1, Integer::sum);
            }
        }
        return new ClusterSummary(
                figures.ready().keySet(),
                killed,
                killedPid,
                killedExit,
                figures.servedByShard(),
                figures.servedAfterDown(),
                figures.madeBy(),
                figures.failures(),
                figures.allowed(),
                figures.refused(),
                figures.firstSeen("NodeDown", killed::equals, killMicros),
                figures.firstSeen("Down", about -> ClusterFigures.isShardLoss(about, killed), killMicros),
                moved);
    }

    /** Prints the summary. */
    void print(PrintStream out) {
        out.println("\n3. Summary, as measured");
        out.printf(
                Locale.ROOT,
                "   joined: %s (each saw the others up and monitored their shards)%n",
                String.join(", ", new TreeSet<>(joined)));
        List<String> answered = new ArrayList<>();
        new TreeMap<>(servedByShard).forEach((node, count) -> answered.add(answeredBy(node, count)));
        out.println("   calls answered by each node's shard: " + String.join(", ", answered));
        List<String> made = new ArrayList<>();
        new TreeMap<>(madeBy)
                .forEach((node, count) -> made.add(String.format(
                        Locale.ROOT, node.equals(killed) ? "%s %,d (up to its last report)" : "%s %,d", node, count)));
        out.println("   calls made by each node's clients: " + String.join(", ", made));
        out.printf(
                Locale.ROOT,
                "   the limiter allowed %,d and refused %,d (buckets of %d tokens, %.0f a second, per key)%n",
                allowed,
                refused,
                ClusterMember.CAPACITY,
                ClusterMember.PER_SECOND);
        List<String> failed = new ArrayList<>();
        new TreeMap<>(failures)
                .forEach((cause, count) -> failed.add(String.format(Locale.ROOT, "%s %,d", cause, count)));
        out.println("   calls failed, by cause: " + (failed.isEmpty() ? "none" : String.join(", ", failed)));
        out.printf(
                Locale.ROOT,
                "   %s killed (pid %d, exit value %d); the node-down seen after: %s%n",
                killed,
                killedPid,
                killedExit,
                detection());
        List<String> keys = new ArrayList<>();
        moved().forEach((node, count) -> keys.add(String.format(Locale.ROOT, "%,d to %s", count, node)));
        out.printf(
                Locale.ROOT,
                "   %s's shard owned %,d of the %,d keys; after it they went %s, the other keys stayed%n",
                killed,
                keysMoved.values().stream().mapToInt(Integer::intValue).sum(),
                ClusterClients.KEYS,
                String.join(" and ", keys));
    }

    private String answeredBy(String node, long count) {
        return node.equals(killed)
                ? String.format(Locale.ROOT, "%s %,d (until it was killed)", node, count)
                : String.format(
                        Locale.ROOT,
                        "%s %,d (%,d after the node-down)",
                        node,
                        count,
                        servedAfterDown.getOrDefault(node, 0L));
    }

    private Map<String, Integer> moved() {
        return new TreeMap<>(keysMoved);
    }

    private String detection() {
        List<String> parts = new ArrayList<>();
        Set<String> survivors = new TreeSet<>(joined);
        survivors.remove(killed);
        for (String node : survivors) {
            parts.add(String.format(
                    Locale.ROOT,
                    "%s NodeDown %s, Down(noconnection) of its shard %s",
                    node,
                    millis(nodeDownAfter.get(node)),
                    millis(shardDownAfter.get(node))));
        }
        return String.join("; ", parts);
    }

    private static String millis(@Nullable Duration d) {
        return d == null ? "not seen" : String.format(Locale.ROOT, "%,d ms", d.toMillis());
    }
}
