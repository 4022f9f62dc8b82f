package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.examples.ClusterWire.ShardStarted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tally of the shards' starts: where each ran before a kill, and whether the lost ones came back once each. */
class ShardStartsTest {

    private static final long KILL = 10_000_000;
    private static final List<String> IDS = List.of("shard-0", "shard-1", "shard-2", "shard-3");

    /** Four shards, two on node-3, started before the kill. */
    private static ShardStarts before() {
        ShardStarts starts = new ShardStarts();
        starts.add(new ShardStarted("shard-0", "node-1", 1_000));
        starts.add(new ShardStarted("shard-1", "node-3", 1_100));
        starts.add(new ShardStarted("shard-2", "node-2", 1_200));
        starts.add(new ShardStarted("shard-3", "node-3", 1_300));
        return starts;
    }

    @Test
    void whereEachShardRanBeforeTheKillIsItsLastStartUpToThen() {
        ShardStarts starts = before();
        starts.add(new ShardStarted("shard-2", "node-1", 2_000)); // moved before the kill: it runs on node-1
        starts.add(new ShardStarted("shard-1", "node-2", KILL + 5)); // after the kill: not counted as before

        Map<String, String> running = starts.runningAt(KILL);

        assertThat(running)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("shard-0", "node-1", "shard-1", "node-3", "shard-2", "node-1", "shard-3", "node-3"));
        assertThat(ShardStarts.perNode(running)).isEqualTo(Map.of("node-1", 2, "node-3", 2));
    }

    @Test
    void eachLostShardStartedOnceOnASurvivorIsExactlyOnce() {
        ShardStarts starts = before();
        starts.add(new ShardStarted("shard-3", "node-2", KILL + 900_000));
        starts.add(new ShardStarted("shard-1", "node-1", KILL + 1_250_000));

        ShardStarts.Restarts restarts = starts.restarts(IDS, "node-3", KILL);

        assertThat(restarts.lost()).isEqualTo(Map.of("shard-1", List.of("node-1"), "shard-3", List.of("node-2")));
        assertThat(restarts.others()).isEmpty();
        assertThat(restarts.allBack()).isTrue();
        assertThat(restarts.exactlyOnce()).isTrue();
        assertThat(restarts.restartedOn()).isEqualTo(Map.of("node-1", 1, "node-2", 1));
        assertThat(restarts.lastRunAfter()).contains(Duration.ofMillis(1_250));
    }

    @Test
    void aLostShardStartedTwiceIsNotExactlyOnce() {
        ShardStarts starts = before();
        starts.add(new ShardStarted("shard-1", "node-1", KILL + 100));
        starts.add(new ShardStarted("shard-1", "node-2", KILL + 200));
        starts.add(new ShardStarted("shard-3", "node-2", KILL + 300));

        ShardStarts.Restarts restarts = starts.restarts(IDS, "node-3", KILL);

        assertThat(restarts.allBack()).isTrue();
        assertThat(restarts.exactlyOnce()).isFalse();
        assertThat(restarts.lost()).containsEntry("shard-1", List.of("node-1", "node-2"));
    }

    @Test
    void anotherShardRestartedAfterTheKillIsNotExactlyOnce() {
        ShardStarts starts = before();
        starts.add(new ShardStarted("shard-1", "node-1", KILL + 100));
        starts.add(new ShardStarted("shard-3", "node-2", KILL + 200));
        starts.add(new ShardStarted("shard-0", "node-2", KILL + 300)); // was on a survivor: it should not move

        ShardStarts.Restarts restarts = starts.restarts(IDS, "node-3", KILL);

        assertThat(restarts.others()).isEqualTo(Map.of("shard-0", List.of("node-2")));
        assertThat(restarts.exactlyOnce()).isFalse();
    }

    @Test
    void aLostShardNotYetBackIsNeitherBackNorExactlyOnce() {
        ShardStarts starts = before();
        starts.add(new ShardStarted("shard-1", "node-1", KILL + 100));

        ShardStarts.Restarts restarts = starts.restarts(IDS, "node-3", KILL);

        assertThat(restarts.lost()).containsEntry("shard-3", List.of());
        assertThat(restarts.allBack()).isFalse();
        assertThat(restarts.exactlyOnce()).isFalse();
        assertThat(restarts.lastRunAfter()).contains(Duration.ofNanos(100_000));
    }

    @Test
    void noStartAfterTheKillHasNoLastRunTime() {
        ShardStarts.Restarts restarts = before().restarts(IDS, "node-3", KILL);

        assertThat(restarts.lastRunAfter()).isEmpty();
        assertThat(restarts.allBack()).isFalse();
    }
}
