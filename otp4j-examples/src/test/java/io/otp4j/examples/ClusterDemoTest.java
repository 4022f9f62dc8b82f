package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the cluster demo for a few seconds: this JVM's node and two child JVMs on 127.0.0.1, which the demo starts
 * and stops by their pids. The summary must show all three joined, the shards spread over them, the killed node
 * seen down by both survivors, each of its shards started again exactly once on a survivor and no other shard
 * restarted, and calls by name answered by the survivors' shards after that.
 */
class ClusterDemoTest {

    @Test
    @Timeout(90)
    void threeJvmsJoinOneIsKilledAndItsShardsRestartOnceEachOnTheTwoLeft() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClusterSummary summary =
                ClusterDemo.run(new Demo.Options(5, 2, true), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(summary.joined()).as(out).containsExactlyInAnyOrderElementsOf(ClusterDemo.NODES);
        assertThat(summary.killed()).isEqualTo("node-3");
        assertThat(summary.killedExit()).as("kill -9: 128 + SIGKILL").isEqualTo(137);
        List<String> survivors = List.of("node-1", "node-2");
        assertThat(summary.nodeDownAfter()).as(out).containsOnlyKeys(survivors);
        assertThat(summary.shardsBefore().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .as(out)
                .isEqualTo(LimiterShards.COUNT);
        assertThat(summary.shardsBefore().getOrDefault("node-3", 0))
                .as("node-3 ran shards before the kill%n%s", out)
                .isPositive();
        ShardStarts.Restarts restarts = summary.restarts();
        assertThat(restarts.lost()).as(out).hasSize(summary.shardsBefore().getOrDefault("node-3", 0));
        assertThat(restarts.exactlyOnce()).as(out).isTrue();
        assertThat(restarts.restartedOn().keySet()).as(out).isSubsetOf(survivors);
        assertThat(restarts.lastRunAfter()).as(out).isPresent();
        for (String survivor : survivors) {
            assertThat(summary.servedAfterDown().getOrDefault(survivor, 0L))
                    .as("%s's shards answered after the node-down%n%s", survivor, out)
                    .isPositive();
        }
        assertThat(summary.servedAfterDown()).as(out).doesNotContainKey("node-3");
        assertThat(summary.servedByShard().getOrDefault("node-3", 0L))
                .as("node-3's shards answered before the kill")
                .isPositive();
        assertThat(summary.failures().keySet()).as(out).isSubsetOf("noconnection", "noproc");
        assertThat(summary.allowed() + summary.refused())
                .isEqualTo(summary.servedByShard().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());

        assertThat(out)
                .contains("node-1 sees NodeUp node-2")
                .contains("node-1 sees NodeDown node-3")
                .containsPattern("shard-\\d+ starts on node-[12], [\\d,]+ ms after the kill")
                .contains("started again exactly once each")
                .contains("4. Summary, as measured")
                .containsPattern("node-2 \\(pid \\d+\\) exited with 0, node-3 \\(pid \\d+\\) exited with 137");
    }
}
