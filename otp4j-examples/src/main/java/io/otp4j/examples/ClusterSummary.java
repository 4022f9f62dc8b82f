package io.otp4j.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The figures of a cluster demo's run, all measured: who joined, where the shards ran, what the shards of each node
 * answered (before and after the node-down), what failed and why, how long the survivors took to see the killed
 * node go, and how the killed node's shards started again.
 *
 * @param joined the nodes that saw all the others up, their parts of the supervisor having met
 * @param killed the node whose JVM was killed
 * @param killedPid its JVM's pid
 * @param killedExit its JVM's exit value (137 for a kill -9), or -1 if it had not exited
 * @param servedByShard calls answered by the shards on each node, as their callers counted them
 * @param servedAfterDown of those, the calls made after their caller had seen the node-down
 * @param madeBy calls each node's clients made (for the killed node: up to its last report)
 * @param failures calls that got no answer, by cause
 * @param allowed answers that allowed the request
 * @param refused answers that refused it (the key's bucket was empty)
 * @param nodeDownAfter for each survivor, the time from the kill to its NodeDown of the killed node
 * @param shardsBefore how many shards ran on each node just before the kill
 * @param restarts the shards' starts after the kill: the killed node's, and any other
 * @param lastFailedAfter the time from the kill to the last call that got no answer, if one failed after it
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
        Map<String, Integer> shardsBefore,
        ShardStarts.Restarts restarts,
        Optional<Duration> lastFailedAfter) {

    ClusterSummary {
        joined = Set.copyOf(joined);
        servedByShard = Map.copyOf(servedByShard);
        servedAfterDown = Map.copyOf(servedAfterDown);
        madeBy = Map.copyOf(madeBy);
        failures = Map.copyOf(failures);
        nodeDownAfter = Map.copyOf(nodeDownAfter);
        shardsBefore = Map.copyOf(shardsBefore);
    }

    /** {@return the summary of what {@code figures} hold}, the kill having been at {@code killMicros} */
    static ClusterSummary of(ClusterFigures figures, String killed, long killedPid, int killedExit, long killMicros) {
        long lastFailed = figures.lastFailedMicros();
        Optional<Duration> lastFailedAfter = lastFailed > killMicros
                ? Optional.of(Duration.ofNanos((lastFailed - killMicros) * 1_000))
                : Optional.empty();
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
                ShardStarts.perNode(figures.starts().runningAt(killMicros)),
                figures.starts().restarts(LimiterShards.IDS, killed, killMicros),
                lastFailedAfter);
    }

    /** Prints the summary. */
    void print(PrintStream out) {
        out.println("\n4. Summary, as measured");
        out.printf(
                Locale.ROOT,
                "   joined: %s (each saw the others up; their parts of the supervisor met)%n",
                String.join(", ", new TreeSet<>(joined)));
        List<String> answered = new ArrayList<>();
        new TreeMap<>(servedByShard).forEach((node, count) -> answered.add(answeredBy(node, count)));
        out.println("   calls answered by the shards on each node: " + String.join(", ", answered));
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
                "   %s killed (pid %d, exit value %d); its NodeDown seen after: %s%n",
                killed,
                killedPid,
                killedExit,
                detection());
        out.printf(
                Locale.ROOT,
                "   before the kill the %d shards ran %s%n",
                LimiterShards.COUNT,
                counts(shardsBefore, ""));
        out.printf(Locale.ROOT, "   %s%n", restarted());
        out.printf(
                Locale.ROOT,
                "   calls by name went on: %,d answered after the node-down; the last call that failed, %s%n",
                servedAfterDown.values().stream().mapToLong(Long::longValue).sum(),
                lastFailedAfter
                        .map(d -> String.format(Locale.ROOT, "%,d ms after the kill", d.toMillis()))
                        .orElse("none after the kill"));
    }

    /** {@return the restarts after the kill, in words, with the verdict on exactly once} */
    String restarted() {
        String lost = restarts.lost().size() + " shard" + (restarts.lost().size() == 1 ? "" : "s");
        if (restarts.exactlyOnce()) {
            return String.format(
                    Locale.ROOT,
                    "%s's %s (%s) started again exactly once each: %s; no other shard restarted;"
                            + " the last ran again %s after the kill",
                    killed,
                    lost,
                    String.join(
                            ", ",
                            LimiterShards.IDS.stream()
                                    .filter(restarts.lost()::containsKey)
                                    .toList()),
                    counts(restarts.restartedOn(), " on "),
                    millis(restarts.lastRunAfter().orElse(null)));
        }
        return String.format(
                Locale.ROOT,
                "NOT exactly once: %s's %s started again on %s; other shards started after the kill: %s",
                killed,
                lost,
                new TreeMap<>(restarts.lost()),
                restarts.others().isEmpty() ? "none" : new TreeMap<>(restarts.others()));
    }

    /** {@return "node-1 4, node-2 5"}, or with {@code between} " on ", "4 on node-1, 5 on node-2" */
    private static String counts(Map<String, Integer> byNode, String between) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(byNode)
                .forEach((node, count) -> parts.add(between.isEmpty() ? node + " " + count : count + between + node));
        return parts.isEmpty() ? "nowhere" : String.join(", ", parts);
    }

    private String answeredBy(String node, long count) {
        return node.equals(killed)
                ? String.format(Locale.ROOT, "%s %,d (until it was killed)", node, count)
                : node.equals("nowhere")
                        ? String.format(Locale.ROOT, "not found when called %,d", count)
                        : String.format(
                                Locale.ROOT,
                                "%s %,d (%,d after the node-down)",
                                node,
                                count,
                                servedAfterDown.getOrDefault(node, 0L));
    }

    private String detection() {
        List<String> parts = new ArrayList<>();
        Set<String> survivors = new TreeSet<>(joined);
        survivors.remove(killed);
        for (String node : survivors) {
            parts.add(String.format(Locale.ROOT, "%s %s", node, millis(nodeDownAfter.get(node))));
        }
        return String.join("; ", parts);
    }

    private static String millis(@Nullable Duration d) {
        return d == null ? "not seen" : String.format(Locale.ROOT, "%,d ms", d.toMillis());
    }
}
