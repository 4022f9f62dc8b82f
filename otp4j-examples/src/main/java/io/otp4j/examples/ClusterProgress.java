package io.otp4j.examples;

import io.otp4j.examples.ClusterWire.Seen;
import io.otp4j.examples.ClusterWire.ShardStarted;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster demo's lines while the load runs: answers a second by the shards of each node each second, what the
 * nodes see, and the shards' starts.
 */
final class ClusterProgress {

    private final ClusterFigures figures;
    private final List<String> nodes;
    private final PrintStream out;
    private final long loadStart;
    private long last;
    private Map<String, Long> servedBefore = Map.of();
    private long failedBefore;

    ClusterProgress(ClusterFigures figures, List<String> nodes, PrintStream out, long loadStart) {
        this.figures = figures;
        this.nodes = List.copyOf(nodes);
        this.out = out;
        this.loadStart = loadStart;
        this.last = loadStart;
    }

    /**
     * Prints the answers a second of the shards of each node since the last line, from the nodes' latest reports, the failures
     * a second, and how many members node 1 sees.
     */
    void line(int members) {
        long now = System.nanoTime();
        double seconds = (now - last) / 1e9;
        last = now;
        Map<String, Long> served = figures.servedByShard();
        long failed =
                figures.failures().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder(
                String.format(Locale.ROOT, "   %5.1f s  answers/s by the shards on", (now - loadStart) / 1e9));
        for (String node : nodes) {
            long delta = served.getOrDefault(node, 0L) - servedBefore.getOrDefault(node, 0L);
            line.append(String.format(Locale.ROOT, "  %s %,7.0f", node, delta / seconds));
        }
        line.append(String.format(
                Locale.ROOT, "   failed/s %,5.0f   members %d", (failed - failedBefore) / seconds, members));
        out.println(line);
        servedBefore = served;
        failedBefore = failed;
    }

    /** Prints a shard's start, and when after the kill. */
    void started(ShardStarted started, long killMicros) {
        out.printf(
                Locale.ROOT,
                "             %s starts on %s, %,.0f ms after the kill%n",
                started.id(),
                started.node(),
                (started.epochMicros() - killMicros) / 1e3);
    }

    /** Prints what a node saw, and when after the kill. */
    void event(Seen seen, long killMicros) {
        out.printf(
                Locale.ROOT,
                "             %s sees %s %s, %,.0f ms after the kill%n",
                seen.node(),
                seen.event(),
                seen.about(),
                (seen.epochMicros() - killMicros) / 1e3);
    }
}
